#include "auth/registry_token.h"

#include <array>
#include <charconv>

#include "core/crypto.h"

namespace berth::auth {
namespace {

constexpr std::string_view kPasswordVersion = "v1";
constexpr std::string_view kDownloadVersion = "d1";
constexpr std::string_view kDownloadKeyPurpose = "berth layer download url v1";
constexpr size_t kMaxTokenBytes = 2048;

Error InvalidToken() { return {"InvalidToken", "authorization token is invalid", 401}; }
Error ExpiredToken() { return {"ExpiredToken", "authorization token has expired", 401}; }

std::string_view AsView(const crypto::Sha256Digest& d) {
  return {reinterpret_cast<const char*>(d.data()), d.size()};
}

// token = base64url(fields joined by '|') "." base64url(HMAC-SHA256(key, first part))
std::string Sign(std::string_view key, std::string_view claims) {
  const std::string body = crypto::Base64UrlEncode(claims);
  return body + "." + crypto::Base64UrlEncode(AsView(crypto::HmacSha256(key, body)));
}

// The N '|'-separated fields of a token signed under `key` whose first field is `version`.
// Fields other than the last cannot contain '|'; the last (the expiry) cannot either, as it
// must parse as an integer.
template <size_t N>
Result<std::array<std::string, N>> Open(std::string_view key, std::string_view version,
                                        std::string_view token) {
  const auto dot = token.find('.');
  if (dot == std::string_view::npos || token.size() > kMaxTokenBytes) return InvalidToken();
  const std::string_view body = token.substr(0, dot);
  auto mac = crypto::Base64UrlDecode(token.substr(dot + 1));
  if (!mac || !crypto::ConstantTimeEquals(*mac, AsView(crypto::HmacSha256(key, body)))) {
    return InvalidToken();
  }
  auto claims = crypto::Base64UrlDecode(body);
  if (!claims) return InvalidToken();
  std::string_view rest = *claims;
  std::array<std::string, N> fields;
  for (size_t i = 0; i < N; ++i) {
    const auto bar = rest.find('|');
    if ((bar == std::string_view::npos) != (i == N - 1)) return InvalidToken();
    fields[i] = std::string(rest.substr(0, bar));
    if (bar != std::string_view::npos) rest.remove_prefix(bar + 1);
  }
  if (fields[0] != version) return InvalidToken();
  return fields;
}

Result<TimePoint> ParseExpiry(std::string_view ms_text) {
  long long ms = 0;
  auto [ptr, ec] = std::from_chars(ms_text.data(), ms_text.data() + ms_text.size(), ms);
  if (ec != std::errc() || ptr != ms_text.data() + ms_text.size()) return InvalidToken();
  return TimePoint(std::chrono::milliseconds(ms));
}

std::string ExpiryField(TimePoint t) { return std::to_string(t.time_since_epoch().count()); }

bool HasBar(std::string_view s) { return s.find('|') != std::string_view::npos; }

}  // namespace

RegistryTokens::RegistryTokens(std::string secret, const Clock& clock)
    : secret_(std::move(secret)),
      download_secret_(AsView(crypto::HmacSha256(secret_, kDownloadKeyPurpose))),
      clock_(clock) {}

// Fields: version | key id | account | expiry in ms.
std::string RegistryTokens::Issue(std::string_view access_key_id, std::string_view account_id,
                                  std::chrono::seconds ttl, TimePoint* expires_at) const {
  const TimePoint expiry = clock_.Now() + ttl;
  if (expires_at != nullptr) *expires_at = expiry;
  return Sign(secret_, std::string(kPasswordVersion) + "|" + std::string(access_key_id) + "|" +
                           std::string(account_id) + "|" + ExpiryField(expiry));
}

Result<RegistryTokenClaims> RegistryTokens::Verify(std::string_view password) const {
  BERTH_ASSIGN_OR_RETURN(auto fields, Open<4>(secret_, kPasswordVersion, password));
  BERTH_ASSIGN_OR_RETURN(TimePoint expiry, ParseExpiry(fields[3]));
  if (clock_.Now() >= expiry) return ExpiredToken();
  return RegistryTokenClaims{std::move(fields[1]), std::move(fields[2]), expiry};
}

// Fields: version | key id | account | repository | digest | expiry in ms. Repository names
// and digests never contain '|'; the issuer refuses any that would (the claim would not parse).
std::string RegistryTokens::IssueDownload(std::string_view access_key_id,
                                          std::string_view account_id,
                                          std::string_view repository, std::string_view digest,
                                          std::chrono::seconds ttl) const {
  if (HasBar(access_key_id) || HasBar(account_id) || HasBar(repository) || HasBar(digest)) {
    return "";  // verifies as nothing
  }
  return Sign(download_secret_, std::string(kDownloadVersion) + "|" + std::string(access_key_id) +
                                    "|" + std::string(account_id) + "|" +
                                    std::string(repository) + "|" + std::string(digest) + "|" +
                                    ExpiryField(clock_.Now() + ttl));
}

Result<DownloadTokenClaims> RegistryTokens::VerifyDownload(std::string_view token,
                                                           std::string_view repository,
                                                           std::string_view digest) const {
  BERTH_ASSIGN_OR_RETURN(auto fields, Open<6>(download_secret_, kDownloadVersion, token));
  if (fields[3] != repository || fields[4] != digest) return InvalidToken();
  BERTH_ASSIGN_OR_RETURN(TimePoint expiry, ParseExpiry(fields[5]));
  if (clock_.Now() >= expiry) return ExpiredToken();
  return DownloadTokenClaims{std::move(fields[1]), std::move(fields[2]), std::move(fields[3]),
                             std::move(fields[4]), expiry};
}

}  // namespace berth::auth
