#pragma once
// CloudWatch Logs metric filters: a filter pattern on a log group and the metric each matching
// event adds a value to (PutMetricFilter). Plain data; metric_extraction.h runs them.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace berth::services::logs {

// AWS allows 100 metric filters per log group.
inline constexpr size_t kMaxMetricFiltersPerGroup = 100;
// AWS allows at most 3 dimensions per metric transformation.
inline constexpr size_t kMaxMetricFilterDimensions = 3;

// What a matching event publishes. metric_value is a number ("1") or a reference to a field
// of the event ("$.latency" in JSON, "$bytes" space-delimited); dimension values are
// references too.
struct MetricTransformation {
  std::string metric_name;
  std::string metric_namespace;
  std::string metric_value;
  std::optional<double> default_value;  // published when no event matched in an interval
  std::optional<std::string> unit;      // a CloudWatch StandardUnit name
  std::map<std::string, std::string> dimensions;
};

struct MetricFilter {
  int64_t group_id = 0;
  std::string account_id;
  std::string group_name;
  std::string name;
  std::string pattern;
  // AWS takes exactly one.
  std::vector<MetricTransformation> transformations;
  int64_t created_ms = 0;
};

// One value a metric filter publishes.
struct FilterMetricPoint {
  std::string account_id;
  std::string ns;
  std::string name;
  std::vector<std::pair<std::string, std::string>> dimensions;  // sorted by name
  double value = 0;
  std::optional<std::string> unit;
  int64_t time_ms = 0;
  int64_t count = 1;  // samples of `value` (points of one minute are gathered)
};

}  // namespace berth::services::logs
