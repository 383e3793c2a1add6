#include "auth/auth_errors.h"

#include <string>

namespace berth::auth::errors {

Error MissingAuthenticationToken() {
  return {"MissingAuthenticationTokenException", "Missing Authentication Token", 400};
}

Error IncompleteSignature(std::string_view what) {
  return {"IncompleteSignatureException", std::string(what), 400};
}

Error UnrecognizedClient() {
  return {"UnrecognizedClientException", "The security token included in the request is invalid.",
          400};
}

Error InvalidSecurityToken() { return UnrecognizedClient(); }

Error ExpiredSecurityToken() {
  return {"ExpiredTokenException", "The security token included in the request is expired", 400};
}

Error InvalidSignature() {
  return {"InvalidSignatureException",
          "The request signature we calculated does not match the signature you provided. Check "
          "your AWS Secret Access Key and signing method. Consult the service documentation for "
          "details.",
          400};
}

Error SignatureExpired(std::string_view amz_date, std::string_view earliest,
                       std::string_view now) {
  return {"InvalidSignatureException",
          "Signature expired: " + std::string(amz_date) + " is now earlier than " +
              std::string(earliest) + " (" + std::string(now) + " - 15 min.)",
          400};
}

Error SignatureNotYetCurrent(std::string_view amz_date, std::string_view latest,
                             std::string_view now) {
  return {"InvalidSignatureException",
          "Signature not yet current: " + std::string(amz_date) + " is still later than " +
              std::string(latest) + " (" + std::string(now) + " + 15 min.)",
          400};
}

Error PresignedUrlExpired() {
  return {"InvalidSignatureException", "Signature expired: the presigned URL has expired", 400};
}

Error WrongServiceScope(std::string_view scoped, std::string_view expected) {
  return {"InvalidSignatureException",
          "Credential should be scoped to correct service: '" + std::string(expected) +
              "'. (scoped to '" + std::string(scoped) + "')",
          400};
}

}  // namespace berth::auth::errors
