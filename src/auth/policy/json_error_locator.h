#pragma once
// Where a JSON text stops being JSON. simdjson (which parses policy documents) says only *that*
// a text is malformed; IAM's users want to know where. This is a strict RFC 8259 walk (no
// values built) run only after simdjson has refused a text, so it costs nothing on the path
// that succeeds.

#include <optional>
#include <string>
#include <string_view>

namespace berth::auth::policy {

struct JsonErrorLocation {
  std::string what;  // "Expected ',' or '}'", "Unterminated string", …
  int line = 1;      // from 1
  int column = 1;    // from 1, in characters (UTF-8 code points)
};

// The first error in `text`, or nullopt when `text` is one well-formed JSON value (surrounded
// by whitespace at most). Never throws; bounded by the text's length (no recursion).
std::optional<JsonErrorLocation> LocateJsonError(std::string_view text);

}  // namespace berth::auth::policy
