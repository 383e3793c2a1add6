#pragma once
// Reading SNS's query parameters (every value a string; lists X.member.N, maps X.entry.N).

#include <optional>
#include <string>
#include <string_view>

#include "core/document.h"
#include "core/result.h"
#include "services/sns/model/types.h"
#include "services/sns/store/sns_store.h"

namespace berth::services::sns::handlers {

std::optional<std::string> Optional(const Document& in, std::string_view name);
// Missing or empty: InvalidParameter "Invalid parameter: <name>".
Result<std::string> Required(const Document& in, std::string_view name);
// "true"/"false" (case-insensitive); `fallback` when absent. InvalidParameter otherwise.
Result<bool> Bool(const Document& in, std::string_view name, bool fallback);
// A map parameter of strings (Attributes.entry.N.key/value).
Attributes StringMap(const Document& in, std::string_view name);
// Tags.member.N.Key/Value: checked as SNS checks tags. InvalidParameter on bad keys/values.
Result<Tags> ReadTags(const Document& in, std::string_view name);
// The map encoding of the query protocol's answers: <entry><key/><value/></entry>….
Document EntryMap(const Attributes& attributes);

}  // namespace berth::services::sns::handlers
