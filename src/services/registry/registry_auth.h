#pragma once
// Who is calling /v2: `docker login`/`skopeo login` with the ECR authorization token (HTTP Basic,
// user "AWS", password the token's signed claim), or — for the download URLs that
// GetDownloadUrlForLayer hands out — a download token in the X-Berth-Token query parameter,
// good only for GET/HEAD of the one blob of the one repository it names (registry_token.h).
// Checked without a database round trip: both claims are HMAC-signed and the access key they
// name comes from the credential store's cache.

#include <optional>
#include <string>
#include <string_view>

#include "auth/credential_store.h"
#include "auth/principal.h"
#include "auth/registry_token.h"
#include "core/http_types.h"
#include "core/result.h"

namespace berth::services::registry {

inline constexpr std::string_view kDownloadTokenParam = "X-Berth-Token";

class RegistryAuth {
 public:
  RegistryAuth(auth::CredentialStore& credentials, const auth::RegistryTokens& tokens)
      : credentials_(credentials), tokens_(tokens) {}

  // The blob a download token may be presented for: GET/HEAD of `digest` in `repository`.
  struct BlobRead {
    std::string_view repository;
    std::string_view digest;
  };

  // The caller, or UNAUTHORIZED (401). With `blob_read`, an X-Berth-Token download token for
  // exactly that blob is admitted too (in no other case is a download token accepted).
  Result<auth::Principal> Authenticate(const RequestHead& head,
                                       const BlobRead* blob_read = nullptr) const;

  // What a refused Basic login presented: the user name (never the password) and whether the
  // token was berth's but expired. nullopt when no credentials were presented at all (the
  // challenge every client provokes first).
  struct PresentedLogin {
    std::string user;
    bool expired = false;
  };
  std::optional<PresentedLogin> Presented(const RequestHead& head) const;

  // The challenge ECR sends with a 401, naming this server as the realm.
  static std::string Challenge(const RequestHead& head);

 private:
  Result<auth::Principal> FromPassword(std::string_view password) const;
  Result<auth::Principal> FromDownloadToken(std::string_view token, const BlobRead& blob) const;
  // The principal of a key that still exists in `account_id`.
  Result<auth::Principal> KeyPrincipal(const std::string& access_key_id,
                                       const std::string& account_id) const;

  auth::CredentialStore& credentials_;
  const auth::RegistryTokens& tokens_;
};

}  // namespace berth::services::registry
