#include "auth/credential_store.h"

#include <algorithm>
#include <ctime>
#include <mutex>

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
};

// Random characters from `alphabet`, by rejection sampling so every character is equally
// likely.
std::string RandomString(size_t n, std::string_view alphabet) {
  std::string out;
  out.reserve(n);
  const size_t limit = 256 - (256 % alphabet.size());
  while (out.size() < n) {
    for (unsigned char b : crypto::RandomBytes(n * 2)) {
      if (b >= limit) continue;
      out.push_back(alphabet[b % alphabet.size()]);
      if (out.size() == n) break;
    }
  }
  return out;
}

constexpr std::string_view kBase32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr std::string_view kSecretAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string UserArn(const std::string& account, const std::string& name) {
  return "arn:aws:iam::" + account + ":user/" + name;
}

Error NoSuchEntity(std::string_view user) {
  return {"NoSuchEntity", "The user with name " + std::string(user) + " cannot be found.", 404};
}

}  // namespace

bool IsValidUserName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           std::string_view("+=,.@_-").find(c) != std::string_view::npos;
  });
}

Result<std::unique_ptr<CredentialStore>> CredentialStore::Open(store::Database& db) {
  BERTH_RETURN_IF_ERROR(db.Migrate("auth", kMigrations));
  return std::unique_ptr<CredentialStore>(new CredentialStore(db));
}

Result<Account> CredentialStore::EnsureAccount() {
  Account account;
  BERTH_RETURN_IF_ERROR(db_.Write([&](store::Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto select, c.Prepare("SELECT id FROM accounts LIMIT 1"));
    BERTH_ASSIGN_OR_RETURN(bool row, select.Step());
    if (row) {
      account.id = select.ColumnText(0);
      return Ok();
    }
    // The first digit is never 0, so the id keeps 12 digits wherever it is read as a number.
    account.id = RandomString(1, "123456789") + RandomString(11, "0123456789");
    BERTH_ASSIGN_OR_RETURN(auto insert,
                           c.Prepare("INSERT INTO accounts(id, created_at) VALUES (?, ?)"));
    insert.Bind(1, account.id).Bind(2, static_cast<int64_t>(std::time(nullptr)));
    return insert.Run();
  }));
  return account;
}

Result<User> CredentialStore::CreateUser(std::string_view name) {
  if (!IsValidUserName(name)) {
    return Error{"ValidationError",
                 "The specified value for userName is invalid. It must contain only alphanumeric "
                 "characters and/or the following: +=,.@_-",
                 400};
  }
  BERTH_ASSIGN_OR_RETURN(Account account, EnsureAccount());
  User user{std::string(name), account.id, "AIDA" + RandomString(17, kBase32),
            UserArn(account.id, std::string(name))};
  Status status = db_.Write([&](store::Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto insert, c.Prepare("INSERT INTO users(name, account_id, user_id, "
                                                  "created_at) VALUES (?, ?, ?, ?)"));
    insert.Bind(1, user.name).Bind(2, user.account_id).Bind(3, user.user_id);
    insert.Bind(4, static_cast<int64_t>(std::time(nullptr)));
    return insert.Run();
  });
  if (!status.ok() && store::IsConstraintViolation(status.error())) {
    return Error{"EntityAlreadyExists", "User with name " + user.name + " already exists.", 409};
  }
  BERTH_RETURN_IF_ERROR(status);
  return user;
}

Result<std::vector<User>> CredentialStore::ListUsers() {
  std::vector<User> users;
  BERTH_RETURN_IF_ERROR(db_.Read([&](store::Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(
        auto stmt, c.Prepare("SELECT name, account_id, user_id FROM users ORDER BY name"));
    for (;;) {
      BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) return Ok();
      User u{stmt.ColumnText(0), stmt.ColumnText(1), stmt.ColumnText(2), ""};
      u.arn = UserArn(u.account_id, u.name);
      users.push_back(std::move(u));
    }
  }));
  return users;
}

Result<AccessKeyPair> CredentialStore::CreateAccessKey(std::string_view user_name) {
  AccessKeyPair pair{"AKIA" + RandomString(16, kBase32), RandomString(40, kSecretAlphabet)};
  bool found = false;
  BERTH_RETURN_IF_ERROR(db_.Write([&](store::Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto user, c.Prepare("SELECT 1 FROM users WHERE name = ?"));
    user.Bind(1, user_name);
    BERTH_ASSIGN_OR_RETURN(found, user.Step());
    if (!found) return Ok();
    BERTH_ASSIGN_OR_RETURN(auto insert, c.Prepare("INSERT INTO access_keys(id, user_name, secret, "
                                                  "created_at) VALUES (?, ?, ?, ?)"));
    insert.Bind(1, pair.access_key_id).Bind(2, user_name).Bind(3, pair.secret_access_key);
    insert.Bind(4, static_cast<int64_t>(std::time(nullptr)));
    return insert.Run();
  }));
  if (!found) return NoSuchEntity(user_name);
  return pair;
}

Result<std::optional<StoredKey>> CredentialStore::FindAccessKey(std::string_view access_key_id) {
  const std::string id(access_key_id);
  {
    std::shared_lock lock(mu_);
    if (auto it = cache_.find(id); it != cache_.end()) return std::optional<StoredKey>(it->second);
  }
  std::optional<StoredKey> key;
  BERTH_RETURN_IF_ERROR(db_.Read([&](store::Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt,
                           c.Prepare("SELECT k.secret, u.name, u.account_id, u.user_id "
                                     "FROM access_keys k JOIN users u ON u.name = k.user_name "
                                     "WHERE k.id = ? AND k.status = 'Active'"));
    stmt.Bind(1, id);
    BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return Ok();
    StoredKey k;
    k.secret = stmt.ColumnText(0);
    k.principal.type = PrincipalType::kIamUser;
    k.principal.user_name = stmt.ColumnText(1);
    k.principal.account_id = stmt.ColumnText(2);
    k.principal.principal_id = stmt.ColumnText(3);
    k.principal.arn = UserArn(k.principal.account_id, k.principal.user_name);
    k.principal.access_key_id = id;
    key = std::move(k);
    return Ok();
  }));
  if (key) {
    std::unique_lock lock(mu_);
    cache_.emplace(id, *key);
  }
  return key;
}

}  // namespace berth::auth
