// Hostile documents: random byte edits of valid policies must parse, compile and evaluate or
// fail with MalformedPolicyDocument — never crash, throw or hang (run under ASan/UBSan too).

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "auth/policy/compiled_policy.h"
#include "auth/policy/evaluator.h"
#include "auth/policy/managed_policies.h"

namespace berth::auth::policy {
namespace {

const char* kSeeds[] = {
    R"({"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":["ecr:Get*","s3:?ut*"],
       "Resource":"arn:aws:s3:::home/${aws:username}/*","Condition":{"StringLike":{"s3:prefix":"${aws:username, 'x'}/*"},
       "IpAddress":{"aws:SourceIp":["10.0.0.0/8","2001:db8::/32"]},"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"},
       "ForAllValues:ArnLike":{"aws:SourceArn":"arn:aws:*:*:*:*"}}}]})",
    R"({"Version":"2008-10-17","Statement":{"Effect":"Deny","Principal":{"AWS":["111122223333",
       "arn:aws:iam::111122223333:role/ci"],"Service":"x.amazonaws.com"},"NotAction":"ecr:*",
       "Condition":{"Null":{"aws:TokenIssueTime":"true"},"NumericLessThan":{"s3:max-keys":[10,2.5]},
       "Bool":{"aws:SecureTransport":false},"BinaryEquals":{"k:b":"QmluYXJ5"}}}})",
};

TEST(Robustness, MutatedDocumentsNeverCrash) {
  std::mt19937 rng(20261207);
  const char alphabet[] = "{}[]\":,*?$\\ \n0aZ\xC3\xA9\xFF";
  RequestContext context;
  context.Add("aws:username", "alice");
  context.Add("s3:prefix", "alice/x");
  context.Add("aws:SourceIp", "10.1.1.1");
  context.Add("aws:CurrentTime", "2026-12-07T16:00:00Z");
  Caller caller{"arn:aws:iam::111122223333:user/alice", "111122223333", {}, {}};
  int compiled = 0;
  for (const char* seed : kSeeds) {
    for (int round = 0; round < 3000; ++round) {
      std::string text = seed;
      int edits = 1 + static_cast<int>(rng() % 4);
      for (int e = 0; e < edits && !text.empty(); ++e) {
        size_t at = rng() % text.size();
        switch (rng() % 3) {
          case 0:
            text[at] = alphabet[rng() % (sizeof(alphabet) - 1)];
            break;
          case 1:
            text.erase(at, 1 + rng() % 8);
            break;
          default:
            text.insert(at, 1, alphabet[rng() % (sizeof(alphabet) - 1)]);
        }
      }
      for (PolicyKind kind : {PolicyKind::kIdentity, PolicyKind::kResource}) {
        auto policy = CompiledPolicy::FromText(text, ParseOptions{kind, false}, "fuzz");
        if (!policy.ok()) {
          EXPECT_EQ(policy.error().code, "MalformedPolicyDocument") << text;
          continue;
        }
        ++compiled;
        const CompiledPolicy* identity[] = {policy->get()};
        PolicySet set;
        if (kind == PolicyKind::kIdentity) {
          set.identity = identity;
        } else {
          set.resource_policy = policy->get();
        }
        for (const char* action : {"ecr:GetAuthorizationToken", "s3:PutObject", "iam:X"}) {
          AuthorizationRequest request{action, "arn:aws:s3:::home/alice/f", caller, &context};
          (void)Evaluate(request, set).allowed();
        }
      }
    }
  }
  EXPECT_GT(compiled, 0);  // some edits leave a valid policy, so evaluation ran too
}

}  // namespace
}  // namespace berth::auth::policy
