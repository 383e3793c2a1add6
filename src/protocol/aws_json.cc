#include "protocol/aws_json.h"

#include "core/json_writer.h"
#include "protocol/json_reader.h"

namespace berth::protocol {
namespace {

const char* ContentType(JsonVersion version) {
  return version == JsonVersion::k10 ? "application/x-amz-json-1.0"
                                     : "application/x-amz-json-1.1";
}

}  // namespace

Result<Document> DecodeJsonRequest(std::string_view body) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return Document::MakeMap();
  BERTH_ASSIGN_OR_RETURN(Document doc, ParseJson(body));
  if (!doc.is_map()) {
    return Error{"SerializationException", "Start of structure or map expected", 400};
  }
  return doc;
}

Response EncodeJsonResult(const Document& output, JsonVersion version) {
  Response response;
  response.SetHeader("Content-Type", ContentType(version));
  response.body = output.is_null() ? "{}" : ToJson(output);
  return response;
}

Response EncodeJsonError(const Error& error, JsonVersion version) {
  Response response;
  response.status = error.http_status;
  response.SetHeader("Content-Type", ContentType(version));
  response.SetHeader("x-amzn-ErrorType", error.code);
  std::string& body = response.body;
  JsonWriter json(body);
  json.BeginObject();
  json.Key("__type");
  json.String(error.code);
  json.Key("message");
  json.String(error.message);
  if (error.members != nullptr && error.members->is_map()) {
    for (const auto& [key, value] : error.members->as_map()) {
      json.Key(key);
      json.Value(value);
    }
  }
  json.EndObject();
  return response;
}

}  // namespace berth::protocol
