#include "auth/credential_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>

namespace berth::auth {
namespace {

const std::string kKey(32, 'k');

class CredentialStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = ::testing::TempDir() + "berth_creds_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name();
    ASSERT_EQ(std::system(("rm -rf '" + root_ + "' && mkdir -p '" + root_ + "'").c_str()), 0);
    store::Database::Options options;
    options.path = root_ + "/berth.db";
    db_ = std::move(*store::Database::Open(options));
  }
  void TearDown() override { std::system(("rm -rf '" + root_ + "'").c_str()); }

  std::string StoredSecret(const std::string& id) {
    std::string stored;
    EXPECT_TRUE(db_->Read([&](store::Connection& c) -> Status {
                     BERTH_ASSIGN_OR_RETURN(auto s,
                                            c.Prepare("SELECT secret FROM access_keys WHERE id = ?"));
                     s.Bind(1, id);
                     BERTH_ASSIGN_OR_RETURN(bool row, s.Step());
                     if (row) stored = s.ColumnText(0);
                     return Ok();
                   }).ok());
    return stored;
  }

  std::string root_;
  std::unique_ptr<store::Database> db_;
};

TEST_F(CredentialStoreTest, KeepsSecretsEncryptedInTheDatabase) {
  auto store = std::move(*CredentialStore::Open(*db_, kKey));
  ASSERT_TRUE(store->EnsureAccount().ok());
  ASSERT_TRUE(store->CreateUser("alice").ok());
  auto pair = store->CreateAccessKey("alice");
  ASSERT_TRUE(pair.ok());
  const std::string stored = StoredSecret(pair->access_key_id);
  EXPECT_EQ(stored.rfind("v1:", 0), 0u) << stored;
  EXPECT_EQ(stored.find(pair->secret_access_key), std::string::npos);
  auto found = store->FindAccessKey(pair->access_key_id);
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->secret, pair->secret_access_key);
}

TEST_F(CredentialStoreTest, SealsPlainTextSecretsWrittenBeforeEncryptionAtRest) {
  {
    auto store = std::move(*CredentialStore::Open(*db_, kKey));
    ASSERT_TRUE(store->EnsureAccount().ok());
    ASSERT_TRUE(store->CreateUser("alice").ok());
  }
  const std::string secret(40, 'S');
  ASSERT_TRUE(db_->Write([&](store::Connection& c) -> Status {
                   return c.Exec("INSERT INTO access_keys(id, user_name, secret, created_at) "
                                 "VALUES ('AKIAOLDPLAINTEXTKEY1', 'alice', '" + secret + "', 0)");
                 }).ok());
  auto store = std::move(*CredentialStore::Open(*db_, kKey));
  EXPECT_EQ(StoredSecret("AKIAOLDPLAINTEXTKEY1").rfind("v1:", 0), 0u);
  auto found = store->FindAccessKey("AKIAOLDPLAINTEXTKEY1");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->secret, secret);
}

TEST_F(CredentialStoreTest, RefusesToUseSecretsUnderAnotherKey) {
  std::string id;
  {
    auto store = std::move(*CredentialStore::Open(*db_, kKey));
    ASSERT_TRUE(store->EnsureAccount().ok());
    ASSERT_TRUE(store->CreateUser("alice").ok());
    id = store->CreateAccessKey("alice")->access_key_id;
  }
  auto store = std::move(*CredentialStore::Open(*db_, std::string(32, 'x')));
  auto found = store->FindAccessKey(id);
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.error().code, "InternalFailure");
}

TEST_F(CredentialStoreTest, RefusesAnAtRestKeyOfTheWrongSize) {
  EXPECT_FALSE(CredentialStore::Open(*db_, "short").ok());
}

}  // namespace
}  // namespace berth::auth
