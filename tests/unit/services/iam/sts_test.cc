// STS AssumeRole and GetSessionToken over the IAM store, the PolicyAuthorizer and the
// credential store: no server, no wire, a fake clock for expiry.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "auth/credential_store.h"
#include "core/clock.h"
#include "services/iam/authorizer/policy_authorizer.h"
#include "services/iam/iam_service.h"
#include "services/sts/handlers/handlers.h"
#include "store/database.h"

namespace berth::services::sts {
namespace {

using std::chrono::seconds;

std::string Allow(std::string_view action, std::string_view resource = "*") {
  return R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":")" +
         std::string(action) + R"(","Resource":")" + std::string(resource) + R"("}]})";
}

class StsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = ::testing::TempDir() + "berth_sts_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name();
    ASSERT_EQ(std::system(("rm -rf '" + root_ + "' && mkdir -p '" + root_ + "'").c_str()), 0);
    store::Database::Options options;
    options.path = root_ + "/berth.db";
    db_ = std::move(*store::Database::Open(options));
    credentials_ = std::move(*auth::CredentialStore::Open(*db_, std::string(32, 'k')));
    iam_ = std::move(*iam::IamService::Open(*db_, *credentials_, clock_));
    authorizer_ = std::make_unique<iam::PolicyAuthorizer>(iam_->store(), nullptr);
    iam_->OnChange([this] { authorizer_->Invalidate(); });
    iam_->SetAuthorizer(authorizer_.get());

    auto user = credentials_->CreateUser(credentials_->EnsureAccount()->id, "ci");
    ASSERT_TRUE(user.ok());
    ci_.type = auth::PrincipalType::kIamUser;
    ci_.account_id = user->account_id;
    ci_.user_name = "ci";
    ci_.principal_id = user->user_id;
    ci_.arn = user->arn;
    ci_.access_key_id = "AKIAEXAMPLEEXAMPLE01";

    role_.name = "pusher";
    role_.role_id = "AROAEXAMPLEEXAMPLE01";
    role_.arn = "arn:aws:iam::" + ci_.account_id + ":role/pusher";
    role_.trust_policy = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",)"
                         R"("Principal":{"AWS":"arn:aws:iam::)" +
                         ci_.account_id + R"(:root"},"Action":"sts:AssumeRole"}]})";
    role_.max_session_duration = 3600;
    ASSERT_TRUE(iam_->store().CreateRole(credentials_->EnsureAccount()->id, role_).ok());
    ASSERT_TRUE(iam_->store()
                    .PutInline(credentials_->EnsureAccount()->id, iam::OwnerKind::kRole, "pusher",
                               {"ecr", Allow("ecr:*")}, {})
                    .ok());
    iam_->Changed();
  }
  void TearDown() override { std::system(("rm -rf '" + root_ + "'").c_str()); }

  void LetCiAssume() {
    ASSERT_TRUE(iam_->store()
                    .PutInline(credentials_->EnsureAccount()->id, iam::OwnerKind::kUser, "ci",
                        {"assume", Allow("sts:AssumeRole",
                                                                             role_.arn)},
                               {})
                    .ok());
    iam_->Changed();
  }

  Result<Document> Assume(const auth::Principal& caller, Document in) {
    pipeline::CallContext ctx{caller, "us-east-1", "req", "127.0.0.1", "test", "localhost",
                              clock_.Now()};
    return handlers::AssumeRole(*iam_, ctx, in);
  }

  Document AssumeInput(std::string duration = "") {
    Document in = Document::MakeMap();
    in["RoleArn"] = role_.arn;
    in["RoleSessionName"] = "build-7";
    if (!duration.empty()) in["DurationSeconds"] = duration;
    return in;
  }

  std::optional<pipeline::Denial> Check(const auth::Principal& p, std::string_view action) {
    pipeline::AccessRequest request{.principal = p, .action = action, .now = clock_.Now()};
    return authorizer_->Check(request);
  }

  std::string root_;
  FakeClock clock_{FromMillis(1'800'000'000'000)};
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<auth::CredentialStore> credentials_;
  std::unique_ptr<iam::IamService> iam_;
  std::unique_ptr<iam::PolicyAuthorizer> authorizer_;
  auth::Principal ci_;
  iam::Role role_;
};

TEST_F(StsTest, AssumeRoleNeedsTheCallersOwnPermissionWhenTrustNamesTheAccount) {
  auto refused = Assume(ci_, AssumeInput());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "AccessDenied");
  EXPECT_EQ(refused.error().http_status, 403);
  EXPECT_EQ(refused.error().message, "User: " + ci_.arn +
                                         " is not authorized to perform: sts:AssumeRole on "
                                         "resource: " + role_.arn);
  LetCiAssume();
  auto out = Assume(ci_, AssumeInput("900"));
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ((*out)["AssumedRoleUser"]["Arn"].as_string(),
            "arn:aws:sts::" + ci_.account_id + ":assumed-role/pusher/build-7");
  EXPECT_EQ((*out)["AssumedRoleUser"]["AssumedRoleId"].as_string(), "AROAEXAMPLEEXAMPLE01:build-7");
  EXPECT_EQ((*out)["Credentials"]["Expiration"].as_timestamp(), clock_.Now() + seconds(900));
}

TEST_F(StsTest, TheSessionActsWithTheRolesPoliciesUntilItExpires) {
  LetCiAssume();
  auto out = Assume(ci_, AssumeInput("900"));
  ASSERT_TRUE(out.ok());
  const std::string id = (*out)["Credentials"]["AccessKeyId"].as_string();
  const std::string token = (*out)["Credentials"]["SessionToken"].as_string();
  auto key = credentials_->FindSigningKey(id, token, clock_.Now());
  ASSERT_TRUE(key.ok() && key->has_value());
  const auth::Principal& session = (*key)->principal;
  EXPECT_EQ(session.type, auth::PrincipalType::kAssumedRole);
  EXPECT_FALSE(Check(session, "ecr:PutImage").has_value());  // the role's policy
  EXPECT_TRUE(Check(ci_, "ecr:PutImage").has_value());        // not the user's
  auto denied = Check(session, "logs:DescribeLogGroups");
  ASSERT_TRUE(denied.has_value());

  clock_.Advance(std::chrono::seconds(899));
  EXPECT_TRUE(credentials_->FindSigningKey(id, token, clock_.Now()).ok());
  clock_.Advance(std::chrono::seconds(1));
  auto expired = credentials_->FindSigningKey(id, token, clock_.Now());
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error().code, "ExpiredTokenException");
}

TEST_F(StsTest, ASessionPolicyNarrowsTheRole) {
  LetCiAssume();
  Document in = AssumeInput();
  in["Policy"] = Allow("ecr:DescribeRepositories");
  auto out = Assume(ci_, in);
  ASSERT_TRUE(out.ok()) << out.error().message;
  auto key = credentials_->FindSigningKey((*out)["Credentials"]["AccessKeyId"].as_string(),
                                          (*out)["Credentials"]["SessionToken"].as_string(),
                                          clock_.Now());
  ASSERT_TRUE(key.ok() && key->has_value());
  const auth::Principal& session = (*key)->principal;
  EXPECT_FALSE(Check(session, "ecr:DescribeRepositories").has_value());
  auto denied = Check(session, "ecr:PutImage");
  ASSERT_TRUE(denied.has_value());
  EXPECT_EQ(denied->message, "User: " + session.arn +
                                 " is not authorized to perform: ecr:PutImage because no "
                                 "session policy allows the ecr:PutImage action");
}

TEST_F(StsTest, RefusesWhatAwsRefuses) {
  LetCiAssume();
  EXPECT_EQ(Assume(ci_, AssumeInput("7200")).error().message,
            "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
  EXPECT_EQ(Assume(ci_, AssumeInput("100")).error().code, "ValidationError");
  Document bad = AssumeInput();
  bad["Policy"] = "{not json";
  EXPECT_EQ(Assume(ci_, bad).error().code, "MalformedPolicyDocument");
  Document bad_name = AssumeInput();
  bad_name["RoleSessionName"] = "has space";
  EXPECT_EQ(Assume(ci_, bad_name).error().code, "ValidationError");
  auth::Principal root = ci_;
  root.type = auth::PrincipalType::kRoot;
  root.arn = "arn:aws:iam::" + ci_.account_id + ":root";
  EXPECT_EQ(Assume(root, AssumeInput()).error().message,
            "Roles may not be assumed by root accounts.");
  Document missing = AssumeInput();
  missing["RoleArn"] = "arn:aws:iam::" + ci_.account_id + ":role/nobody";
  EXPECT_EQ(Assume(ci_, missing).error().code, "AccessDenied");
}

TEST_F(StsTest, GetSessionTokenSpeaksAsTheUserButNotTwice) {
  pipeline::CallContext ctx{ci_, "us-east-1", "req", "127.0.0.1", "test", "localhost",
                            clock_.Now()};
  auto out = handlers::GetSessionToken(*iam_, ctx, Document::MakeMap());
  ASSERT_TRUE(out.ok());
  EXPECT_EQ((*out)["Credentials"]["Expiration"].as_timestamp(), clock_.Now() + seconds(43200));
  auto key = credentials_->FindSigningKey((*out)["Credentials"]["AccessKeyId"].as_string(),
                                          (*out)["Credentials"]["SessionToken"].as_string(),
                                          clock_.Now());
  ASSERT_TRUE(key.ok() && key->has_value());
  const auth::Principal& session = (*key)->principal;
  EXPECT_EQ(session.type, auth::PrincipalType::kIamUser);
  EXPECT_EQ(session.arn, ci_.arn);
  EXPECT_EQ(session.user_name, "ci");
  pipeline::CallContext again{session, "us-east-1", "req", "127.0.0.1", "test", "localhost",
                              clock_.Now()};
  EXPECT_EQ(handlers::GetSessionToken(*iam_, again, Document::MakeMap()).error().message,
            "Cannot call GetSessionToken with session credentials");
}

// Another account's role: its trust policy must name the caller's account (or the caller),
// and the caller's own policies must allow sts:AssumeRole on it — both sides, even when the
// trust policy names the caller itself. The session then acts in the role's account.
TEST_F(StsTest, CrossAccountAssumeRoleNeedsTheTrustAndTheCallersPolicy) {
  const std::string other = credentials_->CreateAccount("team-b")->id;
  auto dev_user = credentials_->CreateUser(other, "dev");
  ASSERT_TRUE(dev_user.ok());
  auth::Principal dev;
  dev.type = auth::PrincipalType::kIamUser;
  dev.account_id = other;
  dev.user_name = "dev";
  dev.principal_id = dev_user->user_id;
  dev.arn = dev_user->arn;
  dev.access_key_id = "AKIAEXAMPLEEXAMPLE02";
  auto trust = [&](const std::string& principal) {
    ASSERT_TRUE(iam_->store()
                    .UpdateTrustPolicy(ci_.account_id, "pusher",
                                       R"({"Version":"2012-10-17","Statement":[{"Effect":)"
                                       R"("Allow","Principal":{"AWS":")" +
                                           principal + R"("},"Action":"sts:AssumeRole"}]})")
                    .ok());
    iam_->Changed();
  };
  // The trust names only the role's own account.
  EXPECT_EQ(Assume(dev, AssumeInput()).error().code, "AccessDenied");
  // It names the caller itself, but the caller's account has not allowed it.
  trust(dev.arn);
  EXPECT_EQ(Assume(dev, AssumeInput()).error().code, "AccessDenied");
  // Both sides.
  ASSERT_TRUE(iam_->store()
                  .PutInline(other, iam::OwnerKind::kUser, "dev",
                             {"assume", Allow("sts:AssumeRole", role_.arn)}, {})
                  .ok());
  iam_->Changed();
  trust("arn:aws:iam::" + other + ":root");
  auto out = Assume(dev, AssumeInput("900"));
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ((*out)["AssumedRoleUser"]["Arn"].as_string(),
            "arn:aws:sts::" + ci_.account_id + ":assumed-role/pusher/build-7");
  auto key = credentials_->FindSigningKey((*out)["Credentials"]["AccessKeyId"].as_string(),
                                          (*out)["Credentials"]["SessionToken"].as_string(),
                                          clock_.Now());
  ASSERT_TRUE(key.ok() && key->has_value());
  const auth::Principal& session = (*key)->principal;
  EXPECT_EQ(session.account_id, ci_.account_id);  // the role's account
  EXPECT_FALSE(Check(session, "ecr:PutImage").has_value());  // the role's policies
  // The caller's own account's role of the same name is another role.
  EXPECT_EQ(iam_->store().GetRole(other, "pusher").error().code, "NoSuchEntity");
}

}  // namespace
}  // namespace berth::services::sts
