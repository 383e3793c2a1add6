#pragma once
// Who may call berth: the account, its IAM users and their access keys, persisted in the
// database (component "auth"). Secrets are stored as issued, because verifying a SigV4
// signature needs the secret itself (as AWS's own key store does); the data dir is 0700.
//
// Thread-safe. Found keys are cached in memory, so a signed call costs no SQLite read; a key
// created by another process (`berth user create` while serving) is found on its first use.

#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "auth/principal.h"
#include "core/result.h"
#include "store/database.h"

namespace berth::auth {

struct Account {
  std::string id;  // 12 digits
};

struct User {
  std::string name;
  std::string account_id;
  std::string user_id;  // "AIDA…"
  std::string arn;      // arn:aws:iam::<account>:user/<name>
};

struct AccessKeyPair {
  std::string access_key_id;      // "AKIA…", 20 characters
  std::string secret_access_key;  // 40 characters, never containing ':'
};

struct StoredKey {
  std::string secret;
  Principal principal;  // the key's user, with access_key_id set
};

class CredentialStore {
 public:
  // Applies the "auth" migrations.
  static Result<std::unique_ptr<CredentialStore>> Open(store::Database& db);

  // The account, created with a random 12-digit id on first call.
  Result<Account> EnsureAccount();
  // A new IAM user. Errors: ValidationError (bad name), EntityAlreadyExists.
  Result<User> CreateUser(std::string_view name);
  Result<std::vector<User>> ListUsers();
  // A new active key for the user. Errors: NoSuchEntity.
  Result<AccessKeyPair> CreateAccessKey(std::string_view user_name);
  // The secret and principal of an active key; nullopt when unknown or inactive.
  Result<std::optional<StoredKey>> FindAccessKey(std::string_view access_key_id);

 private:
  explicit CredentialStore(store::Database& db) : db_(db) {}
  store::Database& db_;
  std::shared_mutex mu_;
  std::unordered_map<std::string, StoredKey> cache_;  // GUARDED_BY(mu_)
};

// IAM user-name rules: 1–64 characters of [A-Za-z0-9+=,.@_-].
bool IsValidUserName(std::string_view name);

}  // namespace berth::auth
