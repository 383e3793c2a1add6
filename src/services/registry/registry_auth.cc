#include "services/registry/registry_auth.h"

#include "core/crypto.h"
#include "core/url.h"
#include "services/registry/oci_error_codes.h"

namespace berth::services::registry {
namespace {

constexpr std::string_view kBasic = "Basic ";

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char a = s[i], b = prefix[i];
    if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
    if (b >= 'A' && b <= 'Z') b = static_cast<char>(b - 'A' + 'a');
    if (a != b) return false;
  }
  return true;
}

}  // namespace

Result<auth::Principal> RegistryAuth::KeyPrincipal(const std::string& access_key_id,
                                                   const std::string& account_id) const {
  // A token issued to temporary credentials lasts no longer than their session.
  auto key = credentials_.FindIssuedKey(access_key_id, tokens_.clock().Now());
  if (!key.ok() || !key->has_value() || (*key)->principal.account_id != account_id) {
    return oci::Unauthorized();  // the key was deleted since the token was issued
  }
  auth::Principal principal = (*key)->principal;
  principal.access_key_id = access_key_id;
  return principal;
}

Result<auth::Principal> RegistryAuth::FromPassword(std::string_view password) const {
  auto claims = tokens_.Verify(password);
  if (!claims.ok()) return oci::Unauthorized();
  return KeyPrincipal(claims->access_key_id, claims->account_id);
}

Result<auth::Principal> RegistryAuth::FromDownloadToken(std::string_view token,
                                                        const BlobRead& blob) const {
  auto claims = tokens_.VerifyDownload(token, blob.repository, blob.digest);
  if (!claims.ok()) return oci::Unauthorized();
  return KeyPrincipal(claims->access_key_id, claims->account_id);
}

Result<auth::Principal> RegistryAuth::Authenticate(const RequestHead& head,
                                                   const BlobRead* blob_read) const {
  if (const std::string* header = head.Find("authorization")) {
    if (!StartsWithNoCase(*header, kBasic)) return oci::Unauthorized();
    auto decoded = crypto::Base64Decode(std::string_view(*header).substr(kBasic.size()));
    if (!decoded) return oci::Unauthorized();
    const auto colon = decoded->find(':');
    if (colon == std::string::npos || decoded->substr(0, colon) != "AWS") {
      return oci::Unauthorized();
    }
    return FromPassword(std::string_view(*decoded).substr(colon + 1));
  }
  if (blob_read != nullptr && !head.query.empty()) {
    if (auto params = url::ParseQuery(head.query, false)) {
      for (const auto& [name, value] : *params)
        if (name == kDownloadTokenParam) return FromDownloadToken(value, *blob_read);
    }
  }
  return oci::Unauthorized();
}

std::optional<RegistryAuth::PresentedLogin> RegistryAuth::Presented(
    const RequestHead& head) const {
  const std::string* header = head.Find("authorization");
  if (header == nullptr) return std::nullopt;
  PresentedLogin login;
  if (!StartsWithNoCase(*header, kBasic)) return login;
  auto decoded = crypto::Base64Decode(std::string_view(*header).substr(kBasic.size()));
  if (!decoded) return login;
  const auto colon = decoded->find(':');
  login.user = decoded->substr(0, colon);
  if (colon != std::string::npos) {
    auto claims = tokens_.Verify(std::string_view(*decoded).substr(colon + 1));
    login.expired = !claims.ok() && claims.error().code == "ExpiredToken";
  }
  return login;
}

std::string RegistryAuth::Challenge(const RequestHead& head) {
  const std::string* host = head.Find("host");
  return "Basic realm=\"http://" + (host ? *host : std::string("127.0.0.1")) +
         "/\",service=\"ecr.amazonaws.com\"";
}

}  // namespace berth::services::registry
