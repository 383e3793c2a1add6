#pragma once
// Who is calling /v2: `docker login`/`skopeo login` with the ECR authorization token (HTTP Basic,
// user "AWS", password the token's signed claim), or — for the download URLs that
// GetDownloadUrlForLayer hands out — the same claim in the X-Berth-Token query parameter.
// Checked without a database round trip: the claim is HMAC-signed and the access key it names
// comes from the credential store's cache.

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

  // The caller, or UNAUTHORIZED (401). `allow_query_token` admits X-Berth-Token (blob reads).
  Result<auth::Principal> Authenticate(const RequestHead& head, bool allow_query_token) const;

  // The challenge ECR sends with a 401, naming this server as the realm.
  static std::string Challenge(const RequestHead& head);

 private:
  Result<auth::Principal> FromPassword(std::string_view password) const;

  auth::CredentialStore& credentials_;
  const auth::RegistryTokens& tokens_;
};

}  // namespace berth::services::registry
