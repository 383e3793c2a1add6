#pragma once
// The stored form of events: a block holds the events of one append to one stream, in time
// order. Its payload is varint(count) then, per event, varint(timestamp − previous timestamp),
// varint(length), message bytes (the first timestamp counts from the block's first_ms, kept
// in its row). Stored as one codec byte then the payload — raw (0) or LZ4-compressed (1,
// preceded by varint(payload size)) when that saves an eighth or more: logs compress well,
// and every byte not written is a byte not written twice (WAL, then checkpoint) nor read.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "services/logs/model/types.h"

namespace berth::services::logs {

// A block holds at most this many message bytes (a larger single event gets its own block)
// and spans at most kMaxBatchSpanMs: reads rely on that bound to find the blocks that
// overlap a time.
inline constexpr size_t kTargetBlockBytes = 64 * 1024;

struct EncodedBlock {
  int64_t first_ms = 0;
  int64_t last_ms = 0;
  int32_t count = 0;
  std::string bytes;  // as stored: codec byte, then the payload, maybe compressed
};

// Splits events into blocks. The events must be in time order (callers check).
std::vector<EncodedBlock> EncodeBlocks(std::span<const EventInput> events);

struct BlockEntry {
  int64_t timestamp_ms = 0;
  uint32_t offset = 0;  // of the message in the block's payload
  uint32_t length = 0;
};

// Decodes a stored block: `payload` receives its uncompressed payload and `entries` (both
// cleared first) the place of each event in it. InternalFailure when the bytes are not a
// well-formed block.
Status DecodeBlock(std::string_view stored, int64_t first_ms, std::string& payload,
                   std::vector<BlockEntry>& entries);

}  // namespace berth::services::logs
