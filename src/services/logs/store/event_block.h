#pragma once
// The stored form of events: a block holds the events of one append to one stream, in time
// order, as varint(count) then, per event, varint(timestamp − previous timestamp),
// varint(length), message bytes (the first timestamp counts from the block's first_ms, kept
// in its row). Compact, written in one pass, read in one pass.

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
  std::string bytes;
};

// Splits events into blocks. The events must be in time order (callers check).
std::vector<EncodedBlock> EncodeBlocks(std::span<const EventInput> events);

struct BlockEntry {
  int64_t timestamp_ms = 0;
  uint32_t offset = 0;  // of the message in the block's bytes
  uint32_t length = 0;
};

// Fills `entries` (cleared first) with the events of a block. InternalFailure when the bytes
// are not a well-formed block.
Status DecodeBlock(std::string_view bytes, int64_t first_ms, std::vector<BlockEntry>& entries);

}  // namespace berth::services::logs
