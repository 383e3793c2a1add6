#pragma once
// GetMetricWidgetImage's MetricWidget JSON (a metric widget's properties plus width, height,
// start, end, timezone) → the metric data queries to run and the chart to draw them in.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "services/monitoring/api/shapes.h"
#include "services/monitoring/render/chart.h"

namespace berth::services::monitoring::dashboards {

inline constexpr size_t kMaxWidgetBytes = 100 * 1024;  // AWS: MetricWidget ≤ 100 KB
inline constexpr size_t kMaxWidgetMetrics = 100;       // AWS: ≤ 100 metrics
inline constexpr int64_t kDefaultPeriod = 300;         // a metric widget's default period
inline constexpr int64_t kMaxPointsPerSeries = 1440;   // larger ranges get a longer period

struct MetricWidget {
  std::vector<MetricDataQuery> queries;
  std::map<std::string, uint32_t> colors;  // by query id, where the widget names one
  std::set<std::string> right_axis;        // query ids whose row says "yAxis": "right"
  render::Chart chart;                     // everything but the series
};

// Errors are InvalidParameterValue with the widget's validation messages.
Result<MetricWidget> ParseMetricWidget(std::string_view json, TimePoint now);

// "-PT3H", "-P7D", "P0D", "-PT1H30M" → signed milliseconds; nullopt when not a duration.
std::optional<int64_t> ParseIsoDuration(std::string_view text);
// "+0130" / "-0500" → minutes east of UTC; nullopt when malformed.
std::optional<int> ParseTimezone(std::string_view text);

}  // namespace berth::services::monitoring::dashboards
