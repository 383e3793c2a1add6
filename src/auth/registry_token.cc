#include "auth/registry_token.h"

#include <charconv>

#include "core/crypto.h"

namespace berth::auth {
namespace {

constexpr std::string_view kVersion = "v1";

Error InvalidToken() {
  return {"InvalidToken", "authorization token is invalid", 401};
}

std::string_view AsView(const crypto::Sha256Digest& d) {
  return {reinterpret_cast<const char*>(d.data()), d.size()};
}

}  // namespace

RegistryTokens::RegistryTokens(std::string secret, const Clock& clock)
    : secret_(std::move(secret)), clock_(clock) {}

// password = base64url("v1|<key id>|<account>|<expiry ms>") "." base64url(HMAC-SHA256)
std::string RegistryTokens::Issue(std::string_view access_key_id, std::string_view account_id,
                                  std::chrono::seconds ttl, TimePoint* expires_at) const {
  const TimePoint expiry = clock_.Now() + ttl;
  if (expires_at != nullptr) *expires_at = expiry;
  std::string claims = std::string(kVersion) + "|" + std::string(access_key_id) + "|" +
                       std::string(account_id) + "|" +
                       std::to_string(expiry.time_since_epoch().count());
  const std::string body = crypto::Base64UrlEncode(claims);
  return body + "." + crypto::Base64UrlEncode(AsView(crypto::HmacSha256(secret_, body)));
}

Result<RegistryTokenClaims> RegistryTokens::Verify(std::string_view password) const {
  const auto dot = password.find('.');
  if (dot == std::string_view::npos || password.size() > 1024) return InvalidToken();
  const std::string_view body = password.substr(0, dot);
  auto mac = crypto::Base64UrlDecode(password.substr(dot + 1));
  if (!mac || !crypto::ConstantTimeEquals(*mac, AsView(crypto::HmacSha256(secret_, body)))) {
    return InvalidToken();
  }
  auto claims = crypto::Base64UrlDecode(body);
  if (!claims) return InvalidToken();
  // Fields: version | key id | account | expiry in ms.
  std::string_view rest = *claims;
  std::string_view fields[4];
  for (int i = 0; i < 4; ++i) {
    const auto bar = rest.find('|');
    if ((bar == std::string_view::npos) != (i == 3)) return InvalidToken();
    fields[i] = rest.substr(0, bar);
    if (bar != std::string_view::npos) rest.remove_prefix(bar + 1);
  }
  if (fields[0] != kVersion) return InvalidToken();
  long long expiry_ms = 0;
  auto [ptr, ec] = std::from_chars(fields[3].data(), fields[3].data() + fields[3].size(), expiry_ms);
  if (ec != std::errc() || ptr != fields[3].data() + fields[3].size()) return InvalidToken();
  RegistryTokenClaims out{std::string(fields[1]), std::string(fields[2]),
                          TimePoint(std::chrono::milliseconds(expiry_ms))};
  if (clock_.Now() >= out.expires_at) {
    return Error{"ExpiredToken", "authorization token has expired", 401};
  }
  return out;
}

}  // namespace berth::auth
