#include "protocol/rpc_v2_cbor.h"

#include "protocol/cbor.h"

namespace berth::protocol {
namespace {

constexpr std::string_view kServicePrefix = "/service/";
constexpr std::string_view kOperationInfix = "/operation/";

void SetProtocolHeaders(Response& response) {
  response.SetHeader("Content-Type", "application/cbor");
  response.SetHeader("smithy-protocol", "rpc-v2-cbor");
}

}  // namespace

bool ParseRpcV2Path(std::string_view path, std::string_view* service,
                    std::string_view* operation) {
  if (path.substr(0, kServicePrefix.size()) != kServicePrefix) return false;
  path.remove_prefix(kServicePrefix.size());
  const size_t infix = path.find(kOperationInfix);
  if (infix == std::string_view::npos || infix == 0) return false;
  *service = path.substr(0, infix);
  *operation = path.substr(infix + kOperationInfix.size());
  return !operation->empty() && operation->find('/') == std::string_view::npos &&
         service->find('/') == std::string_view::npos;
}

Result<Document> DecodeCborRequest(std::string_view body) {
  if (body.empty()) return Document::MakeMap();
  BERTH_ASSIGN_OR_RETURN(Document doc, DecodeCbor(body));
  if (!doc.is_map()) {
    return Error{"SerializationException", "Start of structure or map expected", 400};
  }
  return doc;
}

Response EncodeCborResult(const Document& output) {
  Response response;
  SetProtocolHeaders(response);
  if (output.is_null()) {
    response.body = "\xa0";  // an empty map
  } else {
    EncodeCbor(output, response.body);
  }
  return response;
}

Response EncodeCborError(const Error& error, std::string_view type_namespace) {
  Response response;
  response.status = error.http_status;
  SetProtocolHeaders(response);
  Document::Map members;
  members.emplace_back("__type", type_namespace.empty()
                                     ? error.code
                                     : std::string(type_namespace) + "#" + error.code);
  members.emplace_back("message", error.message);
  if (error.members != nullptr && error.members->is_map()) {
    for (const auto& [key, value] : error.members->as_map()) members.emplace_back(key, value);
  }
  EncodeCbor(Document(std::move(members)), response.body);
  return response;
}

}  // namespace berth::protocol
