#include "services/monitoring/query/metric_query.h"

#include <map>
#include <set>
#include <variant>

#include "services/monitoring/math/evaluator.h"
#include "services/monitoring/model/errors.h"

namespace berth::services::monitoring {
namespace {

using math::Series;
using math::Value;

constexpr size_t kMaxExpressionChain = 32;

// One run of the queries: MetricStat series read once each, expressions evaluated on demand
// (an expression may use another's result), cycles refused.
class QueryRun final : public math::Resolver {
 public:
  QueryRun(const MetricStore& store, const std::vector<MetricDataQuery>& queries, TimePoint start,
           TimePoint end)
      : store_(store), queries_(queries), start_(start), end_(end) {}

  Status Compile() {
    for (size_t i = 0; i < queries_.size(); ++i) {
      const MetricDataQuery& q = queries_[i];
      if (!q.expression) continue;
      auto compiled = math::Compile(*q.expression);
      if (!compiled.ok()) {
        return errors::InvalidParameterValue("Error in expression " + q.id + ": " +
                                             compiled.error().message);
      }
      compiled_[q.id] = *compiled;
    }
    return Ok();
  }

  Result<Value> Resolve(std::string_view id) override {
    const MetricDataQuery* q = Find(id);
    if (q == nullptr) return errors::InvalidParameterValue("Unknown metric id " + std::string(id) + ".");
    if (auto done = values_.find(q->id); done != values_.end()) return done->second;
    if (q->metric_stat) {
      Value v = ReadMetric(*q);
      values_[q->id] = v;
      return v;
    }
    // Expressions of expressions recurse on the I/O thread's stack: bound the chain.
    if (evaluating_.size() >= kMaxExpressionChain) {
      return errors::InvalidParameterValue("Expression " + q->id +
                                           " references expressions nested too deeply.");
    }
    if (!evaluating_.insert(q->id).second) {
      return errors::InvalidParameterValue("Circular reference in expression " + q->id + ".");
    }
    math::EvalContext ctx;
    ctx.period_s = ExpressionPeriod(*q);
    ctx.start_ms = RoundedStartMs(start_, ctx.period_s);
    ctx.end_ms = Millis(end_);
    ctx.resolver = this;
    auto v = math::Evaluate(*compiled_.at(q->id), ctx);
    evaluating_.erase(q->id);
    if (!v.ok()) {
      return errors::InvalidParameterValue("Error in expression " + q->id + ": " +
                                           v.error().message);
    }
    values_[q->id] = *v;
    return v;
  }

  std::optional<int64_t> MetricPeriod(std::string_view id) override {
    const MetricDataQuery* q = Find(id);
    if (q == nullptr || !q->metric_stat) return std::nullopt;
    return q->metric_stat->period;
  }

  std::vector<Series> Metrics(std::string_view filter) override {
    std::vector<Series> out;
    for (const MetricDataQuery& q : queries_) {
      if (!q.metric_stat) continue;
      auto v = Resolve(q.id);
      if (!v.ok() || !std::holds_alternative<Series>(*v)) continue;
      const Series& s = std::get<Series>(*v);
      if (filter.empty() || s.label.find(filter) != std::string::npos) out.push_back(s);
    }
    return out;
  }

  int64_t ExpressionPeriod(const MetricDataQuery& q) const {
    if (q.period) return *q.period;
    // The finest period among the request's metrics (AWS: the period of the metrics it uses).
    int64_t period = 0;
    for (const MetricDataQuery& other : queries_)
      if (other.metric_stat && (period == 0 || other.metric_stat->period < period))
        period = other.metric_stat->period;
    return period == 0 ? 60 : period;
  }

 private:
  const MetricDataQuery* Find(std::string_view id) const {
    for (const MetricDataQuery& q : queries_)
      if (q.id == id) return &q;
    return nullptr;
  }

  Value ReadMetric(const MetricDataQuery& q) {
    const MetricStatQuery& ms = *q.metric_stat;
    const int64_t start = RoundedStartMs(start_, ms.period);
    std::vector<PeriodAggregate> periods =
        store_.Read(ms.metric, ms.unit, start, Millis(end_), ms.period * 1000,
                    // Only the percentile family (after the five basic kinds) reads samples.
                    /*with_samples=*/ms.stat.stat.kind > Statistic::Kind::kMaximum);
    Series out;
    out.label = q.label.value_or(ms.metric.name);
    // One value per period: units read together when the query names none.
    for (size_t i = 0; i < periods.size();) {
      Aggregate agg = std::move(periods[i].agg);  // periods is ours: no copy of its samples
      size_t j = i + 1;
      while (j < periods.size() && periods[j].start_ms == periods[i].start_ms)
        agg.Merge(periods[j++].agg);
      if (auto v = Compute(ms.stat.stat, agg)) {
        out.timestamps.push_back(periods[i].start_ms);
        out.values.push_back(*v);
      }
      i = j;
    }
    return out;
  }

  const MetricStore& store_;
  const std::vector<MetricDataQuery>& queries_;
  const TimePoint start_, end_;
  std::map<std::string, std::shared_ptr<const math::Expression>, std::less<>> compiled_;
  std::map<std::string, Value, std::less<>> values_;
  std::set<std::string, std::less<>> evaluating_;
};

}  // namespace

int64_t RoundedStartMs(TimePoint start, int64_t period_s) {
  const int64_t step = (period_s < 60 ? period_s : 60) * 1000;
  const int64_t ms = Millis(start);
  int64_t q = ms / step;
  if (ms % step != 0 && ms < 0) --q;
  return q * step;
}

Result<std::vector<QuerySeries>> RunMetricQueries(const MetricStore& store,
                                                  const std::vector<MetricDataQuery>& queries,
                                                  TimePoint start, TimePoint end) {
  QueryRun run(store, queries, start, end);
  BERTH_RETURN_IF_ERROR(run.Compile());
  std::vector<QuerySeries> results;
  for (const MetricDataQuery& q : queries) {
    if (!q.return_data) continue;
    BERTH_ASSIGN_OR_RETURN(Value v, run.Resolve(q.id));
    auto add = [&](const Series& series, std::string label) {
      results.push_back({q.id, std::move(label), series.timestamps, series.values});
    };
    if (std::holds_alternative<double>(v)) {
      // A scalar answers at every period of the request.
      Series s1;
      const int64_t period = run.ExpressionPeriod(q);
      for (int64_t t = RoundedStartMs(start, period); t < Millis(end) && s1.timestamps.size() < 100800;
           t += period * 1000) {
        s1.timestamps.push_back(t);
        s1.values.push_back(std::get<double>(v));
      }
      add(s1, q.label.value_or(q.id));
    } else if (std::holds_alternative<Series>(v)) {
      const Series& series = std::get<Series>(v);
      add(series, q.label.value_or(q.metric_stat ? series.label : q.id));
    } else {
      for (const Series& series : std::get<std::vector<Series>>(v))
        add(series, q.label ? *q.label + " " + series.label : series.label);
    }
  }
  return results;
}

}  // namespace berth::services::monitoring
