#include "app/console/session_store.h"

#include <algorithm>

#include "core/crypto.h"

namespace berth::app::console {
namespace {

std::string RandomHex(size_t bytes) {
  const std::string raw = crypto::RandomBytes(bytes);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(raw.size() * 2);
  for (unsigned char c : raw) {
    hex += kHex[c >> 4];
    hex += kHex[c & 15];
  }
  return hex;
}

Error SessionExpired() {
  return Error{"ExpiredTokenException",
               "The console session is unknown, ended or expired: sign in again", 400};
}

Error MissingCsrf() {
  return Error{"MissingAuthenticationTokenException",
               "A console call must carry its session's X-Berth-Csrf header", 400};
}

}  // namespace

SessionStore::SessionStore(const Clock& clock, auth::CredentialStore& credentials,
                           SessionOptions options)
    : clock_(clock), credentials_(credentials), options_(options) {}

std::string_view SessionStore::CookieValue(const RequestHead& head) {
  // Cookie: a=b; berth-console=v; c=d — possibly in several Cookie headers.
  for (const Header& h : head.headers) {
    if (h.name != "cookie") continue;
    std::string_view rest = h.value;
    while (!rest.empty()) {
      const size_t end = std::min(rest.find(';'), rest.size());
      std::string_view pair = rest.substr(0, end);
      rest.remove_prefix(std::min(end + 1, rest.size()));
      while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
      if (pair.size() > kSessionCookie.size() && pair.substr(0, kSessionCookie.size()) == kSessionCookie &&
          pair[kSessionCookie.size()] == '=') {
        return pair.substr(kSessionCookie.size() + 1);
      }
    }
  }
  return {};
}

NewSession SessionStore::Create(const auth::Principal& principal, std::string region) {
  const TimePoint now = clock_.Now();
  NewSession made{RandomHex(32), RandomHex(16),
                  now + std::chrono::duration_cast<std::chrono::milliseconds>(options_.lifetime)};
  std::lock_guard lock(mu_);
  PruneLocked(now);
  if (sessions_.size() >= options_.max_sessions) {
    auto soonest = std::min_element(sessions_.begin(), sessions_.end(), [](auto& a, auto& b) {
      return a.second.expires < b.second.expires;
    });
    sessions_.erase(soonest);
  }
  sessions_[crypto::Sha256Hex(made.cookie_value)] =
      Session{principal, std::move(region), made.csrf_token, now, made.expires};
  return made;
}

std::string SessionStore::IssueChallenge() {
  constexpr size_t kMaxChallenges = 10000;
  const TimePoint now = clock_.Now();
  std::string challenge = RandomHex(16);
  std::lock_guard lock(mu_);
  if (challenges_.size() >= kMaxChallenges) {
    std::erase_if(challenges_, [now](const auto& c) { return c.second <= now; });
  }
  if (challenges_.size() >= kMaxChallenges) {
    challenges_.erase(std::min_element(challenges_.begin(), challenges_.end(),
                                       [](auto& a, auto& b) { return a.second < b.second; }));
  }
  challenges_[challenge] = now + std::chrono::minutes(5);
  return challenge;
}

bool SessionStore::ConsumeChallenge(std::string_view challenge) {
  std::lock_guard lock(mu_);
  auto it = challenges_.find(std::string(challenge));
  if (it == challenges_.end()) return false;
  const bool live = it->second > clock_.Now();
  challenges_.erase(it);
  return live;
}

void SessionStore::PruneLocked(TimePoint now) {
  std::erase_if(sessions_, [now](const auto& entry) { return entry.second.expires <= now; });
}

std::optional<SessionStore::Session> SessionStore::Lookup(const RequestHead& head) const {
  const std::string_view cookie = CookieValue(head);
  if (cookie.empty()) return std::nullopt;
  const std::string key = crypto::Sha256Hex(cookie);
  std::lock_guard lock(mu_);
  auto it = sessions_.find(key);
  if (it == sessions_.end() || it->second.expires <= clock_.Now()) return std::nullopt;
  return it->second;
}

std::optional<SessionView> SessionStore::Find(const RequestHead& head) const {
  std::optional<Session> s = Lookup(head);
  if (!s) return std::nullopt;
  return SessionView{std::move(s->principal), std::move(s->region), std::move(s->csrf_token),
                     s->created, s->expires};
}

bool SessionStore::End(const RequestHead& head) {
  const std::string_view cookie = CookieValue(head);
  const std::string* csrf = head.Find(kCsrfHeader);
  if (cookie.empty() || csrf == nullptr) return false;
  std::lock_guard lock(mu_);
  auto it = sessions_.find(crypto::Sha256Hex(cookie));
  if (it == sessions_.end() || !crypto::ConstantTimeEquals(*csrf, it->second.csrf_token)) return false;
  sessions_.erase(it);
  return true;
}

bool SessionStore::Presents(const RequestHead& head) const { return !CookieValue(head).empty(); }

Result<pipeline::SessionCaller> SessionStore::Authenticate(const RequestHead& head) const {
  std::optional<Session> s = Lookup(head);
  if (!s) return SessionExpired();
  const std::string* csrf = head.Find(kCsrfHeader);
  if (csrf == nullptr || !crypto::ConstantTimeEquals(*csrf, s->csrf_token)) return MissingCsrf();
  // The key the session was made with must still be active: IAM's changes apply at once.
  BERTH_ASSIGN_OR_RETURN(auto key, credentials_.FindAccessKey(s->principal.access_key_id));
  if (!key.has_value()) return SessionExpired();
  pipeline::SessionCaller caller{key->principal, std::move(s->region), s->created};
  caller.principal.access_key_id = s->principal.access_key_id;
  return caller;
}

}  // namespace berth::app::console
