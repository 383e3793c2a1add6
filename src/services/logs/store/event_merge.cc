#include "services/logs/store/event_merge.h"

#include <algorithm>

namespace berth::services::logs {
namespace {

constexpr size_t kMaxSpareBlocks = 16;

}  // namespace

struct EventMerger::Open {
  BlockMeta meta;
  std::string stored;   // as loaded
  std::string payload;  // uncompressed; messages are views into it
  std::vector<BlockEntry> entries;
  int64_t pos = 0;  // the current entry

  EventKey Key() const {
    return EventKey{entries[static_cast<size_t>(pos)].timestamp_ms, meta.id,
                    meta.first_index + static_cast<int32_t>(pos)};
  }
};

EventMerger::EventMerger(Direction direction, std::vector<std::unique_ptr<BlockSource>> sources,
                         Loader loader, MergeBounds bounds)
    : direction_(direction),
      sources_(std::move(sources)),
      loader_(std::move(loader)),
      bounds_(std::move(bounds)) {}

EventMerger::~EventMerger() = default;

bool EventMerger::OpenAfter(const Open* a, const Open* b) const {
  return direction_ == Direction::kForward ? a->Key() > b->Key() : a->Key() < b->Key();
}

bool EventMerger::PendingAfter(const Pending& a, const Pending& b) const {
  return direction_ == Direction::kForward ? a.meta.first_ms > b.meta.first_ms
                                           : a.meta.last_ms < b.meta.last_ms;
}

int64_t EventMerger::PendingEdge(const Pending& p) const {
  return direction_ == Direction::kForward ? p.meta.first_ms : p.meta.last_ms;
}

Status EventMerger::Start() {
  for (size_t i = 0; i < sources_.size(); ++i) BERTH_RETURN_IF_ERROR(Refill(i));
  return Ok();
}

Status EventMerger::Refill(size_t source) {
  BERTH_ASSIGN_OR_RETURN(std::optional<BlockMeta> next, sources_[source]->Next());
  if (!next) return Ok();
  pending_.push_back(Pending{*next, source});
  std::push_heap(pending_.begin(), pending_.end(),
                 [this](const Pending& a, const Pending& b) { return PendingAfter(a, b); });
  return Ok();
}

bool EventMerger::InRange(const Open& block) const {
  const auto n = static_cast<int64_t>(block.entries.size());
  if (block.pos < 0 || block.pos >= n) return false;
  const int64_t ts = block.entries[static_cast<size_t>(block.pos)].timestamp_ms;
  if (direction_ == Direction::kForward) return ts < bounds_.end_ms;
  auto start = bounds_.start_ms.find(block.meta.group_id);
  return ts >= (start != bounds_.start_ms.end() ? start->second : bounds_.default_start_ms);
}

void EventMerger::Release(std::unique_ptr<Open> block) {
  if (spare_.size() >= kMaxSpareBlocks) return;
  block->stored.clear();
  block->entries.clear();
  spare_.push_back(std::move(block));
}

Status EventMerger::OpenBlock(const BlockMeta& meta) {
  std::unique_ptr<Open> block;
  if (!spare_.empty()) {
    block = std::move(spare_.back());
    spare_.pop_back();
  } else {
    block = std::make_unique<Open>();
  }
  block->meta = meta;
  BERTH_ASSIGN_OR_RETURN(block->stored, loader_(meta));
  BERTH_RETURN_IF_ERROR(DecodeBlock(block->stored, meta.first_ms, block->payload, block->entries));
  const auto& entries = block->entries;
  auto by_time = [](const BlockEntry& e, int64_t t) { return e.timestamp_ms < t; };
  if (direction_ == Direction::kForward) {
    auto start = bounds_.start_ms.find(meta.group_id);
    const int64_t lower =
        start != bounds_.start_ms.end() ? start->second : bounds_.default_start_ms;
    block->pos = std::lower_bound(entries.begin(), entries.end(), lower, by_time) - entries.begin();
    while (bounds_.after && block->pos < static_cast<int64_t>(entries.size()) &&
           block->Key() <= *bounds_.after) {
      ++block->pos;
    }
  } else {
    block->pos =
        (std::lower_bound(entries.begin(), entries.end(), bounds_.end_ms, by_time) -
         entries.begin()) - 1;
    while (bounds_.before && block->pos >= 0 && block->Key() >= *bounds_.before) --block->pos;
  }
  if (!InRange(*block)) {
    Release(std::move(block));
    return Ok();
  }
  open_.push_back(std::move(block));
  std::push_heap(open_.begin(), open_.end(),
                 [this](const auto& a, const auto& b) { return OpenAfter(a.get(), b.get()); });
  return Ok();
}

Result<bool> EventMerger::Next(MergedEvent* out) {
  auto open_order = [this](const auto& a, const auto& b) { return OpenAfter(a.get(), b.get()); };
  auto pending_order = [this](const Pending& a, const Pending& b) { return PendingAfter(a, b); };
  if (!started_) {
    started_ = true;
    BERTH_RETURN_IF_ERROR(Start());
  }
  if (current_) {
    current_->pos += direction_ == Direction::kForward ? 1 : -1;
    if (InRange(*current_)) {
      open_.push_back(std::move(current_));
      std::push_heap(open_.begin(), open_.end(), open_order);
    } else {
      Release(std::move(current_));
    }
  }
  // Open every block that could hold an event ahead of the best open one.
  for (;;) {
    if (pending_.empty()) break;
    if (!open_.empty()) {
      const int64_t edge = PendingEdge(pending_.front());
      const int64_t next = open_.front()->Key().timestamp_ms;
      if (direction_ == Direction::kForward ? edge > next : edge < next) break;
    }
    std::pop_heap(pending_.begin(), pending_.end(), pending_order);
    Pending p = pending_.back();
    pending_.pop_back();
    BERTH_RETURN_IF_ERROR(Refill(p.source));
    BERTH_RETURN_IF_ERROR(OpenBlock(p.meta));
  }
  if (open_.empty()) return false;
  std::pop_heap(open_.begin(), open_.end(), open_order);
  current_ = std::move(open_.back());
  open_.pop_back();
  const BlockEntry& entry = current_->entries[static_cast<size_t>(current_->pos)];
  out->key = current_->Key();
  out->ingestion_ms = current_->meta.ingestion_ms;
  out->group_id = current_->meta.group_id;
  out->stream_id = current_->meta.stream_id;
  out->message = std::string_view(current_->payload).substr(entry.offset, entry.length);
  return true;
}

}  // namespace berth::services::logs
