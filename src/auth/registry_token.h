#pragma once
// Two HMAC-signed claims the registry checks without a database round trip:
//  - the password inside an ECR authorization token (base64("AWS:" + password)), naming the
//    access key that asked for it and when it expires: a `docker login` credential for /v2.
//    Contains no ':' (the CLI splits the token on the first one).
//  - the token of a layer download URL (GetDownloadUrlForLayer), what an S3 presigned URL is to
//    ECR: GET/HEAD of one blob digest in one repository of one account, for an hour. It is
//    signed under a key derived for that purpose alone and carries its own version tag, so it
//    never verifies as a password and a password never verifies as a download token.

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

struct DownloadTokenClaims {
  std::string access_key_id;
  std::string account_id;
  std::string repository;
  std::string digest;
  TimePoint expires_at;
};

// How long a layer download URL stays valid: ECR's presigned layer URLs last an hour.
inline constexpr std::chrono::seconds kDownloadUrlLifetime{3600};

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

  // A download token for `digest` in `repository` of `account_id`, valid for ttl.
  std::string IssueDownload(std::string_view access_key_id, std::string_view account_id,
                            std::string_view repository, std::string_view digest,
                            std::chrono::seconds ttl) const;

  // The claims of a valid, unexpired download token issued for exactly this repository and
  // digest; "InvalidToken" (401) for any other token, repository or digest, "ExpiredToken" (401)
  // once expired. Never throws on any input.
  Result<DownloadTokenClaims> VerifyDownload(std::string_view token, std::string_view repository,
                                             std::string_view digest) const;

  const Clock& clock() const { return clock_; }

 private:
  std::string secret_;
  std::string download_secret_;  // HMAC(secret_, purpose): download tokens only
  const Clock& clock_;
};

}  // namespace berth::auth
