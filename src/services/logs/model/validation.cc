#include "services/logs/model/validation.h"

#include <algorithm>
#include <array>

#include "services/logs/model/errors.h"

namespace berth::services::logs {
namespace {

constexpr size_t kMaxNameLength = 512;
constexpr std::array<int, 22> kRetentionDays = {1,   3,   5,    7,    14,   30,   60,  90,
                                                120, 150, 180,  365,  400,  545,  731, 1096,
                                                1827, 2192, 2557, 2922, 3288, 3653};
constexpr int64_t kDayMs = 24LL * 3600 * 1000;

bool IsGroupNameCharacter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '.' || c == '-' || c == '_' || c == '/' || c == '#';
}

Status CheckLength(std::string_view value, std::string_view member, size_t max) {
  if (value.empty()) {
    return errors::ConstraintViolated(member, value,
                                      "Member must have length greater than or equal to 1");
  }
  if (value.size() > max) {
    return errors::ConstraintViolated(
        member, value, "Member must have length less than or equal to " + std::to_string(max));
  }
  return Ok();
}

}  // namespace

Status CheckLogGroupName(std::string_view name, std::string_view member) {
  BERTH_RETURN_IF_ERROR(CheckLength(name, member, kMaxNameLength));
  if (!std::all_of(name.begin(), name.end(), IsGroupNameCharacter)) {
    return errors::ConstraintViolated(
        member, name, R"(Member must satisfy regular expression pattern: [\.\-_/#A-Za-z0-9]+)");
  }
  return Ok();
}

Status CheckLogStreamName(std::string_view name, std::string_view member) {
  BERTH_RETURN_IF_ERROR(CheckLength(name, member, kMaxNameLength));
  if (name.find_first_of(":*") != std::string_view::npos) {
    return errors::ConstraintViolated(member, name,
                                      "Member must satisfy regular expression pattern: [^:*]*");
  }
  return Ok();
}

Status CheckRetentionDays(int64_t days) {
  if (std::find(kRetentionDays.begin(), kRetentionDays.end(), days) != kRetentionDays.end()) {
    return Ok();
  }
  std::string set;
  for (int d : kRetentionDays) set += (set.empty() ? "" : ", ") + std::to_string(d);
  return errors::ConstraintViolated("retentionInDays", std::to_string(days),
                                    "Member must satisfy enum value set: [" + set + "]");
}

Status CheckTagKey(std::string_view key, std::string_view member) {
  BERTH_RETURN_IF_ERROR(CheckLength(key, member, 128));
  if (key.substr(0, 4) == "aws:") {
    return errors::InvalidParameter("Tag keys beginning with 'aws:' are reserved");
  }
  return Ok();
}

Status CheckTags(const std::map<std::string, std::string>& tags, std::string_view member) {
  if (tags.empty()) {
    return errors::ConstraintViolated(member, "{}",
                                      "Member must have length greater than or equal to 1");
  }
  if (tags.size() > static_cast<size_t>(kMaxTags)) {
    return errors::ConstraintViolated(member, "{...}",
                                      "Member must have length less than or equal to 50");
  }
  for (const auto& [key, value] : tags) {
    BERTH_RETURN_IF_ERROR(CheckTagKey(key, std::string(member) + ".key"));
    if (value.size() > 256) {
      return errors::ConstraintViolated(std::string(member) + "." + key, value,
                                        "Member must have length less than or equal to 256");
    }
  }
  return Ok();
}

Result<BatchVerdict> CheckBatch(std::span<const EventInput> events, TimePoint now,
                                std::optional<int> retention_days) {
  if (events.empty()) {
    return errors::ConstraintViolated("logEvents", "[]",
                                      "Member must have length greater than or equal to 1");
  }
  if (events.size() > kMaxBatchEvents) {
    return errors::ConstraintViolated("logEvents", "[...]",
                                      "Member must have length less than or equal to 10000");
  }
  int64_t bytes = 0;
  for (size_t i = 0; i < events.size(); ++i) {
    // Named only when it is wrong: this loop runs for every ingested event.
    auto member = [i] { return "logEvents." + std::to_string(i + 1) + ".member."; };
    if (events[i].timestamp_ms < 0) {
      return errors::ConstraintViolated(member() + "timestamp",
                                        std::to_string(events[i].timestamp_ms),
                                        "Member must have value greater than or equal to 0");
    }
    if (events[i].message.empty()) {
      return errors::ConstraintViolated(member() + "message", "",
                                        "Member must have length greater than or equal to 1");
    }
    bytes += static_cast<int64_t>(events[i].message.size()) + kEventOverheadBytes;
  }
  if (bytes > kMaxBatchBytes) {
    return errors::InvalidParameter("Upload too large: " + std::to_string(bytes) +
                                    " bytes exceeds limit of " + std::to_string(kMaxBatchBytes));
  }
  for (size_t i = 1; i < events.size(); ++i) {
    if (events[i].timestamp_ms < events[i - 1].timestamp_ms) {
      return errors::InvalidParameter(
          "Log events in a single PutLogEvents request must be in chronological order.");
    }
  }
  const int64_t now_ms = Millis(now);
  BatchVerdict verdict;
  verdict.end_accepted = events.size();
  for (size_t i = 0; i < events.size(); ++i) {
    const int64_t ts = events[i].timestamp_ms;
    if (ts < now_ms - kMaxEventAgeMs) verdict.too_old_end = i;
    if (retention_days && ts < now_ms - *retention_days * kDayMs) verdict.expired_end = i;
    if (ts > now_ms + kMaxEventLeadMs && !verdict.too_new_start) verdict.too_new_start = i;
  }
  if (verdict.too_old_end) verdict.first_accepted = *verdict.too_old_end + 1;
  if (verdict.expired_end) {
    verdict.first_accepted = std::max(verdict.first_accepted, *verdict.expired_end + 1);
  }
  if (verdict.too_new_start) verdict.end_accepted = *verdict.too_new_start;
  if (!verdict.AllRejected() &&
      events[verdict.end_accepted - 1].timestamp_ms -
              events[verdict.first_accepted].timestamp_ms >
          kMaxBatchSpanMs) {
    return errors::InvalidParameter(
        "The batch of log events in a single PutLogEvents request cannot span more than 24 "
        "hours.");
  }
  return verdict;
}

}  // namespace berth::services::logs
