#pragma once
// The event history: every recorded event, searchable as LookupEvents searches it, and readable
// in storage order by trail delivery. Implementations are thread-safe.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "services/cloudtrail/model/event.h"
#include "services/cloudtrail/store/event_journal.h"

namespace berth::services::cloudtrail {

enum class LookupKey {
  kEventId,
  kEventName,
  kReadOnly,
  kUsername,
  kResourceType,
  kResourceName,
  kEventSource,
  kAccessKeyId,
};

struct LookupQuery {
  std::string account_id;
  std::optional<LookupKey> key;  // at most one attribute, as AWS allows
  std::string value;
  TimePoint start;               // inclusive
  TimePoint end;                 // inclusive
  // Position after which to continue (newest first): the last event of the previous page.
  std::optional<std::pair<TimePoint, int64_t>> after;
  size_t limit = 50;
};

class EventStore {
 public:
  virtual ~EventStore() = default;
  // Stores the batch's records at once (durable on return), giving them the next seqs.
  // `index_entries`: the events' AppendIndexEntry entries in the same order, which spare the
  // index parsing the records; empty, the attributes are read back from the records.
  virtual Status Append(JournalBatch& batch, std::string index_entries) = 0;
  // Events matching the query, newest first, at most limit (the JSON and attributes filled).
  virtual Result<std::vector<TrailEvent>> Lookup(const LookupQuery& query) = 0;
  // Events with seq > after_seq in seq order, at most limit (for delivery).
  virtual Result<std::vector<TrailEvent>> ReadFrom(int64_t after_seq, size_t limit) = 0;
  // The highest seq stored (0 when empty).
  virtual Result<int64_t> LastSeq() = 0;
  // Deletes events older than `before` (retention); returns how many went.
  virtual Result<size_t> DeleteBefore(TimePoint before) = 0;
  // Deletes the oldest events until the history's records fit in max_bytes on disk (retention
  // by size); returns how many went.
  virtual Result<size_t> DeleteOverSize(uint64_t max_bytes) = 0;
};

}  // namespace berth::services::cloudtrail
