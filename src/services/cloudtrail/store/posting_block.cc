// Varints by hand: a dozen lines, and none of the Debian libraries berth uses offers them on
// their own (protobuf's would bring the whole runtime).
#include "services/cloudtrail/store/posting_block.h"

namespace berth::services::cloudtrail {
namespace {

void PutVarint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

bool GetVarint(std::string_view& in, uint64_t& v) {
  v = 0;
  for (int shift = 0; shift < 64 && !in.empty(); shift += 7) {
    const auto byte = static_cast<unsigned char>(in.front());
    in.remove_prefix(1);
    v |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

// Seqs of a block are not monotonic once sorted by time: their deltas are signed (zigzag).
uint64_t ZigZag(int64_t v) { return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63); }
int64_t UnZigZag(uint64_t v) { return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1); }

}  // namespace

std::string EncodePostings(const std::vector<Posting>& newest_first) {
  std::string out;
  out.reserve(newest_first.size() * 4 + 20);
  PutVarint(out, newest_first.size());
  Posting previous;
  for (size_t i = 0; i < newest_first.size(); ++i) {
    const Posting& p = newest_first[i];
    if (i == 0) {
      PutVarint(out, static_cast<uint64_t>(p.time_ms));
      PutVarint(out, static_cast<uint64_t>(p.seq));
    } else {
      PutVarint(out, static_cast<uint64_t>(previous.time_ms - p.time_ms));  // >= 0: sorted
      PutVarint(out, ZigZag(p.seq - previous.seq));
    }
    previous = p;
  }
  return out;
}

bool DecodePostings(std::string_view block, std::vector<Posting>& out) {
  uint64_t count = 0;
  if (!GetVarint(block, count) || count > block.size()) return false;  // >= 2 bytes an entry
  out.reserve(out.size() + count);
  Posting previous;
  for (uint64_t i = 0; i < count; ++i) {
    uint64_t time = 0, seq = 0;
    if (!GetVarint(block, time) || !GetVarint(block, seq)) return false;
    Posting p;
    if (i == 0) {
      p = {static_cast<int64_t>(time), static_cast<int64_t>(seq)};
    } else {
      p = {previous.time_ms - static_cast<int64_t>(time), previous.seq + UnZigZag(seq)};
    }
    out.push_back(p);
    previous = p;
  }
  return block.empty();
}

}  // namespace berth::services::cloudtrail
