#pragma once
// Merges the events of many blocks into one sequence in time order, opening a block only
// when the merge reaches its time range and closing it when it is read through: memory is
// bounded by the blocks that overlap the current position, whatever the read covers.
//
// Each BlockSource yields block descriptions in the merge's order (forward: by first_ms
// ascending; backward: by last_ms descending), e.g. one SQL cursor per stream or per group.
// Before an event at time T goes out, every block that could hold an earlier event (forward:
// first_ms <= T) has been opened, so the order is exact: by timestamp, then by block id,
// then by place in the block (EventKey order).

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "services/logs/model/types.h"
#include "services/logs/store/event_block.h"
#include "services/logs/store/logs_store.h"

namespace berth::services::logs {

struct BlockMeta {
  int64_t id = 0;
  int64_t group_id = 0;
  int64_t stream_id = 0;
  int64_t first_ms = 0;
  int64_t last_ms = 0;
  int64_t ingestion_ms = 0;
  int32_t first_index = 0;  // the index (in EventKey) of the block's first event
};

class BlockSource {
 public:
  virtual ~BlockSource() = default;
  // The next block in the merge's order, or nullopt when there is none.
  virtual Result<std::optional<BlockMeta>> Next() = 0;
};

struct MergeBounds {
  // Inclusive lower bound of timestamps per group (the query's start or the group's
  // retention cutoff, whichever is later); groups not listed use default_start_ms.
  std::unordered_map<int64_t, int64_t> start_ms;
  int64_t default_start_ms = std::numeric_limits<int64_t>::min();
  int64_t end_ms = std::numeric_limits<int64_t>::max();  // exclusive
  std::optional<EventKey> after;   // forward: only keys > after
  std::optional<EventKey> before;  // backward: only keys < before
};

struct MergedEvent {
  EventKey key;
  int64_t ingestion_ms = 0;
  int64_t group_id = 0;
  int64_t stream_id = 0;
  std::string_view message;  // valid until the next call to Next
};

class EventMerger {
 public:
  // Reads a block's bytes.
  using Loader = std::function<Result<std::string>(const BlockMeta&)>;

  EventMerger(Direction direction, std::vector<std::unique_ptr<BlockSource>> sources,
              Loader loader, MergeBounds bounds);
  ~EventMerger();
  EventMerger(const EventMerger&) = delete;
  EventMerger& operator=(const EventMerger&) = delete;

  // The next event; false at the end.
  Result<bool> Next(MergedEvent* out);

 private:
  struct Open;
  struct Pending {
    BlockMeta meta;
    size_t source = 0;
  };

  Status Start();
  Status Refill(size_t source);
  Status OpenBlock(const BlockMeta& meta);
  // The merge's order of open blocks and pending blocks (a heap "less" for the direction).
  bool OpenAfter(const Open* a, const Open* b) const;
  bool PendingAfter(const Pending& a, const Pending& b) const;
  int64_t PendingEdge(const Pending& p) const;  // forward: first_ms; backward: last_ms
  bool InRange(const Open& block) const;
  void Release(std::unique_ptr<Open> block);

  const Direction direction_;
  std::vector<std::unique_ptr<BlockSource>> sources_;
  Loader loader_;
  const MergeBounds bounds_;
  bool started_ = false;
  std::vector<Pending> pending_;               // heap
  std::vector<std::unique_ptr<Open>> open_;    // heap
  std::unique_ptr<Open> current_;              // the block the last event came from
  std::vector<std::unique_ptr<Open>> spare_;   // closed blocks, reused for their buffers
};

}  // namespace berth::services::logs
