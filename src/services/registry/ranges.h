#pragma once
// The registry's two range headers, parsed apart from the endpoints so they can be fuzzed:
// a blob GET's `Range` and a chunked upload's `Content-Range`.

#include <cstdint>
#include <optional>
#include <string_view>

namespace berth::services::registry {

struct ByteRange {
  uint64_t first = 0;
  uint64_t last = 0;  // inclusive
};

// One range of a `Range: bytes=…` header (RFC 9110 14.1.2) over a body of `size` bytes.
// nullopt with *satisfiable = true: no usable range (serve the whole body, as RFC 9110 lets a
// server ignore what it does not understand); with *satisfiable = false: 416. A range
// returned always lies inside the body: first <= last < size.
std::optional<ByteRange> ParseRange(std::string_view header, uint64_t size, bool* satisfiable);

// A chunk's "0-1023" (OCI), also "bytes 0-1023" / "bytes=0-1023" as some clients send it.
// False when malformed or last < first.
bool ParseContentRange(std::string_view text, uint64_t& first, uint64_t& last);

}  // namespace berth::services::registry
