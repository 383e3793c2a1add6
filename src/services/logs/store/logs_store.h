#pragma once
// Persistence of log groups, their tags and streams, and log events. Events are kept in
// blocks: the events of one PutLogEvents call for one stream, in time order, a block holding
// up to ~64 KiB (one insert per block, not per event). Reads merge the blocks they touch
// into one time-ordered sequence holding only the blocks that overlap the current position,
// so memory stays bounded however much a read covers. Implementations are thread-safe.

#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "services/logs/model/query_definition.h"
#include "services/logs/metric_filters/metric_filter.h"
#include "services/logs/model/types.h"

namespace berth::services::logs {

enum class MetricFilterPut { kStored, kLimitExceeded, kGroupNotFound };

struct MetricFilterListing {
  std::string account_id;
  std::optional<int64_t> group_id;
  std::string name_prefix;
  std::optional<std::string> metric_name;
  std::optional<std::string> metric_namespace;
  std::optional<std::pair<std::string, std::string>> after;  // (filter name, group name)
  size_t limit = 50;
};

// One event as a scan sees it. The string views stay valid only during the visit call.
struct StoredEvent {
  int64_t timestamp_ms = 0;
  int64_t ingestion_time_ms = 0;
  std::string_view message;
  std::string_view stream_name;
  std::string_view group_name;
  size_t group_index = 0;  // the group's place in the scan's list of names
  int64_t group_id = 0;
  EventKey key;  // its position (what GetLogRecord's pointer names)
};

// One event as the API's reads see it (GetLogEvents, FilterLogEvents). The views stay valid
// only during the visit call.
struct EventView {
  EventKey key;  // its position: timestamp, then storage order
  int64_t ingestion_ms = 0;
  int64_t stream_id = 0;
  std::string_view stream_name;
  std::string_view message;
};

enum class Direction { kForward, kBackward };

// What ReadEvents reads.
struct EventSelection {
  int64_t group_id = 0;
  // Only these streams of the group (a few, each read through its own index range); empty:
  // every stream, filtered by `stream_filter` when that is set.
  std::vector<int64_t> stream_ids;
  std::optional<std::vector<int64_t>> stream_filter;  // sorted
  int64_t start_ms = std::numeric_limits<int64_t>::min();  // inclusive
  int64_t end_ms = std::numeric_limits<int64_t>::max();    // exclusive
  std::optional<EventKey> after;   // forward: only events positioned after this
  std::optional<EventKey> before;  // backward: only events positioned before this
  // Events the group's retention has expired as of `now` are never returned.
  TimePoint now;
};

struct GroupListing {
  std::string after;  // names greater than this
  std::optional<std::string> prefix;
  std::optional<std::string> substring;  // logGroupNamePattern: a case-sensitive substring
  std::optional<std::string> log_group_class;
  size_t limit = 50;
};

enum class StreamOrder { kName, kLastEventTime };

// A position in a stream listing: after (or, descending, before) this stream.
struct StreamCursor {
  int64_t last_event_ms = 0;  // kLastEventTime only; 0 for a stream without events
  std::string name;
};

struct StreamListing {
  StreamOrder order = StreamOrder::kName;
  bool descending = false;
  std::optional<std::string> prefix;
  std::optional<StreamCursor> after;
  size_t limit = 50;
};

struct AppendRequest {
  int64_t group_id = 0;
  std::string_view stream_name;
  bool create_stream = false;  // create it when missing (else kStreamNotFound)
  // In time order; callers check PutLogEvents' limits (CheckBatch) first.
  std::span<const EventInput> events;
  TimePoint ingestion_time;
};

enum class AppendOutcome { kAppended, kGroupNotFound, kStreamNotFound };

struct RetentionSweep {
  int64_t blocks_deleted = 0;
  int64_t blocks_rewritten = 0;  // blocks that straddled the cutoff and lost their old events
  int64_t bytes_freed = 0;
};

class LogsStore {
 public:
  virtual ~LogsStore() = default;

  // --- Log groups, keyed by (account, name) ---
  // Inserts the group (with its tags); false when the name is taken. Sets group.id.
  // LimitExceededException past kMaxLogGroupsPerAccount.
  virtual Result<bool> CreateGroup(LogGroup& group) = 0;
  // Without tags unless with_tags.
  virtual Result<std::optional<LogGroup>> GetGroup(std::string_view account,
                                                   std::string_view name,
                                                   bool with_tags = false) = 0;
  // The group of that id (without tags), whatever its account.
  virtual Result<std::optional<LogGroup>> GetGroupById(int64_t group_id) = 0;
  // In name order (byte order), without tags.
  virtual Result<std::vector<LogGroup>> ListGroups(std::string_view account,
                                                   const GroupListing& listing) = 0;
  // Deletes the group, its tags, streams and events; false when it was already gone.
  virtual Result<bool> DeleteGroup(int64_t group_id) = 0;
  virtual Status SetRetention(int64_t group_id, std::optional<int> days) = 0;
  virtual Status SetDeletionProtection(int64_t group_id, bool enabled) = 0;
  // Adds or replaces `add`, then removes `remove`, in one transaction; fails with
  // TooManyTagsException (or `too_many`, when given) if the group would hold more than 50.
  virtual Status UpdateTags(int64_t group_id, const std::map<std::string, std::string>& add,
                            const std::vector<std::string>& remove,
                            std::optional<Error> too_many = std::nullopt) = 0;

  // --- Log streams ---
  // Inserts the stream; false when the name is taken in the group. Sets stream.id.
  virtual Result<bool> CreateStream(LogStream& stream) = 0;
  virtual Result<std::optional<LogStream>> GetStream(int64_t group_id, std::string_view name) = 0;
  virtual Result<std::vector<LogStream>> ListStreams(int64_t group_id,
                                                     const StreamListing& listing) = 0;
  // The ids of the named streams of the group that exist, sorted.
  virtual Result<std::vector<int64_t>> FindStreams(int64_t group_id,
                                                   std::span<const std::string> names) = 0;
  virtual Result<std::vector<int64_t>> FindStreamsByPrefix(int64_t group_id,
                                                           std::string_view prefix) = 0;
  // Deletes the stream and its events; false when it was already gone.
  virtual Result<bool> DeleteStream(int64_t stream_id) = 0;

  // --- Events ---
  // Stores the events in one transaction, durable when this returns, and updates the
  // stream's first/last event and ingestion times and both stored-bytes counts.
  virtual Result<AppendOutcome> Append(const AppendRequest& request) = 0;
  // Visits the selected events in time order (kForward: oldest first; kBackward: newest
  // first) until visit returns false. One consistent snapshot; visit must not call the store.
  virtual Status ReadEvents(const EventSelection& selection, Direction direction,
                            const std::function<bool(const EventView&)>& visit) = 0;
  // Visits the events of the account's log groups `groups` (names) with timestamps in
  // [start, end), across all their streams, in time order (kForward: oldest first, ties in
  // storage order; kBackward: newest first, the exact reverse), until visit returns false.
  // Memory stays bounded by the blocks overlapping the current timestamp, not by what the
  // scan covers. Expired events are skipped. ResourceNotFoundException when a group does not
  // exist. The scan is one read snapshot (it holds a pooled read connection while it runs).
  // Thread-safe; visit must not call the store.
  virtual Status ScanEvents(std::string_view account, const std::vector<std::string>& groups,
                            TimePoint start, TimePoint end, Direction direction,
                            const std::function<bool(const StoredEvent&)>& visit) = 0;
  // Removes the events each group's retention has expired as of `now` (whole blocks, and the
  // old part of blocks that straddle the cutoff), at most about `max_blocks` blocks per call,
  // and takes their bytes off the stored-bytes counts. Call again while it deletes anything.
  virtual Result<RetentionSweep> DeleteExpiredEvents(TimePoint now, size_t max_blocks) = 0;

  // --- Logs Insights query definitions, keyed by (account, id) ---
  // Creates `definition` (its id set by the caller), or, with `replace`, replaces the one of
  // that id. A creation whose `client_token` (when not empty) made a definition before makes
  // none and answers that one's id. nullopt when `replace` names no definition of the
  // account; LimitExceededException past kMaxQueryDefinitionsPerAccount.
  virtual Result<std::optional<std::string>> PutQueryDefinition(
      const QueryDefinition& definition, bool replace, std::string_view client_token) = 0;
  // In (name, id) order, after `after` when given, names starting with `prefix`.
  virtual Result<std::vector<QueryDefinition>> ListQueryDefinitions(
      std::string_view account, std::string_view prefix,
      const std::optional<QueryDefinitionCursor>& after, size_t limit) = 0;
  // False when the account has no definition of that id.
  virtual Result<bool> DeleteQueryDefinition(std::string_view account, std::string_view id) = 0;

  // --- Metric filters, keyed by (group, name); deleted with their group ---
  // Creates or replaces filter.name of filter.group_id (account_id, group_name unused).
  // kLimitExceeded when creating one more than `max_per_group`.
  virtual Result<MetricFilterPut> PutMetricFilter(const MetricFilter& filter,
                                                  size_t max_per_group) = 0;
  // In (filter name, group name) order, after `listing.after` when given.
  virtual Result<std::vector<MetricFilter>> ListMetricFilters(
      const MetricFilterListing& listing) = 0;
  // False when the group has no filter of that name.
  virtual Result<bool> DeleteMetricFilter(int64_t group_id, std::string_view name) = 0;
  // Every account's filters (what ingestion loads at start).
  virtual Result<std::vector<MetricFilter>> AllMetricFilters() = 0;
};

}  // namespace berth::services::logs
