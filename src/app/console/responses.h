#pragma once
// The small JSON answers of the console's own endpoints (sign-in, session, sign-out) and the
// session cookie, in one place.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "auth/credential_store.h"
#include "core/clock.h"
#include "core/http_types.h"
#include "core/result.h"

namespace berth::app::console {

// The headers every console response carries: a CSP that allows nothing outside berth (no
// inline script or style, no other origin), no sniffing, no framing, no referrer.
void AddSecurityHeaders(Response& response);
Response JsonResponse(int status, std::string body);
// {"__type": code, "message": …} with the error's status, as AWS's JSON errors read.
Response JsonError(const Error& error);
// Who a session is, as the page learns it (sign-in's answer and GET /console/api/session):
// arn, accountId, userName, accessKeyId, region, csrfToken, created (when given), expires.
std::string SessionJson(const auth::Principal& principal, std::string_view region,
                        std::string_view csrf_token, std::optional<TimePoint> created,
                        TimePoint expires);
// The session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site sends
// it), Path=/ (console calls go to the API at /), expiring with the session. max_age 0 clears.
std::string SessionCookie(std::string_view value, int64_t max_age_seconds);

}  // namespace berth::app::console
