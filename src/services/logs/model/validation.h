#pragma once
// The checks AWS makes on CloudWatch Logs input, with AWS's errors (InvalidParameterException).

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"
#include "services/logs/model/types.h"

namespace berth::services::logs {

// 1-512 characters of [.-_/#A-Za-z0-9].
Status CheckLogGroupName(std::string_view name, std::string_view member = "logGroupName");
// 1-512 characters, none of them ':' or '*'.
Status CheckLogStreamName(std::string_view name, std::string_view member = "logStreamName");
// One of AWS's retention periods: 1, 3, 5, 7, 14, 30, … 3653 days.
Status CheckRetentionDays(int64_t days);
// Keys 1-128 characters, values at most 256, no "aws:" keys; at most `kMaxTags`.
Status CheckTags(const std::map<std::string, std::string>& tags, std::string_view member = "tags");
Status CheckTagKey(std::string_view key, std::string_view member = "tagKeys");

// What PutLogEvents makes of a batch: which events it stores ([first_accepted, end_accepted))
// and which it rejects, in AWS's rejectedLogEventsInfo terms. Events are in time order, so
// too-old and expired events are a prefix and too-new ones a suffix.
struct BatchVerdict {
  size_t first_accepted = 0;
  size_t end_accepted = 0;
  std::optional<size_t> too_old_end;     // last index older than 14 days
  std::optional<size_t> expired_end;     // last index older than the group's retention
  std::optional<size_t> too_new_start;   // first index more than 2 hours ahead
  bool AllRejected() const { return first_accepted >= end_accepted; }
};

// PutLogEvents' rules, in AWS's order: 1-10,000 events, timestamps >= 0 and non-empty
// messages, at most 1,048,576 bytes counting 26 per event, chronological order; then the
// too-old / expired / too-new split; then a span of at most 24 hours over the accepted
// events. Breaking a rule fails the whole batch (InvalidParameterException); rejected events
// do not.
Result<BatchVerdict> CheckBatch(std::span<const EventInput> events, TimePoint now,
                                std::optional<int> retention_days);

}  // namespace berth::services::logs
