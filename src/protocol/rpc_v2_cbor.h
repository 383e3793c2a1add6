#pragma once
// Smithy RPC v2 CBOR: `POST /service/<ServiceName>/operation/<Operation>` with
// `smithy-protocol: rpc-v2-cbor`, a CBOR map in and out (`application/cbor`), errors as a map
// {"__type": "<namespace>#<Shape>", "message": …} with the error's HTTP status. No
// X-Amzn-ErrorType header (the protocol has none).

#include <string_view>

#include "core/document.h"
#include "core/http_types.h"
#include "core/result.h"

namespace berth::protocol {

// The service and operation of an RPC v2 path, or false when the path is not one.
bool ParseRpcV2Path(std::string_view path, std::string_view* service, std::string_view* operation);

// The request body as a Document: an empty body is an empty input; anything but a CBOR map is
// a SerializationException.
Result<Document> DecodeCborRequest(std::string_view body);

Response EncodeCborResult(const Document& output);
// `type_namespace` prefixes the error's code in __type ("com.amazonaws.cloudwatch").
Response EncodeCborError(const Error& error, std::string_view type_namespace);

}  // namespace berth::protocol
