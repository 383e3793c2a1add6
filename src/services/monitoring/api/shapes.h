#pragma once
// CloudWatch's wire shapes: Document → typed input (with AWS's checks, AWS's messages) and
// typed output → Document. Knows nothing of which front-end the Document came through.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/document.h"
#include "core/result.h"
#include "services/monitoring/model/statistics.h"
#include "services/monitoring/model/types.h"

namespace berth::services::monitoring {

// Everything but the timestamp window (which needs the call's clock: CheckTimestamps).
Result<PutMetricDataInput> DecodePutMetricData(const Document& in);

struct DimensionFilter {
  std::string name;
  std::optional<std::string> value;
};

struct ListMetricsInput {
  std::optional<std::string> ns;
  std::optional<std::string> metric_name;
  std::vector<DimensionFilter> dimensions;
  bool recently_active = false;
  std::optional<std::string> next_token;
};
Result<ListMetricsInput> DecodeListMetrics(const Document& in);

struct NamedStatistic {
  std::string name;
  Statistic stat;
};

struct GetMetricStatisticsInput {
  MetricKey metric;
  TimePoint start, end;
  int64_t period = 0;
  std::vector<NamedStatistic> statistics;
  std::vector<NamedStatistic> extended;
  std::optional<UnitId> unit;
};
Result<GetMetricStatisticsInput> DecodeGetMetricStatistics(const Document& in);

struct MetricStatQuery {
  MetricKey metric;
  int64_t period = 0;
  NamedStatistic stat;
  std::optional<UnitId> unit;
};

struct MetricDataQuery {
  std::string id;
  std::optional<MetricStatQuery> metric_stat;
  std::optional<std::string> expression;
  std::optional<std::string> label;
  std::optional<int64_t> period;  // for expressions
  bool return_data = true;
};

struct GetMetricDataInput {
  std::vector<MetricDataQuery> queries;
  TimePoint start, end;
  std::optional<std::string> next_token;
  bool ascending = false;  // ScanBy TimestampAscending
  int64_t max_datapoints = 0;
  int tz_offset_minutes = 0;  // LabelOptions.Timezone, for dynamic labels
};
Result<GetMetricDataInput> DecodeGetMetricData(const Document& in);

// GetMetricData's MetricDataQueries (also PutMetricAlarm's Metrics), named `param` in errors.
Result<std::vector<MetricDataQuery>> DecodeMetricDataQueries(const Document& queries,
                                                             std::string_view param);
// Namespace, MetricName and Dimensions of `in` (members of `prefix` in error messages).
Result<MetricKey> DecodeMetricKey(const Document& in, std::string_view prefix);
// 1, 5, 10, 20, 30 or a multiple of 60.
Status CheckMetricPeriod(int64_t period, std::string_view param);

Document MetricToDocument(const MetricKey& key);

}  // namespace berth::services::monitoring
