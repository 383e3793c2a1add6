// STS's temporary credentials in the credential store: issued, found with their session token,
// expired by the clock, kept across a restart, the secret sealed and the token hashed at rest.
#include "auth/temporary_credentials.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>

#include "auth/credential_store.h"
#include "core/crypto.h"

namespace berth::auth {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

const std::string kKey(32, 'k');
const TimePoint kStart{std::chrono::seconds(1'800'000'000)};

class TemporaryCredentialsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = ::testing::TempDir() + "berth_sessions_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name();
    ASSERT_EQ(std::system(("rm -rf '" + root_ + "' && mkdir -p '" + root_ + "'").c_str()), 0);
    store::Database::Options options;
    options.path = root_ + "/berth.db";
    db_ = std::move(*store::Database::Open(options));
    store_ = std::move(*CredentialStore::Open(*db_, kKey));
  }
  void TearDown() override { std::system(("rm -rf '" + root_ + "'").c_str()); }

  static Principal RoleSessionPrincipal() {
    Principal p;
    p.type = PrincipalType::kAssumedRole;
    p.account_id = "123456789012";
    p.principal_id = "AROAEXAMPLEEXAMPLE1:ci";
    p.arn = "arn:aws:sts::123456789012:assumed-role/pusher/ci";
    p.role = RoleSession{"pusher", "AROAEXAMPLEEXAMPLE1", "arn:aws:iam::123456789012:role/pusher",
                         "ci", R"({"Statement":[]})"};
    return p;
  }

  IssuedCredentials Issue(seconds lifetime = seconds(900)) {
    auto issued = store_->sessions().Issue(RoleSessionPrincipal(), kStart, kStart + lifetime);
    EXPECT_TRUE(issued.ok());
    return *issued;
  }

  std::string root_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<CredentialStore> store_;
};

TEST_F(TemporaryCredentialsTest, IssuesAsiaKeysFoundWithTheirSessionToken) {
  const IssuedCredentials issued = Issue();
  EXPECT_EQ(issued.access_key_id.rfind("ASIA", 0), 0u);
  EXPECT_EQ(issued.access_key_id.size(), 20u);
  EXPECT_EQ(issued.secret_access_key.size(), 40u);
  EXPECT_FALSE(issued.session_token.empty());
  auto key = store_->FindSigningKey(issued.access_key_id, issued.session_token, kStart);
  ASSERT_TRUE(key.ok()) << key.error().message;
  ASSERT_TRUE(key->has_value());
  EXPECT_EQ((*key)->secret, issued.secret_access_key);
  const Principal& p = (*key)->principal;
  EXPECT_EQ(p.type, PrincipalType::kAssumedRole);
  EXPECT_EQ(p.arn, "arn:aws:sts::123456789012:assumed-role/pusher/ci");
  EXPECT_EQ(p.access_key_id, issued.access_key_id);
  ASSERT_TRUE(p.role.has_value());
  EXPECT_EQ(p.role->role_arn, "arn:aws:iam::123456789012:role/pusher");
  EXPECT_EQ(p.role->session_policy, R"({"Statement":[]})");
  EXPECT_EQ(p.session_created, kStart);
  EXPECT_EQ(p.session_expires, kStart + seconds(900));
}

TEST_F(TemporaryCredentialsTest, RefusesATemporaryKeyWithoutItsToken) {
  const IssuedCredentials issued = Issue();
  auto missing = store_->FindSigningKey(issued.access_key_id, std::nullopt, kStart);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "UnrecognizedClientException");
  auto wrong = store_->FindSigningKey(issued.access_key_id, "not-the-token", kStart);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().message, "The security token included in the request is invalid.");
  const IssuedCredentials other = Issue();
  auto swapped = store_->FindSigningKey(issued.access_key_id, other.session_token, kStart);
  EXPECT_FALSE(swapped.ok());
}

TEST_F(TemporaryCredentialsTest, UnknownTemporaryKeyIsNotFound) {
  auto key = store_->FindSigningKey("ASIAAAAAAAAAAAAAAAAA", "token", kStart);
  ASSERT_TRUE(key.ok());
  EXPECT_FALSE(key->has_value());
}

TEST_F(TemporaryCredentialsTest, RefusesATokenPresentedWithALongTermKey) {
  ASSERT_TRUE(store_->CreateUser(store_->EnsureAccount()->id, "alice").ok());
  auto pair = store_->CreateAccessKey(store_->EnsureAccount()->id, "alice");
  ASSERT_TRUE(pair.ok());
  auto plain = store_->FindSigningKey(pair->access_key_id, std::nullopt, kStart);
  ASSERT_TRUE(plain.ok() && plain->has_value());
  EXPECT_FALSE(store_->FindSigningKey(pair->access_key_id, "stale", kStart).ok());
}

TEST_F(TemporaryCredentialsTest, ExpiresAtTheSessionsEnd) {
  const IssuedCredentials issued = Issue(seconds(900));
  auto before = store_->FindSigningKey(issued.access_key_id, issued.session_token,
                                       kStart + seconds(899));
  ASSERT_TRUE(before.ok() && before->has_value());
  auto after = store_->FindSigningKey(issued.access_key_id, issued.session_token,
                                      kStart + seconds(900));
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.error().code, "ExpiredTokenException");
  EXPECT_EQ(after.error().message, "The security token included in the request is expired");
  // A registry token issued to the session ends with it as well.
  auto issued_key = store_->FindIssuedKey(issued.access_key_id, kStart + seconds(901));
  ASSERT_FALSE(issued_key.ok());
  EXPECT_EQ(issued_key.error().code, "ExpiredTokenException");
  auto live = store_->FindIssuedKey(issued.access_key_id, kStart);
  ASSERT_TRUE(live.ok() && live->has_value());
}

TEST_F(TemporaryCredentialsTest, LongTermKeyLookupNeverFindsASession) {
  const IssuedCredentials issued = Issue();
  auto key = store_->FindAccessKey(issued.access_key_id);
  ASSERT_TRUE(key.ok());
  EXPECT_FALSE(key->has_value());
}

TEST_F(TemporaryCredentialsTest, SurvivesARestartSealedAndHashed) {
  const IssuedCredentials issued = Issue();
  store_.reset();
  std::string secret, token_hash;
  ASSERT_TRUE(db_->Read([&](store::Connection& c) -> Status {
                   BERTH_ASSIGN_OR_RETURN(
                       auto s, c.Prepare("SELECT secret, token_sha256 FROM sessions WHERE id = ?"));
                   s.Bind(1, issued.access_key_id);
                   BERTH_ASSIGN_OR_RETURN(bool row, s.Step());
                   EXPECT_TRUE(row);
                   if (row) {
                     secret = s.ColumnText(0);
                     token_hash = s.ColumnText(1);
                   }
                   return Ok();
                 }).ok());
  EXPECT_EQ(secret.rfind("v1:", 0), 0u);
  EXPECT_EQ(secret.find(issued.secret_access_key), std::string::npos);
  EXPECT_EQ(token_hash, crypto::Sha256Hex(issued.session_token));

  auto reopened = CredentialStore::Open(*db_, kKey);
  ASSERT_TRUE(reopened.ok());
  auto key = (*reopened)->FindSigningKey(issued.access_key_id, issued.session_token, kStart);
  ASSERT_TRUE(key.ok() && key->has_value());
  EXPECT_EQ((*key)->secret, issued.secret_access_key);
}

TEST_F(TemporaryCredentialsTest, ForgetsSessionsADayAfterTheyExpire) {
  const IssuedCredentials old = Issue(seconds(900));
  // Issuing sweeps what expired more than a day ago.
  auto later = store_->sessions().Issue(RoleSessionPrincipal(), kStart + hours(25),
                                        kStart + hours(26));
  ASSERT_TRUE(later.ok());
  auto reopened = std::move(*CredentialStore::Open(*db_, kKey));  // no cache
  auto key = reopened->FindSigningKey(old.access_key_id, old.session_token, kStart + hours(25));
  ASSERT_TRUE(key.ok());
  EXPECT_FALSE(key->has_value());
}

}  // namespace
}  // namespace berth::auth
