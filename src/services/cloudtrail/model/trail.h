#pragma once
// A trail: where and which events CloudTrail delivers, and how its delivery stands. Value types
// and the rules on them; no I/O.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "services/cloudtrail/model/event.h"

namespace berth::services::cloudtrail {

// A basic event selector (management events by read/write type).
struct EventSelector {
  std::string read_write_type = "All";  // ReadOnly | WriteOnly | All
  bool include_management_events = true;
  std::vector<std::string> exclude_management_event_sources;
  std::string data_resources_json = "[]";  // kept as given (berth records no data events)
};

// One condition of an advanced selector: the field's value must satisfy every operator given.
struct FieldSelector {
  std::string field;  // eventCategory, eventSource, eventName, readOnly, resources.type, …
  std::vector<std::string> equals, starts_with, ends_with;
  std::vector<std::string> not_equals, not_starts_with, not_ends_with;
};

struct AdvancedEventSelector {
  std::string name;
  std::vector<FieldSelector> fields;  // all must hold
};

// The Insights types a trail logs (PutInsightSelectors), each on management events.
enum class InsightType { kApiCallRate, kApiErrorRate };
std::string_view InsightTypeName(InsightType type);  // "ApiCallRateInsight", …

struct InsightSelector {
  InsightType type = InsightType::kApiCallRate;
  bool categories_given = false;  // EventCategories was sent (then it is echoed back)
};

struct Trail {
  int64_t id = 0;
  std::string name;
  std::string account_id;
  std::string home_region;
  std::string s3_bucket;
  std::optional<std::string> s3_prefix;
  std::optional<std::string> sns_topic;
  bool include_global_events = true;
  bool multi_region = false;
  bool log_file_validation = false;
  std::optional<std::string> log_group_arn;
  std::optional<std::string> logs_role_arn;
  std::optional<std::string> kms_key;
  bool logging = false;
  // Without PutEventSelectors: all management events (AWS's default selector).
  std::vector<EventSelector> selectors{EventSelector{}};
  std::vector<AdvancedEventSelector> advanced_selectors;  // when set, replaces `selectors`
  bool custom_selectors = false;
  std::vector<InsightSelector> insight_selectors;  // empty: Insights are off
  std::map<std::string, std::string> tags;
  TimePoint created_at;
  std::optional<TimePoint> start_logging_time;
  std::optional<TimePoint> stop_logging_time;
};

// How a trail's delivery stands (GetTrailStatus), kept by delivery.
struct DeliveryState {
  int64_t delivered_seq = 0;  // events up to this seq have been considered
  std::optional<TimePoint> latest_delivery_time;
  std::optional<TimePoint> latest_delivery_attempt;
  std::optional<std::string> latest_delivery_error;
  std::optional<TimePoint> latest_logs_delivery_time;
  std::optional<std::string> latest_logs_delivery_error;
  std::optional<TimePoint> latest_digest_time;
  std::optional<std::string> latest_digest_error;
  // The digest chain: where the last digest went and its signature (hex).
  std::optional<TimePoint> last_digest_end;
  std::string last_digest_bucket, last_digest_key, last_digest_signature;
  std::string last_digest_hash;  // hex SHA-256 of the last digest (uncompressed)
  int64_t last_digested_file = 0;  // delivered files up to this id are in a digest
};

// arn:aws:cloudtrail:<region>:<account>:trail/<name>
std::string TrailArn(const Trail& trail);
// arn:aws:logs:<region>:<account>:log-group:<name>:* → the group's name, or nullopt.
std::optional<std::string> LogGroupNameOf(std::string_view arn, std::string* account);

// AWS's trail name rules; InvalidTrailNameException otherwise.
Status CheckTrailName(std::string_view name);

// True when the trail's selectors select the event.
bool Selects(const Trail& trail, const TrailEvent& event);

// True when the trail logs Insights events of `type` for events of `region`.
bool LogsInsights(const Trail& trail, InsightType type, std::string_view region);

}  // namespace berth::services::cloudtrail
