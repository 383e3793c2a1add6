#include "services/logs/model/record_pointer.h"

namespace berth::services::logs {
namespace {

constexpr char kHex[] = "0123456789abcdef";

char* PutHex(uint64_t value, int digits, char* out) {
  for (int i = digits - 1; i >= 0; --i) {
    out[i] = kHex[value & 0xf];
    value >>= 4;
  }
  return out + digits;
}

bool GetHex(std::string_view& text, int digits, uint64_t* value) {
  *value = 0;
  for (int i = 0; i < digits; ++i) {
    const char c = text[static_cast<size_t>(i)];
    int v = 0;
    if (c >= '0' && c <= '9') {
      v = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      v = c - 'a' + 10;
    } else {
      return false;
    }
    *value = (*value << 4) | static_cast<uint64_t>(v);
  }
  text.remove_prefix(static_cast<size_t>(digits));
  return true;
}

}  // namespace

void FormatRecordPointer(const RecordPointer& p, char* out) {
  out = PutHex(static_cast<uint64_t>(p.group_id), 16, out);
  out = PutHex(static_cast<uint64_t>(p.key.timestamp_ms), 16, out);
  out = PutHex(static_cast<uint64_t>(p.key.block_id), 16, out);
  PutHex(static_cast<uint32_t>(p.key.index), 8, out);
}

std::optional<RecordPointer> ParseRecordPointer(std::string_view text) {
  if (text.size() != kRecordPointerLength) return std::nullopt;
  uint64_t group = 0, timestamp = 0, block = 0, index = 0;
  if (!GetHex(text, 16, &group) || !GetHex(text, 16, &timestamp) || !GetHex(text, 16, &block) ||
      !GetHex(text, 8, &index)) {
    return std::nullopt;
  }
  return RecordPointer{static_cast<int64_t>(group),
                       EventKey{static_cast<int64_t>(timestamp), static_cast<int64_t>(block),
                                static_cast<int32_t>(static_cast<uint32_t>(index))}};
}

}  // namespace berth::services::logs
