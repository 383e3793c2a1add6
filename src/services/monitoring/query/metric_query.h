#pragma once
// Running a set of CloudWatch metric data queries (MetricStat reads and metric math
// expressions, which may use one another) over a time range: what GetMetricData answers,
// and what alarms evaluate and widget images draw.

#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "services/monitoring/api/shapes.h"
#include "services/monitoring/store/metric_store.h"

namespace berth::services::monitoring {

// A GetMetricData MessageData: what AWS says about a result it cut short.
struct QueryMessage {
  std::string code, value;
};

// One returned series: a ReturnData query's values, or one of the series an expression gave.
struct QuerySeries {
  std::string id, label;
  std::vector<int64_t> timestamps;  // ms, ascending
  std::vector<double> values;
  std::vector<QueryMessage> messages;
};

// What dynamic labels need from the call (labels.h).
struct QueryOptions {
  int tz_offset_minutes = 0;  // LabelOptions.Timezone
  int64_t now_ms = 0;
  std::string account_id, region;
};

// Every ReturnData query's series in query order, over [start, end). Expressions are metric
// math (with SEARCH(), query/search.h) or Metrics Insights SQL (query/insights.h). Labels:
// a MetricStat's default is its metric name; a SEARCH result's the values of its dimensions
// (then its metric name when the search found several names); an Insights group's its
// GROUP BY values; any other expression's its id. A Label replaces the default — for an
// expression of several series it is prefixed to each one's default — and `${…}` in it is
// filled in per series. Errors are InvalidParameterValue (bad expression, unknown id, cycle),
// worded as GetMetricData's.
Result<std::vector<QuerySeries>> RunMetricQueries(const MetricStore& store,
                                                  const std::vector<MetricDataQuery>& queries,
                                                  TimePoint start, TimePoint end,
                                                  const QueryOptions& options = {});

// StartTime as AWS rounds it: down to the period for periods under a minute, else to the minute.
int64_t RoundedStartMs(TimePoint start, int64_t period_s);

}  // namespace berth::services::monitoring
