// STS AssumeRole's decision: the role's trust policy and, unless it names the caller itself,
// the caller's identity-based policies.
#include <gtest/gtest.h>

#include "policy_test_util.h"

namespace berth::auth::policy {
namespace {

using testing::Alice;
using testing::MustCompile;

constexpr std::string_view kRole = "arn:aws:iam::111122223333:role/pusher";

std::string Trust(const std::string& principal, const std::string& extra = "") {
  return R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":")" +
         principal + R"("},"Action":"sts:AssumeRole")" + extra + "}]}";
}

Decision AskAssume(const std::vector<const CompiledPolicy*>& identity, const CompiledPolicy& trust,
                   const RequestContext* context = nullptr, Caller caller = Alice()) {
  AuthorizationRequest request{"sts:AssumeRole", kRole, caller, context};
  return EvaluateAssumeRole(request, identity, trust);
}

TEST(EvaluateAssumeRole, TrustNamingTheCallerIsEnoughAlone) {
  auto trust = MustCompile(Trust(std::string(testing::kUserArn)), PolicyKind::kTrust);
  EXPECT_TRUE(AskAssume({}, *trust).allowed());
}

TEST(EvaluateAssumeRole, TrustNamingTheAccountDelegatesToIdentityPolicies) {
  auto trust = MustCompile(Trust("arn:aws:iam::111122223333:root"), PolicyKind::kTrust);
  Decision without = AskAssume({}, *trust);
  EXPECT_EQ(without.outcome, Outcome::kImplicitDeny);
  EXPECT_EQ(without.missing, DecidedBy::kIdentity);
  auto may_assume = MustCompile(testing::OneStatement(
      R"("Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::111122223333:role/pusher")"));
  EXPECT_TRUE(AskAssume({may_assume.get()}, *trust).allowed());
  auto other_role = MustCompile(testing::OneStatement(
      R"("Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::111122223333:role/other")"));
  EXPECT_FALSE(AskAssume({other_role.get()}, *trust).allowed());
}

TEST(EvaluateAssumeRole, IdentityPoliciesCannotGrantWhatTheTrustPolicyDoesNot) {
  auto trust = MustCompile(Trust("arn:aws:iam::111122223333:user/bob"), PolicyKind::kTrust);
  auto admin = MustCompile(testing::OneStatement(R"("Effect":"Allow","Action":"*","Resource":"*")"));
  Decision d = AskAssume({admin.get()}, *trust);
  EXPECT_EQ(d.outcome, Outcome::kImplicitDeny);
  EXPECT_EQ(d.missing, DecidedBy::kResource);
}

TEST(EvaluateAssumeRole, AnExplicitDenyWins) {
  auto trust = MustCompile(Trust(std::string(testing::kUserArn)), PolicyKind::kTrust);
  auto deny = MustCompile(
      testing::OneStatement(R"("Effect":"Deny","Action":"sts:*","Resource":"*")"));
  EXPECT_EQ(AskAssume({deny.get()}, *trust).outcome, Outcome::kExplicitDeny);
}

TEST(EvaluateAssumeRole, ExternalIdConditionMustHold) {
  auto trust = MustCompile(
      Trust(std::string(testing::kUserArn),
            R"(,"Condition":{"StringEquals":{"sts:ExternalId":"s3cret-id"}})"),
      PolicyKind::kTrust);
  EXPECT_FALSE(AskAssume({}, *trust).allowed());
  RequestContext wrong = testing::Context({{"sts:ExternalId", "guess"}});
  EXPECT_FALSE(AskAssume({}, *trust, &wrong).allowed());
  RequestContext right = testing::Context({{"sts:ExternalId", "s3cret-id"}});
  EXPECT_TRUE(AskAssume({}, *trust, &right).allowed());
}

TEST(EvaluateAssumeRole, ARoleSessionIsNamedByItsRole) {
  auto trust = MustCompile(Trust("arn:aws:iam::111122223333:role/builder"), PolicyKind::kTrust);
  Caller session{"arn:aws:sts::111122223333:assumed-role/builder/ci", testing::kAccount,
                 "arn:aws:iam::111122223333:role/builder", {}};
  EXPECT_TRUE(AskAssume({}, *trust, nullptr, session).allowed());
}

}  // namespace
}  // namespace berth::auth::policy
