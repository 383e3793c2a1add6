#pragma once
// Temporary security credentials, as STS issues them (AssumeRole, GetSessionToken): an
// "ASIA…" access key id, a secret, and a session token the caller must present with every
// call (X-Amz-Security-Token, as a header or a presigned URL's query parameter), valid until
// the session's expiration.
//
// Kept durably in the database (component "auth", table sessions), so sessions survive a
// restart: the secret sealed under the at-rest key like a long-term key's (secrets.h), the
// token only as its SHA-256 (a call presents it, nothing ever needs it back). The principal
// the session speaks as is stored whole. Expired sessions are kept a day, so that a call
// made with one is told it expired rather than that it is unknown, then dropped.
//
// Thread-safe. Sessions never change once issued, so found ones are cached in memory
// (bounded): a signed call costs no SQLite read and no decryption.

#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "auth/principal.h"
#include "core/clock.h"
#include "core/result.h"
#include "store/database.h"

namespace berth::auth {

struct IssuedCredentials {
  std::string access_key_id;  // "ASIA…", 20 characters
  std::string secret_access_key;
  std::string session_token;
  TimePoint expiration;
};

// A session found by its key id.
struct SessionKey {
  std::string secret;
  std::string token_sha256;  // hex
  Principal principal;       // with access_key_id, session_created and session_expires set
};

class TemporaryCredentials {
 public:
  // The caller (CredentialStore::Open) has applied the "auth" migrations.
  TemporaryCredentials(store::Database& db, std::string at_rest_key)
      : db_(db), at_rest_key_(std::move(at_rest_key)) {}

  // New credentials speaking as `principal` (its type, ids, ARN and role session) from
  // `created` until `expires`. Errors: the database's.
  Result<IssuedCredentials> Issue(Principal principal, TimePoint created, TimePoint expires);

  // The session of an "ASIA…" key id (expired or not); nullopt when unknown.
  Result<std::optional<SessionKey>> Find(std::string_view access_key_id);

  static bool IsTemporaryKeyId(std::string_view access_key_id) {
    return access_key_id.substr(0, 4) == "ASIA";
  }

 private:
  // Drops sessions expired more than a day before `now` (on every Issue: cheap, indexed).
  Status DropExpired(store::Connection& c, TimePoint now);

  store::Database& db_;
  const std::string at_rest_key_;
  std::shared_mutex mu_;
  std::unordered_map<std::string, SessionKey> cache_;  // GUARDED_BY(mu_)
};

}  // namespace berth::auth
