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

// One returned series: a ReturnData query's values, or one of the series an expression gave.
struct QuerySeries {
  std::string id, label;
  std::vector<int64_t> timestamps;  // ms, ascending
  std::vector<double> values;
};

// Every ReturnData query's series in query order, over [start, end). Errors are
// InvalidParameterValue (bad expression, unknown id, cycle), worded as GetMetricData's.
Result<std::vector<QuerySeries>> RunMetricQueries(const MetricStore& store,
                                                  const std::vector<MetricDataQuery>& queries,
                                                  TimePoint start, TimePoint end);

// StartTime as AWS rounds it: down to the period for periods under a minute, else to the minute.
int64_t RoundedStartMs(TimePoint start, int64_t period_s);

}  // namespace berth::services::monitoring
