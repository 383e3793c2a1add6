#pragma once
// CloudWatch Logs' values: log groups, log streams, events and their positions, and AWS's
// limits on them. Plain data, no I/O.

#include <chrono>
#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"

namespace berth::services::logs {

// PutLogEvents' limits (AWS's, documented on the operation).
inline constexpr int64_t kMaxBatchBytes = 1048576;  // message bytes + 26 per event
inline constexpr int64_t kEventOverheadBytes = 26;
inline constexpr size_t kMaxBatchEvents = 10000;
inline constexpr int64_t kMaxBatchSpanMs = 24LL * 3600 * 1000;
inline constexpr int64_t kMaxEventAgeMs = 14LL * 24 * 3600 * 1000;
inline constexpr int64_t kMaxEventLeadMs = 2LL * 3600 * 1000;
// GetLogEvents and FilterLogEvents pages: at most this many events and bytes.
inline constexpr size_t kMaxPageEvents = 10000;
inline constexpr int64_t kMaxPageBytes = 1048576;
inline constexpr int kMaxTags = 50;
inline constexpr int64_t kMaxLogGroupsPerAccount = 1000000;

struct LogGroup {
  int64_t id = 0;
  std::string account_id;
  std::string name;
  TimePoint created_at;
  std::optional<int> retention_days;
  std::optional<std::string> kms_key_id;
  std::string log_group_class = "STANDARD";
  bool deletion_protection = false;
  int64_t stored_bytes = 0;
  std::map<std::string, std::string> tags;  // filled only by the calls that say so
};

struct LogStream {
  int64_t id = 0;
  int64_t group_id = 0;
  std::string name;
  TimePoint created_at;
  // Unset until the stream holds an event.
  std::optional<int64_t> first_event_ms;
  std::optional<int64_t> last_event_ms;
  std::optional<int64_t> last_ingestion_ms;
  int64_t stored_bytes = 0;
};

// One event to store, borrowing its message (PutLogEvents' InputLogEvent).
struct EventInput {
  int64_t timestamp_ms = 0;
  std::string_view message;
};

// Where an event sits in time order: by timestamp, then by the order events were stored in
// (block, then place in block). Unique and stable for the event's lifetime, so it serves as
// AWS's eventId and as the position of paging tokens.
struct EventKey {
  int64_t timestamp_ms = 0;
  int64_t block_id = 0;
  int32_t index = 0;
  auto operator<=>(const EventKey&) const = default;
};

}  // namespace berth::services::logs
