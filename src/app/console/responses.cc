#include "app/console/responses.h"

#include "app/console/session_store.h"
#include "core/json_writer.h"

namespace berth::app::console {

void AddSecurityHeaders(Response& response) {
  response.SetHeader("content-security-policy",
                     "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' "
                     "data:; connect-src 'self'; font-src 'self'; manifest-src 'self'; "
                     "base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
  response.SetHeader("x-content-type-options", "nosniff");
  response.SetHeader("x-frame-options", "DENY");
  response.SetHeader("referrer-policy", "no-referrer");
  response.SetHeader("cross-origin-opener-policy", "same-origin");
  response.SetHeader("cross-origin-resource-policy", "same-origin");
}

Response JsonResponse(int status, std::string body) {
  Response response;
  response.status = status;
  response.body = std::move(body);
  response.SetHeader("content-type", "application/json");
  response.SetHeader("cache-control", "no-store");
  AddSecurityHeaders(response);
  return response;
}

Response JsonError(const Error& error) {
  std::string body;
  JsonWriter json(body);
  json.BeginObject();
  json.Key("__type");
  json.String(error.code);
  json.Key("message");
  json.String(error.message);
  json.EndObject();
  return JsonResponse(error.http_status, std::move(body));
}

std::string SessionCookie(std::string_view value, int64_t max_age_seconds) {
  return std::string(kSessionCookie) + "=" + std::string(value) +
         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age_seconds);
}

}  // namespace berth::app::console
