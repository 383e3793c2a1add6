#pragma once
// Fixed-width little-endian integers in byte strings: the event journal's record headers and the
// audit recorder's index entries are laid out with them.

#include <cstdint>
#include <string>

namespace berth {

// Appends the low `bytes` bytes of v, least significant first.
inline void PutLe(std::string& out, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

// Overwrites the `bytes` bytes at p with v (a field written before its value was known).
inline void SetLe(char* p, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) p[i] = static_cast<char>((v >> (8 * i)) & 0xff);
}

// Reads `bytes` bytes at p as written by PutLe.
inline uint64_t GetLe(const char* p, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v |= static_cast<uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
  return v;
}

}  // namespace berth
