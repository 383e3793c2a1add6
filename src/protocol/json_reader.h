#pragma once
// JSON text → Document, with simdjson. Never throws; every malformed input (bad syntax,
// invalid UTF-8, nesting deeper than kMaxDepth, trailing bytes) is a SerializationException.

#include <string_view>

#include "core/document.h"
#include "core/result.h"

namespace berth::protocol {

inline constexpr int kMaxJsonDepth = 64;

Result<Document> ParseJson(std::string_view text);

}  // namespace berth::protocol
