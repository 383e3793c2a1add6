#pragma once
// Bounding text a caller chose before it is kept (audit records, the access log).

#include <cstddef>
#include <string_view>

namespace berth {

// At most `limit` bytes of `text`, cut before a UTF-8 continuation byte so that no character
// is split (invalid input stays as invalid as it was).
inline std::string_view Utf8Prefix(std::string_view text, size_t limit) {
  if (text.size() <= limit) return text;
  size_t n = limit;
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  return text.substr(0, n);
}

}  // namespace berth
