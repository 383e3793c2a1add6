// AWS's evaluation logic: explicit deny wins, identity or (same-account) resource allow,
// cross-account needs both, permissions boundaries, root and anonymous callers; and the
// decision's statement and AccessDenied wording.

#include "auth/policy/evaluator.h"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

#include "policy_test_util.h"

namespace berth::auth::policy {
namespace {

using testing::Alice;
using testing::Ask;
using testing::Context;
using testing::MustCompile;
using testing::OneStatement;

constexpr std::string_view kRepo = "arn:aws:ecr:us-east-1:111122223333:repository/team/app";
constexpr std::string_view kOtherRepo = "arn:aws:ecr:us-east-1:111122223333:repository/other";

// Identity-policy cases: one or more policies, one question, the outcome and reason.
struct IdentityCase {
  const char* name;
  std::vector<const char*> policies;  // statement members of one-statement policies
  const char* action;
  std::string_view resource;
  Outcome outcome;
  const char* sid;  // of the deciding statement ("" when none)
};

// Failures name the case rather than dumping its bytes.
void PrintTo(const IdentityCase& c, std::ostream* os) { *os << c.name; }

const IdentityCase kIdentityCases[] = {
    {"NoPoliciesImplicitDeny", {}, "ecr:PutImage", kRepo, Outcome::kImplicitDeny, ""},
    {"ExactActionAllows",
     {R"("Sid":"A","Effect":"Allow","Action":"ecr:PutImage","Resource":"*")"},
     "ecr:PutImage",
     kRepo,
     Outcome::kAllowed,
     "A"},
    {"OtherActionDoesNot",
     {R"("Sid":"A","Effect":"Allow","Action":"ecr:PutImage","Resource":"*")"},
     "ecr:DeleteRepository",
     kRepo,
     Outcome::kImplicitDeny,
     ""},
    {"ActionsIgnoreCase",
     {R"("Sid":"A","Effect":"Allow","Action":"ECR:putimage","Resource":"*")"},
     "ecr:PutImage",
     kRepo,
     Outcome::kAllowed,
     "A"},
    {"ActionWildcard",
     {R"("Sid":"A","Effect":"Allow","Action":"ecr:Batch*","Resource":"*")"},
     "ecr:BatchGetImage",
     kRepo,
     Outcome::kAllowed,
     "A"},
    {"ActionQuestionMark",
     {R"("Sid":"A","Effect":"Allow","Action":"ecr:?etRepositoryPolicy","Resource":"*")"},
     "ecr:SetRepositoryPolicy",
     kRepo,
     Outcome::kAllowed,
     "A"},
    {"StarAction",
     {R"("Sid":"A","Effect":"Allow","Action":"*","Resource":"*")"},
     "iam:ListUsers",
     "*",
     Outcome::kAllowed,
     "A"},
    {"ResourceWildcard",
     {R"("Sid":"A","Effect":"Allow","Action":"ecr:*","Resource":"arn:aws:ecr:*:111122223333:repository/team/*")"},
     "ecr:PutImage",
     kRepo,
     Outcome::kAllowed,
     "A"},
    {"ResourceWildcardOtherRepo",
     {R"("Sid":"A","Effect":"Allow","Action":"ecr:*","Resource":"arn:aws:ecr:*:111122223333:repository/team/*")"},
     "ecr:PutImage",
     kOtherRepo,
     Outcome::kImplicitDeny,
     ""},
    {"ResourcesAreCaseSensitive",
     {R"("Sid":"A","Effect":"Allow","Action":"ecr:*","Resource":"arn:aws:ecr:*:*:repository/TEAM/*")"},
     "ecr:PutImage",
     kRepo,
     Outcome::kImplicitDeny,
     ""},
    {"ResourceArnDoesNotMatchStarResource",
     {R"("Sid":"A","Effect":"Allow","Action":"ecr:*","Resource":"arn:aws:ecr:*:*:repository/*")"},
     "ecr:GetAuthorizationToken",
     "*",
     Outcome::kImplicitDeny,
     ""},
    {"ResourceList",
     {R"("Sid":"A","Effect":"Allow","Action":"ecr:*","Resource":["arn:aws:ecr:*:*:repository/x",
        "arn:aws:ecr:*:*:repository/other"])"},
     "ecr:PutImage",
     kOtherRepo,
     Outcome::kAllowed,
     "A"},
    {"ExplicitDenyWins",
     {R"("Sid":"All","Effect":"Allow","Action":"ecr:*","Resource":"*")",
      R"("Sid":"NoDelete","Effect":"Deny","Action":"ecr:Delete*","Resource":"*")"},
     "ecr:DeleteRepository",
     kRepo,
     Outcome::kExplicitDeny,
     "NoDelete"},
    {"DenyElsewhereDoesNotApply",
     {R"("Sid":"All","Effect":"Allow","Action":"ecr:*","Resource":"*")",
      R"("Sid":"NoDelete","Effect":"Deny","Action":"ecr:Delete*","Resource":"*")"},
     "ecr:PutImage",
     kRepo,
     Outcome::kAllowed,
     "All"},
    {"DenyWithUnmetConditionDoesNotApply",
     {R"("Sid":"All","Effect":"Allow","Action":"ecr:*","Resource":"*")",
      R"("Sid":"Tls","Effect":"Deny","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}})"},
     "ecr:PutImage",
     kRepo,
     Outcome::kAllowed,
     "All"},
    {"AllowWithUnmetConditionDoesNotApply",
     {R"("Sid":"A","Effect":"Allow","Action":"ecr:*","Resource":"*","Condition":{"StringEquals":{"aws:username":"bob"}})"},
     "ecr:PutImage",
     kRepo,
     Outcome::kImplicitDeny,
     ""},
    {"NotActionAllowsTheRest",
     {R"("Sid":"A","Effect":"Allow","NotAction":"iam:*","Resource":"*")"},
     "ecr:PutImage",
     kRepo,
     Outcome::kAllowed,
     "A"},
    {"NotActionExcludes",
     {R"("Sid":"A","Effect":"Allow","NotAction":"iam:*","Resource":"*")"},
     "iam:CreateUser",
     "*",
     Outcome::kImplicitDeny,
     ""},
    {"NotResourceDenyOutside",
     {R"("Sid":"All","Effect":"Allow","Action":"ecr:*","Resource":"*")",
      R"("Sid":"OnlyTeam","Effect":"Deny","Action":"ecr:*","NotResource":"arn:aws:ecr:*:*:repository/team/*")"},
     "ecr:PutImage",
     kOtherRepo,
     Outcome::kExplicitDeny,
     "OnlyTeam"},
    {"NotResourceDenyInside",
     {R"("Sid":"All","Effect":"Allow","Action":"ecr:*","Resource":"*")",
      R"("Sid":"OnlyTeam","Effect":"Deny","Action":"ecr:*","NotResource":"arn:aws:ecr:*:*:repository/team/*")"},
     "ecr:PutImage",
     kRepo,
     Outcome::kAllowed,
     "All"},
    {"VariableInResource",
     {R"("Sid":"Home","Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::home/${aws:username}/*")"},
     "s3:GetObject",
     "arn:aws:s3:::home/alice/notes.txt",
     Outcome::kAllowed,
     "Home"},
    {"VariableInResourceOtherUser",
     {R"("Sid":"Home","Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::home/${aws:username}/*")"},
     "s3:GetObject",
     "arn:aws:s3:::home/bob/notes.txt",
     Outcome::kImplicitDeny,
     ""},
};

class IdentityPolicies : public ::testing::TestWithParam<IdentityCase> {};

TEST_P(IdentityPolicies, Decide) {
  const IdentityCase& c = GetParam();
  std::vector<std::shared_ptr<const CompiledPolicy>> owned;
  std::vector<const CompiledPolicy*> policies;
  for (const char* statement : c.policies) {
    owned.push_back(MustCompile(OneStatement(statement)));
    ASSERT_NE(owned.back(), nullptr);
    policies.push_back(owned.back().get());
  }
  RequestContext context = Context({{"aws:username", "alice"}, {"aws:SecureTransport", "true"}});
  Decision d = Ask(policies, c.action, c.resource, &context);
  EXPECT_EQ(d.outcome, c.outcome);
  EXPECT_EQ(d.statement ? d.statement->sid : "", c.sid);
  if (d.outcome != Outcome::kImplicitDeny) {
    EXPECT_EQ(d.by, DecidedBy::kIdentity);
    ASSERT_NE(d.policy, nullptr);
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, IdentityPolicies, ::testing::ValuesIn(kIdentityCases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Evaluate, VariablesAreTextInTheOldLanguageVersion) {
  auto policy = MustCompile(
      R"({"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"s3:*",
          "Resource":"arn:aws:s3:::home/${aws:username}/*"}})");
  RequestContext context = Context({{"aws:username", "alice"}});
  EXPECT_FALSE(
      Ask({policy.get()}, "s3:GetObject", "arn:aws:s3:::home/alice/x", &context).allowed());
  EXPECT_TRUE(Ask({policy.get()}, "s3:GetObject", "arn:aws:s3:::home/${aws:username}/x", &context)
                  .allowed());
}

TEST(Evaluate, ReportsTheDenyingPolicy) {
  auto allow = MustCompile(OneStatement(R"("Effect":"Allow","Action":"*","Resource":"*")"),
                           PolicyKind::kIdentity, "arn:aws:iam::aws:policy/AdministratorAccess");
  auto deny = MustCompile(OneStatement(R"("Effect":"Deny","Action":"ecr:*","Resource":"*")"),
                          PolicyKind::kIdentity, "no-ecr");
  Decision d = Ask({allow.get(), deny.get()}, "ecr:PutImage", kRepo);
  EXPECT_EQ(d.outcome, Outcome::kExplicitDeny);
  ASSERT_NE(d.policy, nullptr);
  EXPECT_EQ(d.policy->name(), "no-ecr");
  EXPECT_EQ(d.statement->index, 0);
}

TEST(DenialMessage, IsWordedAsAws) {
  Decision implicit = Ask({}, "ecr:CreateRepository", kRepo);
  EXPECT_EQ(implicit.DenialMessage(testing::kUserArn, "ecr:CreateRepository", kRepo),
            "User: arn:aws:iam::111122223333:user/alice is not authorized to perform: "
            "ecr:CreateRepository on resource: "
            "arn:aws:ecr:us-east-1:111122223333:repository/team/app because no identity-based "
            "policy allows the ecr:CreateRepository action");
  auto deny = MustCompile(OneStatement(R"("Effect":"Deny","Action":"*","Resource":"*")"));
  Decision explicit_deny = Ask({deny.get()}, "s3:ListAllMyBuckets", "*");
  EXPECT_EQ(explicit_deny.DenialMessage(testing::kUserArn, "s3:ListAllMyBuckets", ""),
            "User: arn:aws:iam::111122223333:user/alice is not authorized to perform: "
            "s3:ListAllMyBuckets with an explicit deny in an identity-based policy");
  EXPECT_EQ(Decision{}.Reason("x:Y"), "because no identity-based policy allows the x:Y action");
}

// ----- resource-based policies -----

const char* kRepositoryPolicy = R"({"Version":"2012-10-17","Statement":[
  {"Sid":"AliceAndCi","Effect":"Allow",
   "Principal":{"AWS":["arn:aws:iam::111122223333:user/alice","arn:aws:iam::111122223333:role/ci"]},
   "Action":["ecr:BatchGetImage","ecr:PutImage"]},
  {"Sid":"PartnerPull","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},
   "Action":"ecr:BatchGetImage"},
  {"Sid":"Office","Effect":"Deny","Principal":"*","Action":"ecr:*",
   "Condition":{"NotIpAddress":{"aws:SourceIp":["10.0.0.0/8","127.0.0.1"]}}}]})";

Decision AskRepository(const Caller& caller, std::string_view action,
                       const std::vector<const CompiledPolicy*>& identity,
                       const CompiledPolicy* repository, std::string_view source_ip = "10.1.2.3",
                       const CompiledPolicy* boundary = nullptr) {
  RequestContext context = Context({{"aws:SourceIp", std::string(source_ip)}});
  AuthorizationRequest request{action, kRepo, caller, &context};
  PolicySet set;
  set.identity = identity;
  set.resource_policy = repository;
  set.resource_account = testing::kAccount;
  set.permissions_boundary = boundary;
  return Evaluate(request, set);
}

TEST(ResourcePolicy, AllowsANamedUserOfTheSameAccountWithoutIdentityPolicy) {
  auto repo = MustCompile(kRepositoryPolicy, PolicyKind::kResource, "repository policy");
  Decision d = AskRepository(Alice(), "ecr:PutImage", {}, repo.get());
  EXPECT_EQ(d.outcome, Outcome::kAllowed);
  EXPECT_EQ(d.by, DecidedBy::kResource);
  EXPECT_EQ(d.statement->sid, "AliceAndCi");
}

TEST(ResourcePolicy, DoesNotAllowAnotherUserOrAnotherAction) {
  auto repo = MustCompile(kRepositoryPolicy, PolicyKind::kResource);
  Caller bob{"arn:aws:iam::111122223333:user/bob", testing::kAccount, {}, {}};
  EXPECT_EQ(AskRepository(bob, "ecr:PutImage", {}, repo.get()).outcome, Outcome::kImplicitDeny);
  EXPECT_EQ(AskRepository(Alice(), "ecr:DeleteRepository", {}, repo.get()).outcome,
            Outcome::kImplicitDeny);
}

TEST(ResourcePolicy, NamesARoleToMatchItsSessions) {
  auto repo = MustCompile(kRepositoryPolicy, PolicyKind::kResource);
  Caller session{"arn:aws:sts::111122223333:assumed-role/ci/build-42",
                 testing::kAccount,
                 "arn:aws:iam::111122223333:role/ci",
                 {}};
  EXPECT_TRUE(AskRepository(session, "ecr:PutImage", {}, repo.get()).allowed());
}

TEST(ResourcePolicy, ExplicitDenyOverridesIdentityAllow) {
  auto repo = MustCompile(kRepositoryPolicy, PolicyKind::kResource);
  auto admin = MustCompile(OneStatement(R"("Effect":"Allow","Action":"*","Resource":"*")"));
  Decision d =
      AskRepository(Alice(), "ecr:BatchGetImage", {admin.get()}, repo.get(), "203.0.113.9");
  EXPECT_EQ(d.outcome, Outcome::kExplicitDeny);
  EXPECT_EQ(d.by, DecidedBy::kResource);
  EXPECT_EQ(d.statement->sid, "Office");
  EXPECT_EQ(d.Reason("ecr:BatchGetImage"), "with an explicit deny in a resource-based policy");
}

TEST(ResourcePolicy, CrossAccountNeedsBothSides) {
  auto repo = MustCompile(kRepositoryPolicy, PolicyKind::kResource);
  auto pull =
      MustCompile(OneStatement(R"("Effect":"Allow","Action":"ecr:BatchGetImage","Resource":"*")"));
  Caller partner{"arn:aws:iam::444455556666:user/carol", "444455556666", {}, {}};
  // Both allow.
  Decision both = AskRepository(partner, "ecr:BatchGetImage", {pull.get()}, repo.get());
  EXPECT_TRUE(both.allowed());
  EXPECT_EQ(both.by, DecidedBy::kResource);
  // The repository allows, the caller's own account does not.
  Decision no_identity = AskRepository(partner, "ecr:BatchGetImage", {}, repo.get());
  EXPECT_EQ(no_identity.outcome, Outcome::kImplicitDeny);
  EXPECT_EQ(no_identity.Reason("ecr:BatchGetImage"),
            "because no identity-based policy allows the ecr:BatchGetImage action");
  // The caller's account allows, the repository does not grant that action.
  auto push = MustCompile(OneStatement(R"("Effect":"Allow","Action":"ecr:*","Resource":"*")"));
  Decision no_resource = AskRepository(partner, "ecr:PutImage", {push.get()}, repo.get());
  EXPECT_EQ(no_resource.outcome, Outcome::kImplicitDeny);
  EXPECT_EQ(no_resource.Reason("ecr:PutImage"),
            "because no resource-based policy allows the ecr:PutImage action");
  // No repository policy at all.
  EXPECT_FALSE(AskRepository(partner, "ecr:BatchGetImage", {pull.get()}, nullptr).allowed());
}

TEST(ResourcePolicy, NamingAnAccountCoversItsUsersOnly) {
  auto repo = MustCompile(R"({"Version":"2012-10-17","Statement":{"Effect":"Allow",
      "Principal":{"AWS":"111122223333"},"Action":"ecr:BatchGetImage"}})",
                          PolicyKind::kResource);
  EXPECT_TRUE(AskRepository(Alice(), "ecr:BatchGetImage", {}, repo.get()).allowed());
  Caller stranger{"arn:aws:iam::999999999999:user/eve", "999999999999", {}, {}};
  auto any = MustCompile(OneStatement(R"("Effect":"Allow","Action":"*","Resource":"*")"));
  EXPECT_FALSE(AskRepository(stranger, "ecr:BatchGetImage", {any.get()}, repo.get()).allowed());
}

TEST(ResourcePolicy, PublicReadAllowsAnonymousCallers) {
  auto repo = MustCompile(R"({"Version":"2008-10-17","Statement":{"Sid":"public","Effect":"Allow",
      "Principal":"*","Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]}})",
                          PolicyKind::kResource);
  Caller anonymous;
  EXPECT_TRUE(AskRepository(anonymous, "ecr:BatchGetImage", {}, repo.get()).allowed());
  EXPECT_FALSE(AskRepository(anonymous, "ecr:PutImage", {}, repo.get()).allowed());
  EXPECT_FALSE(AskRepository(anonymous, "ecr:BatchGetImage", {}, nullptr).allowed());
}

TEST(ResourcePolicy, NotPrincipalDeniesEveryoneElse) {
  auto repo = MustCompile(R"({"Version":"2012-10-17","Statement":[
      {"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"ecr:*"},
      {"Sid":"OnlyAlice","Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:user/alice"},
       "Action":"ecr:PutImage"}]})",
                          PolicyKind::kResource);
  EXPECT_TRUE(AskRepository(Alice(), "ecr:PutImage", {}, repo.get()).allowed());
  Caller bob{"arn:aws:iam::111122223333:user/bob", testing::kAccount, {}, {}};
  Decision d = AskRepository(bob, "ecr:PutImage", {}, repo.get());
  EXPECT_EQ(d.outcome, Outcome::kExplicitDeny);
  EXPECT_EQ(d.statement->sid, "OnlyAlice");
}

TEST(ResourcePolicy, AllowsAServicePrincipal) {
  auto repo = MustCompile(R"({"Version":"2012-10-17","Statement":{"Effect":"Allow",
      "Principal":{"Service":"codebuild.amazonaws.com"},"Action":"ecr:BatchGetImage"}})",
                          PolicyKind::kResource);
  Caller codebuild{{}, {}, {}, "codebuild.amazonaws.com"};
  EXPECT_TRUE(AskRepository(codebuild, "ecr:BatchGetImage", {}, repo.get()).allowed());
  Caller lambda{{}, {}, {}, "lambda.amazonaws.com"};
  EXPECT_FALSE(AskRepository(lambda, "ecr:BatchGetImage", {}, repo.get()).allowed());
}

TEST(Root, IsAllowedInItsAccountButBoundByResourcePolicyDenies) {
  Caller root{"arn:aws:iam::111122223333:root", testing::kAccount, {}, {}};
  Decision d = AskRepository(root, "ecr:DeleteRepository", {}, nullptr);
  EXPECT_TRUE(d.allowed());
  EXPECT_EQ(d.by, DecidedBy::kRoot);
  auto repo = MustCompile(kRepositoryPolicy, PolicyKind::kResource);
  EXPECT_EQ(AskRepository(root, "ecr:BatchGetImage", {}, repo.get(), "203.0.113.9").outcome,
            Outcome::kExplicitDeny);
}

TEST(Root, OfAnotherAccountNeedsTheResourcePolicy) {
  auto repo = MustCompile(kRepositoryPolicy, PolicyKind::kResource);
  Caller partner_root{"arn:aws:iam::444455556666:root", "444455556666", {}, {}};
  EXPECT_TRUE(AskRepository(partner_root, "ecr:BatchGetImage", {}, repo.get()).allowed());
  EXPECT_FALSE(AskRepository(partner_root, "ecr:PutImage", {}, repo.get()).allowed());
}

// ----- permissions boundaries -----

TEST(PermissionsBoundary, CapsIdentityPermissions) {
  auto admin = MustCompile(OneStatement(R"("Effect":"Allow","Action":"ecr:*","Resource":"*")"));
  auto boundary = MustCompile(OneStatement(
      R"("Effect":"Allow","Action":["ecr:BatchGetImage","ecr:Describe*"],"Resource":"*")"));
  EXPECT_TRUE(AskRepository(Alice(), "ecr:BatchGetImage", {admin.get()}, nullptr, "10.0.0.1",
                            boundary.get())
                  .allowed());
  Decision d =
      AskRepository(Alice(), "ecr:PutImage", {admin.get()}, nullptr, "10.0.0.1", boundary.get());
  EXPECT_EQ(d.outcome, Outcome::kImplicitDeny);
  EXPECT_EQ(d.Reason("ecr:PutImage"),
            "because no permissions boundary allows the ecr:PutImage action");
}

TEST(PermissionsBoundary, DoesNotGrantByItself) {
  auto boundary = MustCompile(OneStatement(R"("Effect":"Allow","Action":"*","Resource":"*")"));
  EXPECT_FALSE(
      AskRepository(Alice(), "ecr:PutImage", {}, nullptr, "10.0.0.1", boundary.get()).allowed());
}

TEST(PermissionsBoundary, DenyInItIsExplicit) {
  auto admin = MustCompile(OneStatement(R"("Effect":"Allow","Action":"*","Resource":"*")"));
  auto boundary = MustCompile(R"({"Version":"2012-10-17","Statement":[
      {"Effect":"Allow","Action":"*","Resource":"*"},
      {"Effect":"Deny","Action":"ecr:Delete*","Resource":"*"}]})");
  Decision d = AskRepository(Alice(), "ecr:DeleteRepository", {admin.get()}, nullptr, "10.0.0.1",
                             boundary.get());
  EXPECT_EQ(d.outcome, Outcome::kExplicitDeny);
  EXPECT_EQ(d.by, DecidedBy::kBoundary);
  EXPECT_EQ(d.Reason("ecr:DeleteRepository"), "with an explicit deny in a permissions boundary");
}

TEST(PermissionsBoundary, DoesNotCapAResourcePolicyNamingTheUser) {
  auto repo = MustCompile(kRepositoryPolicy, PolicyKind::kResource);
  auto boundary = MustCompile(OneStatement(R"("Effect":"Allow","Action":"logs:*","Resource":"*")"));
  EXPECT_TRUE(
      AskRepository(Alice(), "ecr:PutImage", {}, repo.get(), "10.0.0.1", boundary.get()).allowed());
}

TEST(PermissionsBoundary, CapsAResourcePolicyNamingOnlyTheAccount) {
  auto repo = MustCompile(R"({"Version":"2012-10-17","Statement":[
      {"Sid":"Account","Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"ecr:*"},
      {"Sid":"Alice","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/alice"},
       "Action":"ecr:PutImage"}]})",
                          PolicyKind::kResource);
  auto boundary = MustCompile(OneStatement(R"("Effect":"Allow","Action":"logs:*","Resource":"*")"));
  // The first applicable Allow names the account; a later one names Alice herself.
  EXPECT_TRUE(
      AskRepository(Alice(), "ecr:PutImage", {}, repo.get(), "10.0.0.1", boundary.get()).allowed());
  Decision d =
      AskRepository(Alice(), "ecr:BatchGetImage", {}, repo.get(), "10.0.0.1", boundary.get());
  EXPECT_EQ(d.outcome, Outcome::kImplicitDeny);
  EXPECT_EQ(d.missing, DecidedBy::kBoundary);
}

}  // namespace
}  // namespace berth::auth::policy
