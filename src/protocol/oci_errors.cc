#include "protocol/oci_errors.h"

#include "core/json_writer.h"

namespace berth::protocol {

Response EncodeOciError(const Error& error) {
  Response response;
  response.status = error.http_status;
  response.SetHeader("Content-Type", "application/json");
  JsonWriter json(response.body);
  json.BeginObject();
  json.Key("errors");
  json.BeginArray();
  json.BeginObject();
  json.Key("code");
  json.String(error.code);
  json.Key("message");
  json.String(error.message);
  json.EndObject();
  json.EndArray();
  json.EndObject();
  return response;
}

}  // namespace berth::protocol
