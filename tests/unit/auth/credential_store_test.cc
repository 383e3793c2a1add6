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
  ASSERT_TRUE(store->CreateUser(store->EnsureAccount()->id, "alice").ok());
  auto pair = store->CreateAccessKey(store->EnsureAccount()->id, "alice");
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
    ASSERT_TRUE(store->CreateUser(store->EnsureAccount()->id, "alice").ok());
  }
  const std::string secret(40, 'S');
  ASSERT_TRUE(db_->Write([&](store::Connection& c) -> Status {
                   return c.Exec("INSERT INTO access_keys(id, account_id, user_name, secret, "
                                 "created_at) SELECT 'AKIAOLDPLAINTEXTKEY1', id, 'alice', '" +
                                 secret + "', 0 FROM accounts");
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
    ASSERT_TRUE(store->CreateUser(store->EnsureAccount()->id, "alice").ok());
    id = store->CreateAccessKey(store->EnsureAccount()->id, "alice")->access_key_id;
  }
  auto store = std::move(*CredentialStore::Open(*db_, std::string(32, 'x')));
  auto found = store->FindAccessKey(id);
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.error().code, "InternalFailure");
}

TEST_F(CredentialStoreTest, UserNamesAreUniquePerAccount) {
  auto store = std::move(*CredentialStore::Open(*db_, kKey));
  const Account first = *store->EnsureAccount();
  auto second = store->CreateAccount("team-b");
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(second->id.size(), 12u);
  EXPECT_NE(second->id, first.id);
  EXPECT_EQ(store->EnsureAccount()->id, first.id);  // still the bootstrap account
  EXPECT_EQ(store->CreateAccount("team-b").error().code, "EntityAlreadyExists");
  EXPECT_EQ(store->CreateAccount("-bad").error().code, "ValidationError");
  auto accounts = *store->ListAccounts();
  ASSERT_EQ(accounts.size(), 2u);
  EXPECT_EQ(accounts[0].id, first.id);
  EXPECT_EQ(accounts[1].alias, "team-b");

  // The same name in each account: two users, two keys, each principal in its own account.
  ASSERT_TRUE(store->CreateUser(first.id, "admin").ok());
  auto b_admin = store->CreateUser(second->id, "admin");
  ASSERT_TRUE(b_admin.ok()) << b_admin.error().message;
  EXPECT_EQ(b_admin->arn, "arn:aws:iam::" + second->id + ":user/admin");
  EXPECT_EQ(store->CreateUser(second->id, "admin").error().code, "EntityAlreadyExists");
  EXPECT_EQ(store->CreateUser("999999999999", "x").error().code, "NoSuchEntity");
  auto a_key = *store->CreateAccessKey(first.id, "admin");
  auto b_key = *store->CreateAccessKey(second->id, "admin");
  EXPECT_EQ((*store->FindAccessKey(a_key.access_key_id))->principal.account_id, first.id);
  EXPECT_EQ((*store->FindAccessKey(b_key.access_key_id))->principal.account_id, second->id);
  EXPECT_EQ(store->ListUsers(first.id)->size(), 1u);
  EXPECT_EQ(store->ListAccessKeys(second->id, "admin")->size(), 1u);
  EXPECT_EQ(store->GetAccessKey(b_key.access_key_id)->account_id, second->id);
  // A key is changed only through its own account's user.
  EXPECT_EQ(store->DeleteAccessKey(first.id, "admin", b_key.access_key_id).error().code,
            "NoSuchEntity");
  // Renaming carries the keys along (ON UPDATE CASCADE), within the account.
  ASSERT_TRUE(store->UpdateUser(second->id, "admin", "root-admin", std::nullopt, {}).ok());
  EXPECT_EQ((*store->FindAccessKey(b_key.access_key_id))->principal.user_name, "root-admin");
  EXPECT_EQ(store->GetUser(first.id, "admin")->account_id, first.id);
}

TEST_F(CredentialStoreTest, MigratesADataDirWrittenBeforeAccounts) {
  // The schema as berth wrote it before accounts (auth migrations 1–3), with a user and a key.
  ASSERT_TRUE(db_->Write([](store::Connection& c) -> Status {
                   BERTH_RETURN_IF_ERROR(c.Exec(
                       "CREATE TABLE schema_migrations(component TEXT NOT NULL, version INTEGER "
                       "NOT NULL, applied_at INTEGER NOT NULL, PRIMARY KEY(component, version));"
                       "INSERT INTO schema_migrations VALUES ('auth', 1, 0), ('auth', 2, 0),"
                       " ('auth', 3, 0);"
                       "CREATE TABLE accounts(id TEXT PRIMARY KEY, created_at INTEGER NOT NULL);"
                       "CREATE TABLE users(name TEXT PRIMARY KEY, account_id TEXT NOT NULL "
                       "REFERENCES accounts(id), user_id TEXT NOT NULL UNIQUE, created_at "
                       "INTEGER NOT NULL, path TEXT NOT NULL DEFAULT '/');"
                       "CREATE TABLE access_keys(id TEXT PRIMARY KEY, user_name TEXT NOT NULL "
                       "REFERENCES users(name) ON DELETE CASCADE, secret TEXT NOT NULL, status "
                       "TEXT NOT NULL DEFAULT 'Active', created_at INTEGER NOT NULL);"
                       "CREATE TABLE sessions(id TEXT PRIMARY KEY, secret TEXT NOT NULL,"
                       " token_sha256 TEXT NOT NULL, type TEXT NOT NULL, account_id TEXT NOT NULL,"
                       " user_name TEXT NOT NULL, principal_id TEXT NOT NULL, arn TEXT NOT NULL,"
                       " role_name TEXT NOT NULL, role_id TEXT NOT NULL, role_arn TEXT NOT NULL,"
                       " session_name TEXT NOT NULL, session_policy TEXT NOT NULL,"
                       " created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);"
                       "INSERT INTO accounts VALUES ('123456789012', 0);"
                       "INSERT INTO users VALUES ('admin', '123456789012', 'AIDAOLD', 0, '/');"));
                   return c.Exec(
                       "INSERT INTO access_keys VALUES ('AKIAOLDKEY0000000001', 'admin', "
                       "'" + std::string(40, 'S') + "', 'Active', 0);");
                 }).ok());
  auto store = std::move(*CredentialStore::Open(*db_, kKey));
  EXPECT_EQ(store->EnsureAccount()->id, "123456789012");
  auto key = store->FindAccessKey("AKIAOLDKEY0000000001");
  ASSERT_TRUE(key.ok() && key->has_value());
  EXPECT_EQ((*key)->secret, std::string(40, 'S'));
  EXPECT_EQ((*key)->principal.arn, "arn:aws:iam::123456789012:user/admin");
  EXPECT_EQ(store->GetAccessKey("AKIAOLDKEY0000000001")->account_id, "123456789012");
  // Another account's "admin" now fits beside the old one.
  auto other = *store->CreateAccount("second");
  EXPECT_TRUE(store->CreateUser(other.id, "admin").ok());
  // Deleting the old user's key and then the user works on the rebuilt tables.
  ASSERT_TRUE(store->DeleteAccessKey("123456789012", "admin", "AKIAOLDKEY0000000001").ok());
  EXPECT_TRUE(store->DeleteUser("123456789012", "admin", {}).ok());
}

TEST_F(CredentialStoreTest, RefusesAnAtRestKeyOfTheWrongSize) {
  EXPECT_FALSE(CredentialStore::Open(*db_, "short").ok());
}

}  // namespace
}  // namespace berth::auth
