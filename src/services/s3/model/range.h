#pragma once
// The Range header of GetObject. S3 serves one byte range per request: "bytes=a-b",
// "bytes=a-" or "bytes=-n". A header it cannot parse, or one asking for several ranges, is
// ignored (the whole object is sent); a well-formed range outside the object is 416.

#include <cstdint>
#include <optional>
#include <string_view>

namespace berth::services::s3 {

struct ByteRange {
  uint64_t first = 0;
  uint64_t length = 0;
};

enum class RangeKind { kWhole, kPartial, kUnsatisfiable };

struct RangeRequest {
  RangeKind kind = RangeKind::kWhole;
  ByteRange range;  // kPartial only
};

RangeRequest ParseRange(std::string_view header, uint64_t object_size);

}  // namespace berth::services::s3
