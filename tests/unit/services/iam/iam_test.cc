// The IAM store (SQLite, in a temp dir) and the PolicyAuthorizer over it: no server, no wire.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "auth/credential_store.h"
#include "auth/policy/compiled_policy.h"
#include "core/clock.h"
#include "services/iam/authorizer/policy_authorizer.h"
#include "services/iam/iam_service.h"
#include "store/database.h"

namespace berth::services::iam {
namespace {

namespace policy = auth::policy;

constexpr char kReadOnly[] = "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly";
constexpr char kAccount[] = "123456789012";  // the bootstrap account (SetUp)
constexpr char kRepo[] = "arn:aws:ecr:us-east-1:123456789012:repository/app";

std::string Doc(std::string_view effect, std::string_view action, std::string_view resource = "*") {
  return R"({"Version":"2012-10-17","Statement":[{"Effect":")" + std::string(effect) +
         R"(","Action":")" + std::string(action) + R"(","Resource":")" + std::string(resource) +
         R"("}]})";
}

// Resource policies by ARN, set by the test.
class FakeResources final : public ResourcePolicySource {
 public:
  std::shared_ptr<const policy::CompiledPolicy> Find(std::string_view arn) override {
    auto it = policies.find(std::string(arn));
    return it == policies.end() ? nullptr : it->second;
  }
  std::map<std::string, std::shared_ptr<const policy::CompiledPolicy>> policies;
};

class IamTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = ::testing::TempDir() + "berth_iam_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name();
    ASSERT_EQ(std::system(("rm -rf '" + root_ + "' && mkdir -p '" + root_ + "'").c_str()), 0);
    store::Database::Options options;
    options.path = root_ + "/berth.db";
    db_ = std::move(*store::Database::Open(options));
    credentials_ = std::move(*auth::CredentialStore::Open(*db_, std::string(32, 'k')));
    // The bootstrap account gets the id the tests' ARNs name.
    ASSERT_TRUE(db_->Write([](store::Connection& c) {
                     return c.Exec("INSERT INTO accounts(id, created_at) "
                                   "VALUES ('123456789012', 0)");
                   }).ok());
    iam_ = std::move(*IamService::Open(*db_, *credentials_, clock_));
    authorizer_ = std::make_unique<PolicyAuthorizer>(iam_->store(), &resources_);
    iam_->OnChange([this] { authorizer_->Invalidate(); });
  }
  void TearDown() override { std::system(("rm -rf '" + root_ + "'").c_str()); }

  auth::Principal MakeUser(const std::string& name) {
    auto user = credentials_->CreateUser(kAccount, name);
    EXPECT_TRUE(user.ok());
    iam_->Changed();
    auth::Principal p;
    p.type = auth::PrincipalType::kIamUser;
    p.account_id = user->account_id;
    p.user_name = name;
    p.principal_id = user->user_id;
    p.arn = user->arn;
    return p;
  }

  std::optional<pipeline::Denial> Check(const auth::Principal& p, std::string_view action,
                                        std::string_view resource = {}) {
    std::vector<pipeline::ResourceRef> refs;
    if (!resource.empty()) refs.push_back({"AWS::ECR::Repository", std::string(resource)});
    pipeline::AccessRequest request{.principal = p,
                                    .action = action,
                                    .resources = refs,
                                    .source_ip = "127.0.0.1",
                                    .now = clock_.Now()};
    return authorizer_->Check(request);
  }

  void Attach(OwnerKind kind, std::string_view owner, std::string_view arn) {
    ASSERT_TRUE(iam_->store().Attach(kAccount, kind, owner, arn).ok());
    iam_->Changed();
  }
  void PutInline(OwnerKind kind, std::string_view owner, std::string name, std::string doc) {
    ASSERT_TRUE(iam_->store().PutInline(kAccount, kind, owner, {std::move(name),
        std::move(doc)}, {}).ok());
    iam_->Changed();
  }

  std::string root_;
  FakeClock clock_{FromMillis(1'800'000'000'000)};
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<auth::CredentialStore> credentials_;
  std::unique_ptr<IamService> iam_;
  FakeResources resources_;
  std::unique_ptr<PolicyAuthorizer> authorizer_;
};

Group NewGroup(std::string name) {
  Group g;
  g.name = std::move(name);
  g.group_id = auth::NewUniqueId("AGPA");
  g.arn = "arn:aws:iam::123456789012:group/" + g.name;
  return g;
}

CustomerPolicy NewPolicy(std::string name) {
  CustomerPolicy p;
  p.name = std::move(name);
  p.policy_id = auth::NewUniqueId("ANPA");
  p.arn = "arn:aws:iam::123456789012:policy/" + p.name;
  return p;
}

// --- the store ---

TEST_F(IamTest, GroupsMembersAndDeleteConflicts) {
  MakeUser("alice");
  ASSERT_TRUE(iam_->store().CreateGroup(kAccount, NewGroup("devs")).ok());
  EXPECT_EQ(iam_->store().CreateGroup(kAccount, NewGroup("DEVS")).error().code,
      "EntityAlreadyExists");
  EXPECT_EQ(iam_->store().AddUserToGroup(kAccount, "devs", "bob").error().code, "NoSuchEntity");
  EXPECT_EQ(iam_->store().AddUserToGroup(kAccount, "nope", "alice").error().code, "NoSuchEntity");
  ASSERT_TRUE(iam_->store().AddUserToGroup(kAccount, "devs", "alice").ok());
  ASSERT_TRUE(iam_->store().AddUserToGroup(kAccount, "devs", "alice").ok());  // no change
  EXPECT_EQ(iam_->store().ListGroupMembers(kAccount, "devs")->size(), 1u);
  EXPECT_EQ(iam_->store().ListGroupsForUser(kAccount, "alice")->at(0).name, "devs");
  EXPECT_EQ(iam_->store().DeleteGroup(kAccount, "devs").error().code, "DeleteConflict");
  // The user cannot go while in a group.
  Status deleted = credentials_->DeleteUser(kAccount, 
      "alice", [&](store::Connection& c) { return iam_->store().CheckUserDeletable(c, kAccount,
          "alice"); });
  EXPECT_EQ(deleted.error().code, "DeleteConflict");
  ASSERT_TRUE(iam_->store().RemoveUserFromGroup(kAccount, "devs", "alice").ok());
  EXPECT_EQ(iam_->store().RemoveUserFromGroup(kAccount, "devs", "alice").error().code,
      "NoSuchEntity");
  EXPECT_TRUE(iam_->store().DeleteGroup(kAccount, "devs").ok());
  EXPECT_EQ(iam_->store().GetGroup(kAccount, "devs").error().code, "NoSuchEntity");
}

TEST_F(IamTest, PolicyVersionsQuotaAndDefault) {
  const CustomerPolicy p = NewPolicy("pol");
  ASSERT_TRUE(iam_->store().CreatePolicy(kAccount, p, Doc("Allow", "ecr:A")).ok());
  EXPECT_EQ(iam_->store().CreatePolicy(kAccount, p, Doc("Allow", "ecr:A")).error().code,
            "EntityAlreadyExists");
  for (int i = 2; i <= kMaxPolicyVersions; ++i) {
    auto v = iam_->store().CreatePolicyVersion(p.arn, Doc("Allow", "ecr:B"), false, 1);
    ASSERT_TRUE(v.ok());
    EXPECT_EQ(v->version, i);
  }
  EXPECT_EQ(iam_->store().CreatePolicyVersion(p.arn, Doc("Allow", "ecr:C"), false, 1).error().code,
            "LimitExceeded");
  EXPECT_EQ(iam_->store().DeletePolicyVersion(p.arn, 1).error().code, "DeleteConflict");
  ASSERT_TRUE(iam_->store().SetDefaultPolicyVersion(p.arn, 3, 2).ok());
  EXPECT_EQ(iam_->store().SetDefaultPolicyVersion(p.arn, 9, 2).error().code, "NoSuchEntity");
  EXPECT_EQ(iam_->store().GetPolicy(p.arn)->default_version, 3);
  ASSERT_TRUE(iam_->store().DeletePolicyVersion(p.arn, 1).ok());
  // A new version takes the next number, never a freed one.
  EXPECT_EQ(iam_->store().CreatePolicyVersion(p.arn, Doc("Allow", "ecr:D"), true, 3)->version, 6);
  EXPECT_EQ(iam_->store().DeletePolicy(p.arn).error().code, "DeleteConflict");
}

TEST_F(IamTest, AttachmentsQuotaAndInlineSizeQuota) {
  MakeUser("alice");
  for (int i = 0; i < kMaxAttachedPolicies; ++i) {
    ASSERT_TRUE(iam_->store().Attach(kAccount, OwnerKind::kUser, "alice",
        "arn:x:" + std::to_string(i)).ok());
  }
  EXPECT_EQ(iam_->store().Attach(kAccount, OwnerKind::kUser, "alice", "arn:x:more").error().code,
            "LimitExceeded");
  EXPECT_EQ(iam_->store().Detach(kAccount, OwnerKind::kUser, "alice", "arn:x:more").error().code,
            "NoSuchEntity");
  EXPECT_EQ(iam_->store().Attach(kAccount, OwnerKind::kUser, "bob", "arn:x:1").error().code,
      "NoSuchEntity");
  // The check runs inside the transaction: over quota, nothing is kept.
  const std::string big = Doc("Allow", std::string(2100, 'a'));
  Status put = iam_->store().PutInline(kAccount, OwnerKind::kUser, "alice", {"big", big},
                                       [](const std::vector<std::string>& all) {
                                         return all.size() == 1 && all[0].size() > 2048
                                                    ? Status(Error{"LimitExceeded", "too big", 409})
                                                    : Ok();
                                       });
  EXPECT_EQ(put.error().code, "LimitExceeded");
  EXPECT_TRUE(iam_->store().ListInline(kAccount, OwnerKind::kUser, "alice")->empty());
}

TEST_F(IamTest, RenamingAUserCarriesItsPoliciesAndKeys) {
  MakeUser("alice");
  auto key = credentials_->CreateAccessKey(kAccount, "alice");
  ASSERT_TRUE(key.ok());
  Attach(OwnerKind::kUser, "alice", kReadOnly);
  ASSERT_TRUE(credentials_
                  ->UpdateUser(kAccount, "alice", "carol", std::nullopt,
                               [&](store::Connection& c) {
                                 return iam_->store().RenameUser(c, kAccount, "alice", "carol");
                               })
                  .ok());
  EXPECT_EQ(*iam_->store().ListAttached(kAccount, OwnerKind::kUser, "carol"),
            std::vector<std::string>{kReadOnly});
  auto found = credentials_->FindAccessKey(key->access_key_id);
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->principal.user_name, "carol");
}

TEST_F(IamTest, AnInactiveKeyIsForgottenAtOnce) {
  MakeUser("alice");
  auto key = credentials_->CreateAccessKey(kAccount, "alice");
  ASSERT_TRUE(credentials_->FindAccessKey(key->access_key_id)->has_value());  // cached
  ASSERT_TRUE(credentials_->UpdateAccessKey(kAccount, "alice", key->access_key_id,
      "Inactive").ok());
  EXPECT_FALSE(credentials_->FindAccessKey(key->access_key_id)->has_value());
  EXPECT_EQ(credentials_->UpdateAccessKey(kAccount, "bob", key->access_key_id,
      "Active").error().code,
            "NoSuchEntity");
  ASSERT_TRUE(credentials_->UpdateAccessKey(kAccount, "alice", key->access_key_id, "Active").ok());
  EXPECT_TRUE(credentials_->FindAccessKey(key->access_key_id)->has_value());
  ASSERT_TRUE(credentials_->DeleteAccessKey(kAccount, "alice", key->access_key_id).ok());
  EXPECT_FALSE(credentials_->FindAccessKey(key->access_key_id)->has_value());
}

// --- the authorizer ---

TEST_F(IamTest, ANewUserMayDoNothing) {
  const auth::Principal alice = MakeUser("alice");
  auto denial = Check(alice, "ecr:DescribeRepositories");
  ASSERT_TRUE(denial.has_value());
  EXPECT_EQ(denial->reason, pipeline::DenialReason::kNoIdentityPolicyAllows);
  EXPECT_EQ(denial->resource, "");
}

TEST_F(IamTest, AttachedManagedPolicyAllowsItsActionsOnly) {
  const auth::Principal alice = MakeUser("alice");
  Attach(OwnerKind::kUser, "alice", kReadOnly);
  EXPECT_FALSE(Check(alice, "ecr:BatchGetImage", kRepo).has_value());
  auto denial = Check(alice, "ecr:PutImage", kRepo);
  ASSERT_TRUE(denial.has_value());
  EXPECT_EQ(denial->resource, kRepo);
  ASSERT_TRUE(iam_->store().Detach(kAccount, OwnerKind::kUser, "alice", kReadOnly).ok());
  iam_->Changed();
  EXPECT_TRUE(Check(alice, "ecr:BatchGetImage", kRepo).has_value());
}

TEST_F(IamTest, ExplicitDenyWinsOverAllow) {
  const auth::Principal alice = MakeUser("alice");
  Attach(OwnerKind::kUser, "alice", kAdministratorAccessArn);
  PutInline(OwnerKind::kUser, "alice", "no-delete", Doc("Deny", "ecr:Delete*"));
  EXPECT_FALSE(Check(alice, "ecr:CreateRepository", kRepo).has_value());
  auto denial = Check(alice, "ecr:DeleteRepository", kRepo);
  ASSERT_TRUE(denial.has_value());
  EXPECT_EQ(denial->reason, pipeline::DenialReason::kExplicitDenyInIdentityPolicy);
}

TEST_F(IamTest, GroupPoliciesApplyToMembers) {
  const auth::Principal alice = MakeUser("alice");
  ASSERT_TRUE(iam_->store().CreateGroup(kAccount, NewGroup("readers")).ok());
  Attach(OwnerKind::kGroup, "readers", kReadOnly);
  PutInline(OwnerKind::kGroup, "readers", "logs", Doc("Allow", "logs:FilterLogEvents"));
  EXPECT_TRUE(Check(alice, "ecr:BatchGetImage", kRepo).has_value());
  ASSERT_TRUE(iam_->store().AddUserToGroup(kAccount, "readers", "alice").ok());
  iam_->Changed();
  EXPECT_FALSE(Check(alice, "ecr:BatchGetImage", kRepo).has_value());
  EXPECT_FALSE(Check(alice, "logs:FilterLogEvents").has_value());
}

TEST_F(IamTest, CustomerPolicyFollowsItsDefaultVersion) {
  const auth::Principal alice = MakeUser("alice");
  const CustomerPolicy p = NewPolicy("pol");
  ASSERT_TRUE(iam_->store().CreatePolicy(kAccount, p, Doc("Allow", "ecr:ListImages")).ok());
  Attach(OwnerKind::kUser, "alice", p.arn);
  EXPECT_FALSE(Check(alice, "ecr:ListImages", kRepo).has_value());
  ASSERT_TRUE(
      iam_->store().CreatePolicyVersion(p.arn, Doc("Allow", "ecr:DescribeImages"), true, 1).ok());
  iam_->Changed();
  EXPECT_TRUE(Check(alice, "ecr:ListImages", kRepo).has_value());
  EXPECT_FALSE(Check(alice, "ecr:DescribeImages", kRepo).has_value());
}

TEST_F(IamTest, ARepositoryPolicyGrantsThatRepositoryOnly) {
  const auth::Principal alice = MakeUser("alice");
  auto compiled = policy::CompiledPolicy::FromText(
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":")" + alice.arn +
          R"("},"Action":"ecr:BatchGetImage"}]})",
      policy::ParseOptions{.kind = policy::PolicyKind::kResource}, "repository policy");
  ASSERT_TRUE(compiled.ok()) << compiled.error().message;
  resources_.policies[kRepo] = *compiled;
  EXPECT_FALSE(Check(alice, "ecr:BatchGetImage", kRepo).has_value());
  EXPECT_TRUE(Check(alice, "ecr:PutImage", kRepo).has_value());
  EXPECT_TRUE(
      Check(alice, "ecr:BatchGetImage", "arn:aws:ecr:us-east-1:123456789012:repository/other")
          .has_value());
}

TEST_F(IamTest, ConditionsSeeTheGlobalKeys) {
  const auth::Principal alice = MakeUser("alice");
  PutInline(OwnerKind::kUser, "alice", "own",
            R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ecr:*",)"
            R"("Resource":"arn:aws:ecr:*:*:repository/${aws:username}/*",)"
            R"("Condition":{"IpAddress":{"aws:SourceIp":"127.0.0.0/8"},)"
            R"("Bool":{"aws:SecureTransport":"false"}}}]})");
  EXPECT_FALSE(
      Check(alice, "ecr:PutImage", "arn:aws:ecr:us-east-1:123456789012:repository/alice/app")
          .has_value());
  EXPECT_TRUE(Check(alice, "ecr:PutImage", "arn:aws:ecr:us-east-1:123456789012:repository/bob/app")
                  .has_value());
}

TEST_F(IamTest, RootAndGetCallerIdentityAreAlwaysAllowed) {
  auth::Principal root;
  root.type = auth::PrincipalType::kRoot;
  root.account_id = "123456789012";
  root.principal_id = root.account_id;
  root.arn = "arn:aws:iam::123456789012:root";
  EXPECT_FALSE(Check(root, "ecr:DeleteRepository", kRepo).has_value());
  const auth::Principal alice = MakeUser("alice");
  PutInline(OwnerKind::kUser, "alice", "none", Doc("Deny", "*"));
  EXPECT_FALSE(Check(alice, "sts:GetCallerIdentity").has_value());
}

TEST_F(IamTest, AUserCreatedElsewhereIsFoundAfterAReload) {
  const auth::Principal alice = MakeUser("alice");
  EXPECT_TRUE(Check(alice, "ecr:BatchGetImage", kRepo).has_value());  // snapshot built
  // Another process (berth user create) adds a user and its policy without telling us.
  ASSERT_TRUE(credentials_->CreateUser(kAccount, "bob").ok());
  ASSERT_TRUE(iam_->store().Attach(kAccount, OwnerKind::kUser, "bob", kReadOnly).ok());
  auth::Principal bob = alice;
  bob.user_name = "bob";
  bob.arn = "arn:aws:iam::" + alice.account_id + ":user/bob";
  ::usleep(150'000);  // the unknown-user reload is rate-limited to once per 100 ms
  EXPECT_FALSE(Check(bob, "ecr:BatchGetImage", kRepo).has_value());
}

// --- accounts ---

TEST_F(IamTest, EachAccountHasItsOwnUsersGroupsRolesAndPolicies) {
  const std::string other = credentials_->CreateAccount("team-b")->id;
  const auth::Principal alice = MakeUser("alice");
  auto b_user = credentials_->CreateUser(other, "alice");
  ASSERT_TRUE(b_user.ok()) << b_user.error().message;
  auth::Principal b_alice = alice;
  b_alice.account_id = other;
  b_alice.principal_id = b_user->user_id;
  b_alice.arn = b_user->arn;
  // A policy attached to one account's alice is not the other's.
  Attach(OwnerKind::kUser, "alice", kReadOnly);
  EXPECT_FALSE(Check(alice, "ecr:DescribeRepositories").has_value());
  EXPECT_TRUE(Check(b_alice, "ecr:DescribeRepositories").has_value());
  EXPECT_TRUE(iam_->store().ListAttached(other, OwnerKind::kUser, "alice")->empty());

  // Names are taken per account: a group, a role and a policy of each.
  ASSERT_TRUE(iam_->store().CreateGroup(kAccount, NewGroup("devs")).ok());
  Group b_devs = NewGroup("devs");
  b_devs.arn = "arn:aws:iam::" + other + ":group/devs";
  ASSERT_TRUE(iam_->store().CreateGroup(other, b_devs).ok());
  EXPECT_EQ(iam_->store().CreateGroup(other, NewGroup("DEVS")).error().code,
            "EntityAlreadyExists");
  ASSERT_TRUE(iam_->store().AddUserToGroup(other, "devs", "alice").ok());
  EXPECT_TRUE(iam_->store().ListGroupMembers(kAccount, "devs")->empty());
  EXPECT_EQ(iam_->store().ListGroups(other)->size(), 1u);
  Role role;
  role.name = "ci";
  role.role_id = auth::NewUniqueId("AROA");
  role.trust_policy = "{}";
  ASSERT_TRUE(iam_->store().CreateRole(kAccount, role).ok());
  role.role_id = auth::NewUniqueId("AROA");
  ASSERT_TRUE(iam_->store().CreateRole(other, role).ok());
  EXPECT_EQ(iam_->store().ListRoles(other)->size(), 1u);
  CustomerPolicy b_pol = NewPolicy("pol");
  b_pol.arn = "arn:aws:iam::" + other + ":policy/pol";
  ASSERT_TRUE(iam_->store().CreatePolicy(kAccount, NewPolicy("pol"), Doc("Allow", "*")).ok());
  ASSERT_TRUE(iam_->store().CreatePolicy(other, b_pol, Doc("Allow", "*")).ok());
  EXPECT_EQ(iam_->store().ListPolicies(other)->size(), 1u);
  // A group's policies reach its members in its own account only: B's alice is in B's devs.
  ASSERT_TRUE(
      iam_->store().PutInline(other, OwnerKind::kGroup, "devs", {"all", Doc("Allow", "logs:*")},
                              {}).ok());
  iam_->Changed();
  EXPECT_TRUE(Check(alice, "logs:DescribeLogGroups").has_value());
  EXPECT_FALSE(Check(b_alice, "logs:DescribeLogGroups").has_value());
}

// Cross-account access (AWS's rule): the caller's identity policies AND the resource's policy
// must allow; within one account either suffices. An explicit deny anywhere wins.
TEST_F(IamTest, CrossAccountNeedsTheResourcePolicyAndTheCallersPolicy) {
  const std::string other = credentials_->CreateAccount("team-b")->id;
  auto b_user = credentials_->CreateUser(other, "bob");
  ASSERT_TRUE(b_user.ok());
  iam_->Changed();
  auth::Principal bob;
  bob.type = auth::PrincipalType::kIamUser;
  bob.account_id = other;
  bob.user_name = "bob";
  bob.principal_id = b_user->user_id;
  bob.arn = b_user->arn;
  const auth::Principal alice = MakeUser("alice");  // the repository's own account

  auto grant = [&](std::string_view principal, std::string_view effect = "Allow") {
    auto compiled = policy::CompiledPolicy::FromText(
        R"({"Version":"2012-10-17","Statement":[{"Effect":")" + std::string(effect) +
            R"(","Principal":{"AWS":")" + std::string(principal) +
            R"("},"Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]}]})",
        policy::ParseOptions{.kind = policy::PolicyKind::kResource}, "repository policy");
    ASSERT_TRUE(compiled.ok()) << compiled.error().message;
    resources_.policies[kRepo] = *compiled;
  };
  auto allow_identity = [&] {
    ASSERT_TRUE(iam_->store()
                    .PutInline(other, OwnerKind::kUser, "bob", {"pull", Doc("Allow", "ecr:*")}, {})
                    .ok());
    iam_->Changed();
  };
  const std::string b_root = "arn:aws:iam::" + other + ":root";

  // Neither side.
  auto denied = Check(bob, "ecr:BatchGetImage", kRepo);
  ASSERT_TRUE(denied.has_value());
  // The resource's account grants, the caller's does not.
  grant(b_root);
  denied = Check(bob, "ecr:BatchGetImage", kRepo);
  ASSERT_TRUE(denied.has_value());
  EXPECT_EQ(denied->reason, pipeline::DenialReason::kNoIdentityPolicyAllows);
  // Even a grant naming bob himself needs bob's own account to allow (unlike same-account).
  grant(bob.arn);
  EXPECT_TRUE(Check(bob, "ecr:BatchGetImage", kRepo).has_value());
  // Both: allowed, for the granted actions only.
  allow_identity();
  grant(b_root);
  EXPECT_FALSE(Check(bob, "ecr:BatchGetImage", kRepo).has_value());
  EXPECT_TRUE(Check(bob, "ecr:PutImage", kRepo).has_value());
  // The caller's account allows, the resource's policy is gone: AWS's resource-based wording.
  resources_.policies.erase(kRepo);
  denied = Check(bob, "ecr:BatchGetImage", kRepo);
  ASSERT_TRUE(denied.has_value());
  EXPECT_EQ(denied->reason, pipeline::DenialReason::kNoResourcePolicyAllows);
  // A Deny in the resource policy wins over both allows.
  grant(b_root, "Deny");
  denied = Check(bob, "ecr:BatchGetImage", kRepo);
  ASSERT_TRUE(denied.has_value());
  EXPECT_EQ(denied->reason, pipeline::DenialReason::kExplicitDenyInResourcePolicy);
  // Same account: a grant naming alice suffices without any identity policy.
  grant(alice.arn);
  EXPECT_FALSE(Check(alice, "ecr:BatchGetImage", kRepo).has_value());
  // --iam-mode off: an account's principals do everything in their own account, nothing in
  // another's.
  const pipeline::ResourceRef repo{"AWS::ECR::Repository", kRepo};
  const pipeline::AccessRequest off{.principal = bob, .action = "ecr:BatchGetImage",
                                    .resources = {&repo, 1}, .now = clock_.Now()};
  EXPECT_TRUE(pipeline::AllowAccountPrincipals::Instance().Check(off).has_value());
  const pipeline::AccessRequest own{.principal = alice, .action = "ecr:BatchGetImage",
                                    .resources = {&repo, 1}, .now = clock_.Now()};
  EXPECT_FALSE(pipeline::AllowAccountPrincipals::Instance().Check(own).has_value());
  EXPECT_EQ(pipeline::ResourceAccount(kRepo), kAccount);
  EXPECT_EQ(pipeline::ResourceAccount("arn:aws:s3:::bucket/key"), "");
  EXPECT_EQ(pipeline::ResourceAccount("arn:aws:iam::aws:policy/ReadOnlyAccess"), "");
}

}  // namespace
}  // namespace berth::services::iam
