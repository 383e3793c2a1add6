#include "services/logs/store/event_block.h"

#include <lz4.h>

namespace berth::services::logs {
namespace {

void PutVarint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

bool GetVarint(std::string_view in, size_t& pos, uint64_t& v) {
  v = 0;
  for (int shift = 0; shift <= 63 && pos < in.size(); shift += 7) {
    const auto byte = static_cast<uint8_t>(in[pos++]);
    v |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

constexpr char kRaw = 0;
constexpr char kLz4 = 1;
// LZ4's speed/ratio knob: 4 compresses about twice as fast as the default (1) on log lines for
// a few percent less saved; ingestion spends less on it than it saves in writes.
constexpr int kLz4Acceleration = 4;
// A payload is at most a batch (1 MiB of messages and their framing); anything claiming more
// is corrupt, and must not make us allocate it.
constexpr uint64_t kMaxPayloadBytes = 4 << 20;

Error Corrupt(std::string_view why) {
  return Error{"InternalFailure", "corrupt log event block: " + std::string(why), 500};
}

EncodedBlock Encode(std::span<const EventInput> events, std::string& payload) {
  EncodedBlock block;
  block.first_ms = events.front().timestamp_ms;
  block.last_ms = events.back().timestamp_ms;
  block.count = static_cast<int32_t>(events.size());
  payload.clear();
  PutVarint(payload, events.size());
  int64_t previous = block.first_ms;
  for (const EventInput& e : events) {
    PutVarint(payload, static_cast<uint64_t>(e.timestamp_ms - previous));
    PutVarint(payload, e.message.size());
    payload.append(e.message);
    previous = e.timestamp_ms;
  }
  const int bound = LZ4_compressBound(static_cast<int>(payload.size()));
  block.bytes.resize(1 + 10 + static_cast<size_t>(bound));
  block.bytes[0] = kLz4;
  std::string header;
  PutVarint(header, payload.size());
  block.bytes.replace(1, header.size(), header);
  const size_t start = 1 + header.size();
  const int compressed =
      LZ4_compress_fast(payload.data(), block.bytes.data() + start,
                        static_cast<int>(payload.size()), bound, kLz4Acceleration);
  if (compressed > 0 && static_cast<size_t>(compressed) <= payload.size() - payload.size() / 8) {
    block.bytes.resize(start + static_cast<size_t>(compressed));
  } else {
    block.bytes.assign(1, kRaw);
    block.bytes.append(payload);
  }
  return block;
}

}  // namespace

std::vector<EncodedBlock> EncodeBlocks(std::span<const EventInput> events) {
  std::vector<EncodedBlock> blocks;
  std::string payload;  // reused from block to block
  payload.reserve(kTargetBlockBytes + 4096);
  size_t start = 0;
  size_t bytes = 0;
  for (size_t i = 0; i < events.size(); ++i) {
    const bool full = i > start && (bytes + events[i].message.size() > kTargetBlockBytes ||
                                    events[i].timestamp_ms - events[start].timestamp_ms >
                                        kMaxBatchSpanMs);
    if (full) {
      blocks.push_back(Encode(events.subspan(start, i - start), payload));
      start = i;
      bytes = 0;
    }
    bytes += events[i].message.size();
  }
  if (start < events.size()) blocks.push_back(Encode(events.subspan(start), payload));
  return blocks;
}

Status DecodeBlock(std::string_view stored, int64_t first_ms, std::string& payload,
                   std::vector<BlockEntry>& entries) {
  entries.clear();
  if (stored.empty()) return Corrupt("empty");
  if (stored[0] == kRaw) {
    payload.assign(stored.substr(1));
  } else if (stored[0] == kLz4) {
    size_t at = 1;
    uint64_t size = 0;
    if (!GetVarint(stored, at, size) || size > kMaxPayloadBytes) {
      return Corrupt("bad payload size");
    }
    payload.resize(size);
    const int got = LZ4_decompress_safe(stored.data() + at, payload.data(),
                                        static_cast<int>(stored.size() - at),
                                        static_cast<int>(size));
    if (got < 0 || static_cast<uint64_t>(got) != size) return Corrupt("bad LZ4 data");
  } else {
    return Corrupt("unknown codec");
  }
  const std::string_view bytes = payload;
  size_t pos = 0;
  uint64_t count = 0;
  if (!GetVarint(bytes, pos, count)) return Corrupt("no event count");
  if (count > bytes.size()) return Corrupt("event count past the block's size");
  entries.reserve(count);
  int64_t ts = first_ms;
  for (uint64_t i = 0; i < count; ++i) {
    uint64_t delta = 0, length = 0;
    if (!GetVarint(bytes, pos, delta) || !GetVarint(bytes, pos, length)) {
      return Corrupt("truncated event header");
    }
    if (length > bytes.size() - pos) return Corrupt("message past the block's end");
    ts += static_cast<int64_t>(delta);
    entries.push_back(BlockEntry{ts, static_cast<uint32_t>(pos), static_cast<uint32_t>(length)});
    pos += length;
  }
  if (pos != bytes.size()) return Corrupt("bytes after the last event");
  return Ok();
}

}  // namespace berth::services::logs
