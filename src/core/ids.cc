#include "core/ids.h"

#include "core/crypto.h"

namespace berth::ids {

namespace {

std::string Format(const std::string& bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    const auto b = static_cast<unsigned char>(bytes[i]);
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0xf]);
  }
  return out;
}

// 16 random bytes. Every call gets two ids (its request id and its event id); RAND_bytes costs
// about a microsecond a call whatever the size, so each thread draws 4 KB at a time and hands
// them out in 16-byte slices (still the CSPRNG's bytes, each used once).
std::string RandomId() {
  constexpr size_t kPool = 4096;
  thread_local std::string pool;
  thread_local size_t used = kPool;
  if (used + 16 > pool.size()) {
    pool = crypto::RandomBytes(kPool);
    used = 0;
  }
  std::string bytes = pool.substr(used, 16);
  used += 16;
  return bytes;
}

}  // namespace

std::string NewUuid() {
  std::string bytes = RandomId();
  bytes[6] = static_cast<char>((bytes[6] & 0x0f) | 0x40);  // version 4
  bytes[8] = static_cast<char>((bytes[8] & 0x3f) | 0x80);  // RFC 4122 variant
  return Format(bytes);
}

std::string NewTimeOrderedUuid(int64_t unix_ms) {
  std::string bytes = RandomId();
  for (int i = 0; i < 6; ++i) {
    bytes[i] = static_cast<char>((static_cast<uint64_t>(unix_ms) >> (8 * (5 - i))) & 0xff);
  }
  bytes[6] = static_cast<char>((bytes[6] & 0x0f) | 0x70);  // version 7
  bytes[8] = static_cast<char>((bytes[8] & 0x3f) | 0x80);  // RFC 9562 variant
  return Format(bytes);
}

}  // namespace berth::ids
