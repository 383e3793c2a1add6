// Range headers: S3 GetObject's Range, the registry's blob Range and chunked upload
// Content-Range. Input: "<object size>\n<header>". A range answered lies inside the object.

#include <charconv>

#include "fuzz/fuzz_input.h"
#include "services/registry/ranges.h"
#include "services/s3/model/range.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace berth;
  auto [size_text, header] = fuzz::SplitOnce(fuzz::AsText(data, size));
  uint64_t object = 0;
  std::from_chars(size_text.data(), size_text.data() + size_text.size(), object);

  const auto s3 = services::s3::ParseRange(header, object);
  if (s3.kind == services::s3::RangeKind::kPartial &&
      (s3.range.length == 0 || s3.range.first >= object ||
       s3.range.length > object - s3.range.first)) {
    fuzz::Fail("S3 range outside the object");
  }
  bool satisfiable = true;
  const auto blob = services::registry::ParseRange(header, object, &satisfiable);
  if (blob && (!satisfiable || blob->first > blob->last || blob->last >= object)) {
    fuzz::Fail("registry range outside the blob");
  }
  uint64_t first = 0, last = 0;
  if (services::registry::ParseContentRange(header, first, last) && last < first) {
    fuzz::Fail("Content-Range accepted with last < first");
  }
  return 0;
}
