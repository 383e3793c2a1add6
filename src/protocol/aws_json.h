#pragma once
// The AWS JSON 1.0 / 1.1 protocols: `POST /` with `X-Amz-Target: <prefix>.<Operation>`, a JSON
// object in, a JSON object out, errors as {"__type": code, "message": text} with the error's
// HTTP status and `x-amzn-ErrorType`.

#include <string_view>

#include "core/document.h"
#include "core/http_types.h"
#include "core/result.h"

namespace berth::protocol {

enum class JsonVersion { k10, k11 };

// The request body as a Document: an empty body is an empty input; anything but a JSON object
// is a SerializationException.
Result<Document> DecodeJsonRequest(std::string_view body);

Response EncodeJsonResult(const Document& output, JsonVersion version);
Response EncodeJsonError(const Error& error, JsonVersion version);

}  // namespace berth::protocol
