#include "auth/temporary_credentials.h"

#include <chrono>

#include "auth/secrets.h"
#include "core/crypto.h"

namespace berth::auth {
namespace {

// Cached sessions beyond this are forgotten all at once (they are found again on next use).
constexpr size_t kMaxCached = 10000;
constexpr std::chrono::hours kKeepExpired{24};

int64_t Seconds(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}
TimePoint FromSeconds(int64_t s) { return TimePoint(std::chrono::seconds(s)); }

std::string_view TypeName(PrincipalType type) {
  switch (type) {
    case PrincipalType::kRoot:
      return "Root";
    case PrincipalType::kAssumedRole:
      return "AssumedRole";
    case PrincipalType::kIamUser:
      break;
  }
  return "IAMUser";
}

PrincipalType TypeFromName(std::string_view name) {
  if (name == "Root") return PrincipalType::kRoot;
  if (name == "AssumedRole") return PrincipalType::kAssumedRole;
  return PrincipalType::kIamUser;
}

// A session token: 64 random bytes, base64 (AWS's are opaque blobs of a similar alphabet).
std::string NewSessionToken() { return crypto::Base64Encode(crypto::RandomBytes(64)); }

}  // namespace

Status TemporaryCredentials::DropExpired(store::Connection& c, TimePoint now) {
  BERTH_ASSIGN_OR_RETURN(auto drop, c.Prepare("DELETE FROM sessions WHERE expires_at < ?"));
  drop.Bind(1, Seconds(now - kKeepExpired));
  return drop.Run();
}

Result<IssuedCredentials> TemporaryCredentials::Issue(Principal principal, TimePoint created,
                                                      TimePoint expires) {
  IssuedCredentials issued{"ASIA" + RandomString(16, kBase32Alphabet), NewSecretAccessKey(),
                           NewSessionToken(), expires};
  const RoleSession no_role;
  const RoleSession& role = principal.role ? *principal.role : no_role;
  BERTH_RETURN_IF_ERROR(db_.Write([&](store::Connection& c) -> Status {
    BERTH_RETURN_IF_ERROR(DropExpired(c, created));
    BERTH_ASSIGN_OR_RETURN(
        auto insert,
        c.Prepare("INSERT INTO sessions(id, secret, token_sha256, type, account_id, user_name, "
                  "principal_id, arn, role_name, role_id, role_arn, session_name, "
                  "session_policy, created_at, expires_at) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    insert.Bind(1, issued.access_key_id)
        .Bind(2, SealSecret(at_rest_key_, issued.access_key_id, issued.secret_access_key))
        .Bind(3, crypto::Sha256Hex(issued.session_token))
        .Bind(4, TypeName(principal.type))
        .Bind(5, principal.account_id)
        .Bind(6, principal.user_name)
        .Bind(7, principal.principal_id)
        .Bind(8, principal.arn);
    insert.Bind(9, role.role_name)
        .Bind(10, role.role_id)
        .Bind(11, role.role_arn)
        .Bind(12, role.session_name)
        .Bind(13, role.session_policy)
        .Bind(14, Seconds(created))
        .Bind(15, Seconds(expires));
    return insert.Run();
  }));
  return issued;
}

Result<std::optional<SessionKey>> TemporaryCredentials::Find(std::string_view access_key_id) {
  const std::string id(access_key_id);
  {
    std::shared_lock lock(mu_);
    if (auto it = cache_.find(id); it != cache_.end()) return std::optional<SessionKey>(it->second);
  }
  std::optional<SessionKey> found;
  BERTH_RETURN_IF_ERROR(db_.Read([&](store::Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(
        auto stmt,
        c.Prepare("SELECT secret, token_sha256, type, account_id, user_name, principal_id, arn, "
                  "role_name, role_id, role_arn, session_name, session_policy, created_at, "
                  "expires_at FROM sessions WHERE id = ?"));
    stmt.Bind(1, id);
    BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return Ok();
    SessionKey key;
    BERTH_ASSIGN_OR_RETURN(key.secret, UnsealSecret(at_rest_key_, id, stmt.ColumnText(0)));
    key.token_sha256 = stmt.ColumnText(1);
    Principal& p = key.principal;
    p.type = TypeFromName(stmt.ColumnText(2));
    p.account_id = stmt.ColumnText(3);
    p.user_name = stmt.ColumnText(4);
    p.principal_id = stmt.ColumnText(5);
    p.arn = stmt.ColumnText(6);
    p.access_key_id = id;
    if (p.type == PrincipalType::kAssumedRole) {
      p.role = RoleSession{stmt.ColumnText(7), stmt.ColumnText(8), stmt.ColumnText(9),
                           stmt.ColumnText(10), stmt.ColumnText(11)};
    }
    p.session_created = FromSeconds(stmt.ColumnInt(12));
    p.session_expires = FromSeconds(stmt.ColumnInt(13));
    found = std::move(key);
    return Ok();
  }));
  if (found) {
    std::unique_lock lock(mu_);
    if (cache_.size() >= kMaxCached) cache_.clear();
    cache_.emplace(id, *found);
  }
  return found;
}

}  // namespace berth::auth
