#pragma once
// The errors AWS answers when a call's authentication fails, as its JSON-protocol services
// (ECR, CloudTrail, Logs) send them: all 400, with these codes and messages.

#include <string_view>

#include "core/result.h"

namespace berth::auth::errors {

Error MissingAuthenticationToken();
// A malformed Authorization header or presigned query; `what` says what is missing or wrong.
Error IncompleteSignature(std::string_view what);
Error UnrecognizedClient();  // the access key is unknown or inactive
Error InvalidSignature();    // the signature does not match
// Temporary credentials: the session token is missing, not the key's, or presented with a
// long-term key (JSON: UnrecognizedClientException; query services say InvalidClientTokenId).
Error InvalidSecurityToken();
// The session of the temporary credentials is over (query services: ExpiredToken).
Error ExpiredSecurityToken();
// X-Amz-Date too far from the server's clock (15 minutes either way).
Error SignatureExpired(std::string_view amz_date, std::string_view earliest,
                       std::string_view now);
Error SignatureNotYetCurrent(std::string_view amz_date, std::string_view latest,
                             std::string_view now);
Error PresignedUrlExpired();
// The credential scope names another service than the one called.
Error WrongServiceScope(std::string_view scoped, std::string_view expected);

}  // namespace berth::auth::errors
