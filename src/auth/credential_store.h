#pragma once
// Who may call berth: the account, its IAM users and their access keys, persisted in the
// database (component "auth"). Verifying a SigV4 signature needs the secret itself (as AWS's
// own key store does), so secrets are kept encrypted rather than hashed: each row's secret is
// "v1:" + base64(AES-256-GCM nonce || ciphertext || tag) under the at-rest key (kept by the App
// in <data-dir>/keys/secrets.key, 0600), with the access key id as associated data so a sealed
// secret cannot be moved to another key's row. Open seals rows still in plain text (written
// before encryption at rest).
//
// Thread-safe. Found keys are cached in memory (decrypted), so a signed call costs no SQLite
// read and no decryption; a key created by another process (`berth user create` while
// serving) is found on its first use.

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "auth/principal.h"
#include "auth/temporary_credentials.h"
#include "core/clock.h"
#include "core/result.h"
#include "store/database.h"

namespace berth::auth {

// An AWS account: what owns users, roles, policies and repositories. The first one
// (created on first start) is the bootstrap account; `berth account create` adds more.
struct Account {
  std::string id;     // 12 digits
  std::string alias;  // empty for the bootstrap account
  int64_t created_at = 0;
};

struct User {
  std::string name;
  std::string account_id;
  std::string user_id;  // "AIDA…"
  std::string arn;      // arn:aws:iam::<account>:user/<name>
  std::string path = "/";
  int64_t created_at = 0;  // epoch seconds
};

// A key as IAM lists it (never the secret).
struct AccessKeyInfo {
  std::string access_key_id;
  std::string account_id;  // the owning user's account
  std::string user_name;
  std::string status;  // "Active" | "Inactive"
  int64_t created_at = 0;
};

// When and where a key was last used (kept in memory by the serving process: a signed call
// costs no write).
struct KeyLastUse {
  int64_t when = 0;  // epoch seconds; 0: never (since this process started)
  std::string service;
  std::string region;
};

// Runs inside a user change's write transaction (the IAM service's own rows of that user).
using UserTxnHook = std::function<Status(store::Connection&)>;

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
  // Applies the "auth" migrations and seals plain-text secrets under `at_rest_key`
  // (crypto::kAesGcmKeyBytes bytes). Errors: the database's, or InternalFailure for a key of
  // the wrong size.
  static Result<std::unique_ptr<CredentialStore>> Open(store::Database& db,
                                                       std::string at_rest_key);

  // The bootstrap account (the oldest), created with a random 12-digit id on first call.
  Result<Account> EnsureAccount();
  // Another account, with a new random 12-digit id and the alias `alias` (AWS's alias rules:
  // 3–63 lowercase letters, digits and hyphens, not starting or ending with a hyphen).
  // Errors: ValidationError (bad alias), EntityAlreadyExists (alias taken).
  Result<Account> CreateAccount(std::string_view alias);
  // Every account, the bootstrap one first.
  Result<std::vector<Account>> ListAccounts();
  // Errors: NoSuchEntity.
  Result<Account> GetAccount(std::string_view account_id);

  // Users belong to an account: their names are unique within it, and every call below names
  // the account it acts in.
  // A new IAM user. Errors: ValidationError (bad name), EntityAlreadyExists, NoSuchEntity
  // (no such account).
  Result<User> CreateUser(std::string_view account, std::string_view name,
                          std::string_view path = "/");
  Result<std::vector<User>> ListUsers(std::string_view account);
  // Errors: NoSuchEntity.
  Result<User> GetUser(std::string_view account, std::string_view name);
  // Renames and/or moves a user; `hook` (may be empty) runs in the same transaction, before
  // the rename, to carry the IAM service's rows along. Errors: NoSuchEntity,
  // EntityAlreadyExists.
  Status UpdateUser(std::string_view account, std::string_view name,
                    std::optional<std::string> new_name, std::optional<std::string> new_path,
                    const UserTxnHook& hook);
  // Deletes a user that has no access keys; `hook` runs first in the same transaction and may
  // refuse (DeleteConflict). Errors: NoSuchEntity, DeleteConflict.
  Status DeleteUser(std::string_view account, std::string_view name, const UserTxnHook& hook);
  // The user's keys, oldest first. Errors: NoSuchEntity.
  Result<std::vector<AccessKeyInfo>> ListAccessKeys(std::string_view account,
                                                    std::string_view user_name);
  // The owner of a key (any status, any account). Errors: NoSuchEntity.
  Result<AccessKeyInfo> GetAccessKey(std::string_view access_key_id);
  // Active/Inactive; takes effect on the next call signed with the key. Errors: NoSuchEntity.
  Status UpdateAccessKey(std::string_view account, std::string_view user_name,
                         std::string_view access_key_id, std::string_view status);
  // Errors: NoSuchEntity.
  Status DeleteAccessKey(std::string_view account, std::string_view user_name,
                         std::string_view access_key_id);
  // Notes a successful call signed with the key (for GetAccessKeyLastUsed).
  void NoteKeyUse(std::string_view access_key_id, std::string_view service,
                  std::string_view region, int64_t when);
  KeyLastUse LastUse(std::string_view access_key_id) const;
  // A new active key for the user. Errors: NoSuchEntity.
  Result<AccessKeyPair> CreateAccessKey(std::string_view account, std::string_view user_name);
  // The secret and principal of an active long-term key; nullopt when unknown or inactive.
  // Never a temporary key: a caller that knows nothing of session tokens cannot let one in
  // without its token.
  Result<std::optional<StoredKey>> FindAccessKey(std::string_view access_key_id);

  // The key a signed request names, long-term or temporary ("ASIA…", STS), with the
  // X-Amz-Security-Token the request presents (nullopt: none). nullopt when the key id is
  // unknown (or a long-term key inactive). Errors: InvalidSecurityToken (a temporary key
  // without its session's token, with another token, or a long-term key presented with a
  // token), ExpiredSecurityToken (the session is over at `now`), the database's.
  Result<std::optional<StoredKey>> FindSigningKey(std::string_view access_key_id,
                                                  std::optional<std::string_view> security_token,
                                                  TimePoint now);
  // The key a claim berth signed itself names (a registry token, issued to a caller who proved
  // the key and its token then): no token to present, but a session's expiry still holds.
  // nullopt when unknown. Errors: ExpiredSecurityToken, the database's.
  Result<std::optional<StoredKey>> FindIssuedKey(std::string_view access_key_id, TimePoint now);

  // STS's temporary credentials, issued by AssumeRole and GetSessionToken.
  TemporaryCredentials& sessions() { return sessions_; }

 private:
  CredentialStore(store::Database& db, std::string at_rest_key)
      : db_(db), at_rest_key_(at_rest_key), sessions_(db, std::move(at_rest_key)) {}
  // Seals rows written before secrets were encrypted at rest.
  Status SealPlainSecrets();
  // Forgets every cached key (a key changed status, or its user changed), so the next call
  // signed with one reads it afresh.
  void InvalidateCache();
  // Runs `change` on the user's key (a statement naming both, as `change` prepares it) in one
  // write: NoSuchEntity when the user is missing, NoSuchKey when no row changed.
  Status ChangeAccessKey(std::string_view account, std::string_view user_name,
                         std::string_view access_key_id,
                         const std::function<Status(store::Connection&)>& change);

  store::Database& db_;
  const std::string at_rest_key_;
  TemporaryCredentials sessions_;
  std::shared_mutex mu_;
  std::unordered_map<std::string, StoredKey> cache_;  // GUARDED_BY(mu_)
  uint64_t generation_ = 0;                           // GUARDED_BY(mu_): bumped by changes
  mutable std::mutex use_mu_;
  std::unordered_map<std::string, KeyLastUse> last_use_;  // GUARDED_BY(use_mu_)
};

// AWS's account-alias rules: 3–63 of [a-z0-9-], no hyphen first or last.
bool IsValidAccountAlias(std::string_view alias);
// IAM user-name rules: 1–64 characters of [A-Za-z0-9+=,.@_-].
bool IsValidUserName(std::string_view name);
// IAM path rules: "/" or "/…/" of printable ASCII, at most 512 characters.
bool IsValidIamPath(std::string_view path);
// IAM's unique ids: a four-letter kind ("AIDA" user, "AGPA" group, "ANPA" policy, "AROA"
// role) and 17 base-32 characters.
std::string NewUniqueId(std::string_view prefix);
std::string UserArn(std::string_view account, std::string_view path, std::string_view name);

}  // namespace berth::auth
