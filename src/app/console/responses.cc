#include "app/console/responses.h"

#include "app/console/session_store.h"
#include "core/json_writer.h"
#include "core/time_format.h"

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

std::string SessionJson(const auth::Principal& p, std::string_view region,
                        std::string_view csrf_token, std::optional<TimePoint> created,
                        TimePoint expires) {
  std::string body;
  JsonWriter json(body);
  json.BeginObject();
  json.Key("arn");
  json.String(p.arn);
  json.Key("accountId");
  json.String(p.account_id);
  json.Key("userName");
  json.String(p.type == auth::PrincipalType::kRoot ? std::string_view("root")
                                                   : std::string_view(p.user_name));
  json.Key("accessKeyId");
  json.String(p.access_key_id);
  json.Key("region");
  json.String(region);
  json.Key("csrfToken");
  json.String(csrf_token);
  if (created) {
    json.Key("created");
    json.String(timefmt::Iso8601(*created));
  }
  json.Key("expires");
  json.String(timefmt::Iso8601(expires));
  json.EndObject();
  return body;
}

}  // namespace berth::app::console
