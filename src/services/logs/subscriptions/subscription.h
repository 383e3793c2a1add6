#pragma once
// CloudWatch Logs subscription filters and destinations: plain data, no I/O.
//
// A subscription filter runs a filter pattern over the events stored in its log group and
// hands the matching ones to its destination (destinationArn). berth serves one kind of
// destinationArn: a CloudWatch Logs destination (PutDestination), whose targetArn is either
// another berth log group's ARN or an http(s) URL (berth's extension: the endpoint receives
// what a Kinesis consumer would, see payload.h). Kinesis, Firehose and Lambda ARNs are refused.

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace berth::services::logs {

// AWS allows two subscription filters per log group.
inline constexpr size_t kMaxSubscriptionFiltersPerGroup = 2;

// Where a filter stands in delivering its group's events (subscriptions/delivery_worker.h).
struct DeliveryProgress {
  // Every event of the group's blocks up to this id has been delivered (or did not match).
  int64_t delivered_block = 0;
  bool control_sent = false;  // the CONTROL_MESSAGE went out after the filter was put
  int attempts = 0;           // failed attempts in a row
  int64_t next_attempt_ms = 0;
};

struct SubscriptionFilter {
  int64_t group_id = 0;
  std::string account_id;  // the group's (read back from the store)
  std::string group_name;  // the group's (read back from the store)
  std::string name;
  std::string pattern;
  std::string destination_arn;
  std::optional<std::string> role_arn;
  std::string distribution = "ByLogStream";
  bool apply_on_transformed_logs = false;
  int64_t created_ms = 0;
  // Bumped by every put: a delivery round's progress is saved only if the filter it read is
  // still the one stored.
  int64_t revision = 0;
  DeliveryProgress progress;
};

struct Destination {
  std::string account_id;
  std::string name;
  std::string target_arn;
  std::string role_arn;
  std::optional<std::string> access_policy;
  std::map<std::string, std::string> tags;
  int64_t created_ms = 0;
};

}  // namespace berth::services::logs
