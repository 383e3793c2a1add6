#include "services/logs/store/event_block.h"

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

Error Corrupt(std::string_view why) {
  return Error{"InternalFailure", "corrupt log event block: " + std::string(why), 500};
}

EncodedBlock Encode(std::span<const EventInput> events) {
  EncodedBlock block;
  block.first_ms = events.front().timestamp_ms;
  block.last_ms = events.back().timestamp_ms;
  block.count = static_cast<int32_t>(events.size());
  size_t size = 10;
  for (const EventInput& e : events) size += e.message.size() + 12;
  block.bytes.reserve(size);
  PutVarint(block.bytes, events.size());
  int64_t previous = block.first_ms;
  for (const EventInput& e : events) {
    PutVarint(block.bytes, static_cast<uint64_t>(e.timestamp_ms - previous));
    PutVarint(block.bytes, e.message.size());
    block.bytes.append(e.message);
    previous = e.timestamp_ms;
  }
  return block;
}

}  // namespace

std::vector<EncodedBlock> EncodeBlocks(std::span<const EventInput> events) {
  std::vector<EncodedBlock> blocks;
  size_t start = 0;
  size_t bytes = 0;
  for (size_t i = 0; i < events.size(); ++i) {
    const bool full = i > start && (bytes + events[i].message.size() > kTargetBlockBytes ||
                                    events[i].timestamp_ms - events[start].timestamp_ms >
                                        kMaxBatchSpanMs);
    if (full) {
      blocks.push_back(Encode(events.subspan(start, i - start)));
      start = i;
      bytes = 0;
    }
    bytes += events[i].message.size();
  }
  if (start < events.size()) blocks.push_back(Encode(events.subspan(start)));
  return blocks;
}

Status DecodeBlock(std::string_view bytes, int64_t first_ms, std::vector<BlockEntry>& entries) {
  entries.clear();
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
