#include "auth/credential_store.h"

#include <algorithm>
#include <ctime>
#include <mutex>

#include "auth/auth_errors.h"
#include "auth/secrets.h"
#include "core/crypto.h"

namespace berth::auth {
namespace {

const store::Migration kMigrations[] = {
    {1,
     "CREATE TABLE accounts(id TEXT PRIMARY KEY, created_at INTEGER NOT NULL);"
     "CREATE TABLE users(name TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES accounts(id),"
     " user_id TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL);"
     "CREATE TABLE access_keys(id TEXT PRIMARY KEY,"
     " user_name TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,"
     " secret TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'Active',"
     " created_at INTEGER NOT NULL);"},
    // IAM paths (CreateUser --path); every existing user is at "/".
    {2, "ALTER TABLE users ADD COLUMN path TEXT NOT NULL DEFAULT '/';"},
    // STS's temporary credentials (temporary_credentials.h): the principal each speaks as.
    {3,
     "CREATE TABLE sessions(id TEXT PRIMARY KEY, secret TEXT NOT NULL,"
     " token_sha256 TEXT NOT NULL, type TEXT NOT NULL, account_id TEXT NOT NULL,"
     " user_name TEXT NOT NULL, principal_id TEXT NOT NULL, arn TEXT NOT NULL,"
     " role_name TEXT NOT NULL, role_id TEXT NOT NULL, role_arn TEXT NOT NULL,"
     " session_name TEXT NOT NULL, session_policy TEXT NOT NULL,"
     " created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);"
     "CREATE INDEX sessions_by_expiry ON sessions(expires_at);"},
    // Accounts (`berth account create`): an alias each, and user names unique per account
    // rather than per server. The tables are rebuilt (SQLite cannot change a primary key);
    // the keys' table goes first, so dropping the old users cascades into nothing.
    {4,
     "ALTER TABLE accounts ADD COLUMN alias TEXT;"
     "CREATE UNIQUE INDEX accounts_by_alias ON accounts(alias) WHERE alias IS NOT NULL;"
     "CREATE TABLE users_v4(account_id TEXT NOT NULL REFERENCES accounts(id),"
     " name TEXT NOT NULL, user_id TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL,"
     " path TEXT NOT NULL DEFAULT '/', PRIMARY KEY(account_id, name));"
     "INSERT INTO users_v4(account_id, name, user_id, created_at, path)"
     " SELECT account_id, name, user_id, created_at, path FROM users;"
     "CREATE TABLE access_keys_v4(id TEXT PRIMARY KEY, account_id TEXT NOT NULL,"
     " user_name TEXT NOT NULL, secret TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'Active',"
     " created_at INTEGER NOT NULL, FOREIGN KEY(account_id, user_name)"
     " REFERENCES users_v4(account_id, name) ON DELETE CASCADE ON UPDATE CASCADE);"
     "INSERT INTO access_keys_v4(id, account_id, user_name, secret, status, created_at)"
     " SELECT k.id, u.account_id, k.user_name, k.secret, k.status, k.created_at"
     " FROM access_keys k JOIN users u ON u.name = k.user_name;"
     "DROP TABLE access_keys;"
     "DROP TABLE users;"
     "ALTER TABLE users_v4 RENAME TO users;"
     "ALTER TABLE access_keys_v4 RENAME TO access_keys;"
     "CREATE INDEX access_keys_by_user ON access_keys(account_id, user_name);"},
};

Error NoSuchAccount(std::string_view account) {
  return {"NoSuchEntity", "The account with id " + std::string(account) + " cannot be found.",
          404};
}

Error NoSuchEntity(std::string_view user) {
  return {"NoSuchEntity", "The user with name " + std::string(user) + " cannot be found.", 404};
}

Error NoSuchKey(std::string_view key) {
  return {"NoSuchEntity", "The Access Key with id " + std::string(key) + " cannot be found.",
          404};
}

User ReadUser(store::Statement& stmt) {
  User u{stmt.ColumnText(0), stmt.ColumnText(1), stmt.ColumnText(2), ""};
  u.path = stmt.ColumnText(3);
  u.created_at = stmt.ColumnInt(4);
  u.arn = UserArn(u.account_id, u.path, u.name);
  return u;
}

constexpr std::string_view kUserColumns = "name, account_id, user_id, path, created_at";

Result<bool> UserExists(store::Connection& c, std::string_view account, std::string_view name) {
  BERTH_ASSIGN_OR_RETURN(auto stmt,
                         c.Prepare("SELECT 1 FROM users WHERE account_id = ? AND name = ?"));
  stmt.Bind(1, account).Bind(2, name);
  return stmt.Step();
}

Result<bool> AccountExists(store::Connection& c, std::string_view account) {
  BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare("SELECT 1 FROM accounts WHERE id = ?"));
  stmt.Bind(1, account);
  return stmt.Step();
}

Account ReadAccount(store::Statement& stmt) {
  return Account{stmt.ColumnText(0), stmt.ColumnText(1), stmt.ColumnInt(2)};
}

constexpr std::string_view kAccountColumns = "id, COALESCE(alias, ''), created_at";

// The first digit is never 0, so the id keeps 12 digits wherever it is read as a number.
std::string NewAccountId() {
  return RandomString(1, "123456789") + RandomString(11, "0123456789");
}

}  // namespace

std::string NewUniqueId(std::string_view prefix) {
  return std::string(prefix) + RandomString(17, kBase32Alphabet);
}

std::string UserArn(std::string_view account, std::string_view path, std::string_view name) {
  std::string arn = "arn:aws:iam::";
  arn.append(account).append(":user").append(path.empty() ? "/" : path).append(name);
  return arn;
}

bool IsValidIamPath(std::string_view path) {
  if (path.empty() || path.size() > 512 || path.front() != '/' || path.back() != '/') return false;
  return std::all_of(path.begin(), path.end(), [](char c) { return c >= 0x21 && c <= 0x7e; });
}

bool IsValidAccountAlias(std::string_view alias) {
  if (alias.size() < 3 || alias.size() > 63 || alias.front() == '-' || alias.back() == '-')
    return false;
  return std::all_of(alias.begin(), alias.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

bool IsValidUserName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           std::string_view("+=,.@_-").find(c) != std::string_view::npos;
  });
}

Result<std::unique_ptr<CredentialStore>> CredentialStore::Open(store::Database& db,
                                                               std::string at_rest_key) {
  if (at_rest_key.size() != crypto::kAesGcmKeyBytes)
    return Error{"InternalFailure", "the at-rest key must be 32 bytes", 500};
  BERTH_RETURN_IF_ERROR(db.Migrate("auth", kMigrations));
  std::unique_ptr<CredentialStore> store(new CredentialStore(db, std::move(at_rest_key)));
  BERTH_RETURN_IF_ERROR(store->SealPlainSecrets());
  return store;
}

Status CredentialStore::SealPlainSecrets() {
  return db_.Write([&](store::Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto select,
                           c.Prepare("SELECT id, secret FROM access_keys WHERE secret NOT LIKE 'v1:%'"));
    std::vector<std::pair<std::string, std::string>> plain;
    while (true) {
      BERTH_ASSIGN_OR_RETURN(bool row, select.Step());
      if (!row) break;
      plain.emplace_back(select.ColumnText(0), select.ColumnText(1));
    }
    if (plain.empty()) return Ok();
    // Overwrites the freed plain-text cells with zeros rather than leaving them in the file's
    // free space; the connection's own setting is restored after (it costs every delete).
    BERTH_ASSIGN_OR_RETURN(auto mode, c.Prepare("PRAGMA secure_delete"));
    BERTH_ASSIGN_OR_RETURN(bool has_mode, mode.Step());
    const int64_t was = has_mode ? mode.ColumnInt(0) : 0;
    if (has_mode) IgnoreError(mode.Step());  // done with it before the writes
    BERTH_RETURN_IF_ERROR(c.Exec("PRAGMA secure_delete = ON"));
    for (const auto& [id, secret] : plain) {
      BERTH_ASSIGN_OR_RETURN(auto update, c.Prepare("UPDATE access_keys SET secret = ? WHERE id = ?"));
      update.Bind(1, SealSecret(at_rest_key_, id, secret)).Bind(2, id);
      BERTH_RETURN_IF_ERROR(update.Run());
    }
    return c.Exec(was == 1 ? "PRAGMA secure_delete = ON" : "PRAGMA secure_delete = OFF");
  });
}

Result<Account> CredentialStore::EnsureAccount() {
  Account account;
  BERTH_RETURN_IF_ERROR(db_.Write([&](store::Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto select,
                           c.Prepare("SELECT " + std::string(kAccountColumns) +
                                     " FROM accounts ORDER BY created_at, rowid LIMIT 1"));
    BERTH_ASSIGN_OR_RETURN(bool row, select.Step());
    if (row) {
      account = ReadAccount(select);
      return Ok();
    }
    account.id = NewAccountId();
    account.created_at = static_cast<int64_t>(std::time(nullptr));
    BERTH_ASSIGN_OR_RETURN(auto insert,
                           c.Prepare("INSERT INTO accounts(id, created_at) VALUES (?, ?)"));
    insert.Bind(1, account.id).Bind(2, account.created_at);
    return insert.Run();
  }));
  return account;
}

Result<Account> CredentialStore::CreateAccount(std::string_view alias) {
  if (!IsValidAccountAlias(alias)) {
    return Error{"ValidationError",
                 "The specified value for accountAlias is invalid. It must contain only "
                 "lowercase letters, digits and hyphens (3 to 63), not starting or ending with "
                 "a hyphen.",
                 400};
  }
  // The bootstrap account first, so it stays the oldest.
  BERTH_RETURN_IF_ERROR(EnsureAccount());
  Account account{NewAccountId(), std::string(alias), static_cast<int64_t>(std::time(nullptr))};
  Status status = db_.Write([&](store::Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(
        auto insert, c.Prepare("INSERT INTO accounts(id, alias, created_at) VALUES (?, ?, ?)"));
    insert.Bind(1, account.id).Bind(2, account.alias).Bind(3, account.created_at);
    return insert.Run();
  });
  if (!status.ok() && store::IsConstraintViolation(status.error())) {
    return Error{"EntityAlreadyExists",
                 "An account with alias " + account.alias + " already exists.", 409};
  }
  BERTH_RETURN_IF_ERROR(status);
  return account;
}

Result<std::vector<Account>> CredentialStore::ListAccounts() {
  std::vector<Account> accounts;
  BERTH_RETURN_IF_ERROR(db_.Read([&](store::Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare("SELECT " + std::string(kAccountColumns) +
                                                " FROM accounts ORDER BY created_at, rowid"));
    for (;;) {
      BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) return Ok();
      accounts.push_back(ReadAccount(stmt));
    }
  }));
  return accounts;
}

Result<Account> CredentialStore::GetAccount(std::string_view account_id) {
  std::optional<Account> account;
  BERTH_RETURN_IF_ERROR(db_.Read([&](store::Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare("SELECT " + std::string(kAccountColumns) +
                                                " FROM accounts WHERE id = ?"));
    stmt.Bind(1, account_id);
    BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (row) account = ReadAccount(stmt);
    return Ok();
  }));
  if (!account) return NoSuchAccount(account_id);
  return *account;
}

Result<User> CredentialStore::CreateUser(std::string_view account, std::string_view name,
                                         std::string_view path) {
  if (!IsValidUserName(name)) {
    return Error{"ValidationError",
                 "The specified value for userName is invalid. It must contain only alphanumeric "
                 "characters and/or the following: +=,.@_-",
                 400};
  }
  if (!IsValidIamPath(path)) {
    return Error{"ValidationError",
                 "The specified value for path is invalid. It must begin and end with / and "
                 "contain only alphanumeric characters and/or / characters.",
                 400};
  }
  User user{std::string(name), std::string(account), "AIDA" + RandomString(17, kBase32Alphabet),
            UserArn(account, path, name)};
  user.path = std::string(path);
  user.created_at = static_cast<int64_t>(std::time(nullptr));
  bool account_found = false;
  Status status = db_.Write([&](store::Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(account_found, AccountExists(c, account));
    if (!account_found) return Ok();
    BERTH_ASSIGN_OR_RETURN(auto insert, c.Prepare("INSERT INTO users(name, account_id, user_id, "
                                                  "created_at, path) VALUES (?, ?, ?, ?, ?)"));
    insert.Bind(1, user.name).Bind(2, user.account_id).Bind(3, user.user_id);
    insert.Bind(4, user.created_at).Bind(5, user.path);
    return insert.Run();
  });
  if (!status.ok() && store::IsConstraintViolation(status.error())) {
    return Error{"EntityAlreadyExists", "User with name " + user.name + " already exists.", 409};
  }
  BERTH_RETURN_IF_ERROR(status);
  if (!account_found) return NoSuchAccount(account);
  return user;
}

Result<std::vector<User>> CredentialStore::ListUsers(std::string_view account) {
  std::vector<User> users;
  BERTH_RETURN_IF_ERROR(db_.Read([&](store::Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare("SELECT " + std::string(kUserColumns) +
                                                " FROM users WHERE account_id = ? ORDER BY name"));
    stmt.Bind(1, account);
    for (;;) {
      BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) return Ok();
      users.push_back(ReadUser(stmt));
    }
  }));
  return users;
}

Result<User> CredentialStore::GetUser(std::string_view account, std::string_view name) {
  std::optional<User> user;
  BERTH_RETURN_IF_ERROR(db_.Read([&](store::Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare("SELECT " + std::string(kUserColumns) +
                                                " FROM users WHERE account_id = ? AND name = ?"));
    stmt.Bind(1, account).Bind(2, name);
    BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (row) user = ReadUser(stmt);
    return Ok();
  }));
  if (!user) return NoSuchEntity(name);
  return *user;
}

Status CredentialStore::UpdateUser(std::string_view account, std::string_view name,
                                   std::optional<std::string> new_name,
                                   std::optional<std::string> new_path, const UserTxnHook& hook) {
  if (new_name && !IsValidUserName(*new_name)) {
    return Error{"ValidationError", "The specified value for newUserName is invalid.", 400};
  }
  if (new_path && !IsValidIamPath(*new_path)) {
    return Error{"ValidationError", "The specified value for newPath is invalid.", 400};
  }
  bool found = false, taken = false;
  BERTH_RETURN_IF_ERROR(db_.Write([&](store::Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(found, UserExists(c, account, name));
    if (!found) return Ok();
    if (new_path) {
      BERTH_ASSIGN_OR_RETURN(
          auto stmt, c.Prepare("UPDATE users SET path = ? WHERE account_id = ? AND name = ?"));
      stmt.Bind(1, *new_path).Bind(2, account).Bind(3, name);
      BERTH_RETURN_IF_ERROR(stmt.Run());
    }
    if (!new_name || *new_name == name) return Ok();
    BERTH_ASSIGN_OR_RETURN(taken, UserExists(c, account, *new_name));
    if (taken) return Ok();
    if (hook) BERTH_RETURN_IF_ERROR(hook(c));
    // The keys follow their user (ON UPDATE CASCADE).
    BERTH_ASSIGN_OR_RETURN(
        auto rename, c.Prepare("UPDATE users SET name = ? WHERE account_id = ? AND name = ?"));
    rename.Bind(1, *new_name).Bind(2, account).Bind(3, name);
    return rename.Run();
  }));
  if (!found) return NoSuchEntity(name);
  if (taken) {
    return Error{"EntityAlreadyExists", "User with name " + *new_name + " already exists.", 409};
  }
  InvalidateCache();
  return Ok();
}

Status CredentialStore::DeleteUser(std::string_view account, std::string_view name,
                                   const UserTxnHook& hook) {
  bool found = false, has_keys = false;
  BERTH_RETURN_IF_ERROR(db_.Write([&](store::Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(found, UserExists(c, account, name));
    if (!found) return Ok();
    BERTH_ASSIGN_OR_RETURN(
        auto keys,
        c.Prepare("SELECT 1 FROM access_keys WHERE account_id = ? AND user_name = ?"));
    keys.Bind(1, account).Bind(2, name);
    BERTH_ASSIGN_OR_RETURN(has_keys, keys.Step());
    if (has_keys) return Ok();
    if (hook) BERTH_RETURN_IF_ERROR(hook(c));
    BERTH_ASSIGN_OR_RETURN(auto drop,
                           c.Prepare("DELETE FROM users WHERE account_id = ? AND name = ?"));
    drop.Bind(1, account).Bind(2, name);
    return drop.Run();
  }));
  if (!found) return NoSuchEntity(name);
  if (has_keys) {
    return Error{"DeleteConflict", "Cannot delete entity, must delete access keys first.", 409};
  }
  InvalidateCache();
  return Ok();
}

namespace {

constexpr std::string_view kKeyColumns = "id, account_id, user_name, status, created_at";

AccessKeyInfo ReadKey(store::Statement& stmt) {
  AccessKeyInfo key;
  key.access_key_id = stmt.ColumnText(0);
  key.account_id = stmt.ColumnText(1);
  key.user_name = stmt.ColumnText(2);
  key.status = stmt.ColumnText(3);
  key.created_at = stmt.ColumnInt(4);
  return key;
}

}  // namespace

Result<std::vector<AccessKeyInfo>> CredentialStore::ListAccessKeys(std::string_view account,
                                                                   std::string_view user_name) {
  std::vector<AccessKeyInfo> keys;
  bool found = false;
  BERTH_RETURN_IF_ERROR(db_.Read([&](store::Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(found, UserExists(c, account, user_name));
    if (!found) return Ok();
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare("SELECT " + std::string(kKeyColumns) +
                                                " FROM access_keys WHERE account_id = ? AND "
                                                "user_name = ? ORDER BY created_at, id"));
    stmt.Bind(1, account).Bind(2, user_name);
    for (;;) {
      BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) return Ok();
      keys.push_back(ReadKey(stmt));
    }
  }));
  if (!found) return NoSuchEntity(user_name);
  return keys;
}

Result<AccessKeyInfo> CredentialStore::GetAccessKey(std::string_view access_key_id) {
  std::optional<AccessKeyInfo> key;
  BERTH_RETURN_IF_ERROR(db_.Read([&](store::Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare("SELECT " + std::string(kKeyColumns) +
                                                " FROM access_keys WHERE id = ?"));
    stmt.Bind(1, access_key_id);
    BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (row) key = ReadKey(stmt);
    return Ok();
  }));
  if (!key) return NoSuchKey(access_key_id);
  return *key;
}

Status CredentialStore::ChangeAccessKey(std::string_view account, std::string_view user_name,
                                        std::string_view access_key_id,
                                        const std::function<Status(store::Connection&)>& change) {
  bool user_found = false, key_found = false;
  BERTH_RETURN_IF_ERROR(db_.Write([&](store::Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(user_found, UserExists(c, account, user_name));
    if (!user_found) return Ok();
    BERTH_RETURN_IF_ERROR(change(c));
    key_found = c.Changes() > 0;
    return Ok();
  }));
  if (!user_found) return NoSuchEntity(user_name);
  if (!key_found) return NoSuchKey(access_key_id);
  InvalidateCache();
  return Ok();
}

Status CredentialStore::UpdateAccessKey(std::string_view account, std::string_view user_name,
                                        std::string_view access_key_id,
                                        std::string_view status) {
  return ChangeAccessKey(account, user_name, access_key_id, [&](store::Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare("UPDATE access_keys SET status = ? WHERE id = ? "
                                                "AND account_id = ? AND user_name = ?"));
    stmt.Bind(1, status).Bind(2, access_key_id).Bind(3, account).Bind(4, user_name);
    return stmt.Run();
  });
}

Status CredentialStore::DeleteAccessKey(std::string_view account, std::string_view user_name,
                                        std::string_view access_key_id) {
  return ChangeAccessKey(account, user_name, access_key_id, [&](store::Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare("DELETE FROM access_keys WHERE id = ? AND "
                                                "account_id = ? AND user_name = ?"));
    stmt.Bind(1, access_key_id).Bind(2, account).Bind(3, user_name);
    return stmt.Run();
  });
}

void CredentialStore::NoteKeyUse(std::string_view access_key_id, std::string_view service,
                                 std::string_view region, int64_t when) {
  std::lock_guard lock(use_mu_);
  KeyLastUse& use = last_use_[std::string(access_key_id)];
  use.when = when;
  if (use.service != service) use.service.assign(service);
  if (use.region != region) use.region.assign(region);
}

KeyLastUse CredentialStore::LastUse(std::string_view access_key_id) const {
  std::lock_guard lock(use_mu_);
  auto it = last_use_.find(std::string(access_key_id));
  return it == last_use_.end() ? KeyLastUse{} : it->second;
}

void CredentialStore::InvalidateCache() {
  std::unique_lock lock(mu_);
  cache_.clear();
  ++generation_;
}

Result<AccessKeyPair> CredentialStore::CreateAccessKey(std::string_view account,
                                                      std::string_view user_name) {
  AccessKeyPair pair{"AKIA" + RandomString(16, kBase32Alphabet), NewSecretAccessKey()};
  bool found = false;
  BERTH_RETURN_IF_ERROR(db_.Write([&](store::Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(found, UserExists(c, account, user_name));
    if (!found) return Ok();
    BERTH_ASSIGN_OR_RETURN(auto insert,
                           c.Prepare("INSERT INTO access_keys(id, account_id, user_name, secret, "
                                     "created_at) VALUES (?, ?, ?, ?, ?)"));
    insert.Bind(1, pair.access_key_id).Bind(2, account).Bind(3, user_name);
    insert.Bind(4, SealSecret(at_rest_key_, pair.access_key_id, pair.secret_access_key));
    insert.Bind(5, static_cast<int64_t>(std::time(nullptr)));
    return insert.Run();
  }));
  if (!found) return NoSuchEntity(user_name);
  return pair;
}

Result<std::optional<StoredKey>> CredentialStore::FindAccessKey(std::string_view access_key_id) {
  const std::string id(access_key_id);
  uint64_t generation = 0;
  {
    std::shared_lock lock(mu_);
    if (auto it = cache_.find(id); it != cache_.end()) return std::optional<StoredKey>(it->second);
    generation = generation_;
  }
  std::optional<StoredKey> key;
  BERTH_RETURN_IF_ERROR(db_.Read([&](store::Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt,
                           c.Prepare("SELECT k.secret, u.name, u.account_id, u.user_id, "
                                     "u.path FROM access_keys k JOIN users u ON "
                                     "u.account_id = k.account_id AND u.name = k.user_name "
                                     "WHERE k.id = ? AND k.status = 'Active'"));
    stmt.Bind(1, id);
    BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return Ok();
    StoredKey k;
    BERTH_ASSIGN_OR_RETURN(k.secret, UnsealSecret(at_rest_key_, id, stmt.ColumnText(0)));
    k.principal.type = PrincipalType::kIamUser;
    k.principal.user_name = stmt.ColumnText(1);
    k.principal.account_id = stmt.ColumnText(2);
    k.principal.principal_id = stmt.ColumnText(3);
    k.principal.arn = UserArn(k.principal.account_id, stmt.ColumnText(4), k.principal.user_name);
    k.principal.access_key_id = id;
    key = std::move(k);
    return Ok();
  }));
  if (key) {
    std::unique_lock lock(mu_);
    // A key read before a change (deactivated meanwhile) must not be cached after it.
    if (generation == generation_) cache_.emplace(id, *key);
  }
  return key;
}

}  // namespace berth::auth

namespace berth::auth {

Result<std::optional<StoredKey>> CredentialStore::FindSigningKey(
    std::string_view access_key_id, std::optional<std::string_view> security_token,
    TimePoint now) {
  if (!TemporaryCredentials::IsTemporaryKeyId(access_key_id)) {
    // A token with a long-term key is a client's mistake (a stale AWS_SESSION_TOKEN); AWS
    // refuses it rather than ignore it.
    if (security_token) return errors::InvalidSecurityToken();
    return FindAccessKey(access_key_id);
  }
  BERTH_ASSIGN_OR_RETURN(auto session, sessions_.Find(access_key_id));
  if (!session) return std::optional<StoredKey>();
  if (!security_token ||
      !crypto::ConstantTimeEquals(crypto::Sha256Hex(*security_token), session->token_sha256)) {
    return errors::InvalidSecurityToken();
  }
  if (now >= *session->principal.session_expires) return errors::ExpiredSecurityToken();
  return std::optional<StoredKey>(StoredKey{std::move(session->secret),
                                            std::move(session->principal)});
}

Result<std::optional<StoredKey>> CredentialStore::FindIssuedKey(std::string_view access_key_id,
                                                                TimePoint now) {
  if (!TemporaryCredentials::IsTemporaryKeyId(access_key_id)) return FindAccessKey(access_key_id);
  BERTH_ASSIGN_OR_RETURN(auto session, sessions_.Find(access_key_id));
  if (!session) return std::optional<StoredKey>();
  if (now >= *session->principal.session_expires) return errors::ExpiredSecurityToken();
  return std::optional<StoredKey>(StoredKey{std::move(session->secret),
                                            std::move(session->principal)});
}

}  // namespace berth::auth
