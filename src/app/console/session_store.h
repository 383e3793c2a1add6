#pragma once
// The console's signed-in sessions, kept in memory (a restart signs everyone out; no secret
// is ever stored: a session names the access key it was signed in with, whose status is
// checked again on every call, so deactivating or deleting the key ends the session too).
//
// A session is a random 256-bit cookie value (only its SHA-256 is kept) and a random
// anti-forgery token the page sends back in the X-Berth-Csrf header: a cross-site request can
// carry neither (the cookie is SameSite=Strict, and a form cannot set a header).
//
// Sign-in challenges: a signed sign-in must name a challenge this store issued and has not seen
// used, so a captured sign-in request (valid for SigV4's 15 minutes) cannot be replayed to open
// another session. A challenge lives 5 minutes; at most 10,000 are outstanding (the oldest
// forgotten first), so anonymous requests for them cost bounded memory.
// Thread-safe.

#include <cstddef>
#include <string_view>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "auth/credential_store.h"
#include "core/clock.h"
#include "pipeline/session_authenticator.h"

namespace berth::app::console {

inline constexpr std::string_view kSessionCookie = "berth-console";
inline constexpr std::string_view kCsrfHeader = pipeline::kSessionCsrfHeader;

struct SessionOptions {
  // AWS's console session for an IAM user lasts 12 hours.
  std::chrono::seconds lifetime{12 * 3600};
  // Beyond this many live sessions the one closest to expiry is ended.
  size_t max_sessions = 10000;
};

// A new session as the sign-in answers it.
struct NewSession {
  std::string cookie_value;
  std::string csrf_token;
  TimePoint expires;
};

// What the page may learn about its own session.
struct SessionView {
  auth::Principal principal;
  std::string region;
  std::string csrf_token;
  TimePoint created;
  TimePoint expires;
};

class SessionStore final : public pipeline::SessionAuthenticator {
 public:
  SessionStore(const Clock& clock, auth::CredentialStore& credentials,
               SessionOptions options = {});

  NewSession Create(const auth::Principal& principal, std::string region);
  // A fresh sign-in challenge (32 hex digits).
  std::string IssueChallenge();
  // True, once, for a challenge issued within its lifetime.
  bool ConsumeChallenge(std::string_view challenge);
  // The session a request's cookie names, when live (no anti-forgery check: reading one's
  // own session is harmless, and is how the page learns its token).
  std::optional<SessionView> Find(const RequestHead& head) const;
  // Ends the session the request's cookie names, if its anti-forgery header matches.
  bool End(const RequestHead& head);

  bool Presents(const RequestHead& head) const override;
  Result<pipeline::SessionCaller> Authenticate(const RequestHead& head) const override;

  // The cookie value a request carries, or empty.
  static std::string_view CookieValue(const RequestHead& head);

 private:
  struct Session {
    auth::Principal principal;
    std::string region;
    std::string csrf_token;
    TimePoint created;
    TimePoint expires;
  };
  // The live session for the request's cookie, copied out under the lock.
  std::optional<Session> Lookup(const RequestHead& head) const;
  void PruneLocked(TimePoint now);

  const Clock& clock_;
  auth::CredentialStore& credentials_;
  const SessionOptions options_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Session> sessions_;  // GUARDED_BY(mu_); key: SHA-256 hex
  std::unordered_map<std::string, TimePoint> challenges_;  // GUARDED_BY(mu_); → expiry
};

}  // namespace berth::app::console
