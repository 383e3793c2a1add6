#pragma once
// Metric math, stage 3: evaluating a compiled expression over the request's time series.
//
// Values are scalars (S), time series (TS: ascending timestamps, sparse) and arrays of time
// series (TS[]). Arithmetic and comparisons work pointwise on the timestamps both sides have
// (a scalar meets every point); comparisons and AND/OR give 1 or 0. Functions: ABS, CEIL,
// FLOOR, LOG, LOG10, SUM, AVG, MIN, MAX, STDDEV, DATAPOINT_COUNT (TS → S; TS[] → TS over the
// points present), METRICS([label substring]), METRIC_COUNT, RATE, DIFF, DIFF_TIME,
// RUNNING_SUM, FILL(x, S|TS|REPEAT|LINEAR), IF(cond, a[, b]), PERIOD(metric id),
// TIME_SERIES(S), FIRST, LAST, REMOVE_EMPTY, SORT(TS[], SUM|AVG|MIN|MAX, ASC|DESC[, n]),
// SLICE(TS[], from, to), SEARCH('{ns,dims} term', 'Stat'[, period]) (query/search.h). The evaluator holds no state between calls: run state is the
// EvalContext.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.h"
#include "services/monitoring/math/parser.h"
#include "services/monitoring/model/types.h"

namespace berth::services::monitoring::math {

// Which metric a series is, when it is one metric's (a MetricStat, a SEARCH or Metrics
// Insights result): what dynamic labels' ${PROP('…')} print.
struct SeriesProps {
  MetricKey metric;
  int64_t period_s = 0;
  std::string stat;
};

struct Series {
  std::string label;
  std::vector<int64_t> timestamps;  // ms, ascending
  std::vector<double> values;
  std::shared_ptr<const SeriesProps> props;  // null for computed series
};

using Value = std::variant<double, Series, std::vector<Series>>;

// Where references come from: the other queries of the GetMetricData call.
class Resolver {
 public:
  virtual ~Resolver() = default;
  // The value of the query with this id (a metric's series or another expression's value).
  virtual Result<Value> Resolve(std::string_view id) = 0;
  // The period (s) of the MetricStat query with this id; nullopt for other ids.
  virtual std::optional<int64_t> MetricPeriod(std::string_view id) = 0;
  // Every MetricStat query's series whose label contains `filter` (all when empty).
  virtual std::vector<Series> Metrics(std::string_view filter) = 0;
  // SEARCH(query, stat, period): every stored metric the query matches, read with `stat`.
  // Where metrics cannot be searched (alarms) the default refuses it.
  virtual Result<std::vector<Series>> Search(std::string_view query, std::string_view stat,
                                             int64_t period_s);
};

struct EvalContext {
  int64_t start_ms = 0;  // the grid FILL and TIME_SERIES fill: start + k·period < end
  int64_t end_ms = 0;
  int64_t period_s = 60;
  Resolver* resolver = nullptr;
};

// Errors: InvalidParameterValue (unknown function or id, wrong argument types).
Result<Value> Evaluate(const Expression& expr, const EvalContext& ctx);

}  // namespace berth::services::monitoring::math
