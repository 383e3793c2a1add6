#pragma once
// The password inside an ECR authorization token (base64("AWS:" + password)): a self-contained,
// HMAC-signed claim naming the access key that asked for it and when it expires, so /v2 can
// check a `docker login` without a database round trip. Contains no ':' (the CLI splits the
// token on the first one).

#include <chrono>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"

namespace berth::auth {

struct RegistryTokenClaims {
  std::string access_key_id;
  std::string account_id;
  TimePoint expires_at;
};

class RegistryTokens {
 public:
  // secret: the server's token key (≥ 32 random bytes, kept in <data-dir>/keys/).
  RegistryTokens(std::string secret, const Clock& clock);

  // A new password valid for ttl (ECR: 12 hours).
  std::string Issue(std::string_view access_key_id, std::string_view account_id,
                    std::chrono::seconds ttl, TimePoint* expires_at = nullptr) const;

  // The claims of a valid, unexpired password; an error (code "InvalidToken" or "ExpiredToken",
  // status 401) otherwise. Never throws on any input.
  Result<RegistryTokenClaims> Verify(std::string_view password) const;

 private:
  std::string secret_;
  const Clock& clock_;
};

}  // namespace berth::auth
