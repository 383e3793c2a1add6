#pragma once
// Variable-length byte encoding shared by the metric store's journal batches and snapshots:
// LEB128 varints (7 bits a byte, least significant first), strings as a varint length then the
// bytes, doubles as their 8 bytes in host order (the files never leave the machine that wrote
// them), and zigzag for signed values that are usually small. ByteReader never reads past its
// input: a short or malformed input clears `ok` and yields zeros/empties, so a decoder reads on
// and checks `ok` once.

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace berth {

inline void PutVarint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

inline void PutStr(std::string& out, std::string_view s) {
  PutVarint(out, s.size());
  out.append(s);
}

inline void PutF64(std::string& out, double v) {
  char b[8];
  std::memcpy(b, &v, 8);
  out.append(b, 8);
}

inline uint64_t ZigZag(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
inline int64_t UnZigZag(uint64_t v) {
  return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
}

struct ByteReader {
  std::string_view in;
  bool ok = true;

  uint64_t Varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (in.empty()) break;
      const uint8_t b = static_cast<uint8_t>(in[0]);
      in.remove_prefix(1);
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) return v;
    }
    ok = false;
    return 0;
  }
  std::string Str() {
    const uint64_t n = Varint();
    if (!ok || n > in.size()) {
      ok = false;
      return {};
    }
    std::string s(in.substr(0, n));
    in.remove_prefix(n);
    return s;
  }
  double F64() {
    if (in.size() < 8) {
      ok = false;
      return 0;
    }
    double v;
    std::memcpy(&v, in.data(), 8);
    in.remove_prefix(8);
    return v;
  }
  uint8_t U8() {
    if (in.empty()) {
      ok = false;
      return 0;
    }
    const uint8_t v = static_cast<uint8_t>(in[0]);
    in.remove_prefix(1);
    return v;
  }
};

}  // namespace berth
