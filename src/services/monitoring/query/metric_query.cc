#include "services/monitoring/query/metric_query.h"

#include <map>
#include <set>
#include <utility>
#include <variant>

#include "services/monitoring/math/evaluator.h"
#include "services/monitoring/model/errors.h"
#include "services/monitoring/query/insights.h"
#include "services/monitoring/query/labels.h"
#include "services/monitoring/query/search.h"

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
      if (insights::IsInsightsQuery(*q.expression)) {
        auto parsed = insights::Parse(*q.expression);
        if (!parsed.ok()) {
          return errors::InvalidParameterValue("Error in expression " + q.id + ": " +
                                               parsed.error().message);
        }
        insights_[q.id] = *parsed;
        continue;
      }
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
    BERTH_ASSIGN_OR_RETURN(const Value* v, ResolveRef(id));
    return *v;
  }

  // The query's value, kept for the run (a reference into values_, which never moves it).
  Result<const Value*> ResolveRef(std::string_view id) {
    const MetricDataQuery* q = Find(id);
    if (q == nullptr) return errors::InvalidParameterValue("Unknown metric id " + std::string(id) + ".");
    if (auto done = values_.find(q->id); done != values_.end()) return &done->second;
    if (q->metric_stat) return &(values_[q->id] = ReadMetric(*q));
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
    const MetricDataQuery* outer = std::exchange(current_, q);
    Result<Value> v = insights_.count(q->id) ? RunInsights(*insights_.at(q->id), ctx.period_s)
                                             : math::Evaluate(*compiled_.at(q->id), ctx);
    current_ = outer;
    evaluating_.erase(q->id);
    if (!v.ok()) {
      return errors::InvalidParameterValue("Error in expression " + q->id + ": " +
                                           v.error().message);
    }
    return &(values_[q->id] = std::move(*v));
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
      auto v = ResolveRef(q.id);
      if (!v.ok() || !std::holds_alternative<Series>(**v)) continue;
      const Series& s = std::get<Series>(**v);
      if (filter.empty() || s.label.find(filter) != std::string::npos) out.push_back(s);
    }
    return out;
  }

  Result<std::vector<Series>> Search(std::string_view text, std::string_view stat_name,
                                     int64_t period_s) override {
    BERTH_ASSIGN_OR_RETURN(auto query, search::Parse(text));
    auto stat = ParseStatistic(stat_name);
    if (!stat) {
      return errors::InvalidParameterValue("Invalid search expression: '" + std::string(stat_name) +
                                           "' is not a statistic.");
    }
    BERTH_RETURN_IF_ERROR(CheckMetricPeriod(period_s, "SEARCH period"));
    std::vector<SeriesInfo> found = store_.ListSeries(
        [&](const MetricKey& key) { return search::Matches(*query, key); }, 0);
    std::set<std::string_view> names;
    for (const SeriesInfo& f : found) names.insert(f.key.name);
    MetricStatQuery ms;
    ms.period = period_s;
    ms.stat = NamedStatistic{std::string(stat_name), *stat};
    std::vector<Series> out;
    for (const SeriesInfo& f : found) {
      ms.metric = f.key;
      Series s = ReadMetric(ms);
      if (s.timestamps.empty()) continue;  // nothing in the range: not a line to draw
      if (out.size() == search::kMaxResults) {
        Note(QueryMessage{"MaxMetricsExceeded",
                          "The search matched more than " + std::to_string(search::kMaxResults) +
                              " metrics with data; the first " +
                              std::to_string(search::kMaxResults) + " are returned."});
        break;
      }
      std::string label;
      for (const Dimension& d : f.key.dimensions) label += (label.empty() ? "" : " ") + d.value;
      if (label.empty() || names.size() > 1) label += (label.empty() ? "" : " ") + f.key.name;
      s.label = std::move(label);
      out.push_back(std::move(s));
    }
    return out;
  }

  // The messages a query's evaluation left (a SEARCH cut at 500 series).
  const std::vector<QueryMessage>& MessagesOf(const std::string& id) { return messages_[id]; }

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

  void Note(QueryMessage m) {
    if (current_ != nullptr) messages_[current_->id].push_back(std::move(m));
  }

  // Metrics Insights: every matching metric read at the period, its observations merged per
  // group and period, the groups ordered and cut.
  Result<Value> RunInsights(const insights::Query& iq, int64_t period_s) {
    BERTH_RETURN_IF_ERROR(CheckMetricPeriod(period_s, "Period"));
    std::vector<SeriesInfo> found = store_.ListSeries(
        [&](const MetricKey& key) { return insights::Matches(iq, key); }, 0);
    const int64_t start = RoundedStartMs(start_, period_s);
    std::map<std::vector<std::string>, std::map<int64_t, Aggregate>> groups;
    for (const SeriesInfo& f : found) {
      auto& group = groups[insights::GroupOf(iq, f.key)];
      for (const PeriodAggregate& p :
           store_.Read(f.key, std::nullopt, start, Millis(end_), period_s * 1000))
        group[p.start_ms].Merge(p.agg);
    }
    std::vector<Series> out;
    for (const auto& [values, periods] : groups) {
      Series s;
      auto props = std::make_shared<math::SeriesProps>();
      props->metric.ns = iq.ns;
      props->metric.name = iq.metric;
      for (size_t i = 0; i < values.size(); ++i) {
        props->metric.dimensions.push_back({iq.group_by[i], values[i]});
        s.label += (i == 0 ? "" : " ") + values[i];
      }
      props->period_s = period_s;
      props->stat = iq.function;
      s.props = std::move(props);
      for (const auto& [t, agg] : periods) {
        if (auto v = Compute(iq.stat, agg)) {
          s.timestamps.push_back(t);
          s.values.push_back(*v);
        }
      }
      out.push_back(std::move(s));
    }
    if (iq.group_by.empty()) return Value(out.empty() ? Series{} : std::move(out.front()));
    if (iq.order_by) {
      std::vector<std::pair<double, size_t>> keys;
      for (size_t i = 0; i < out.size(); ++i)
        keys.emplace_back(insights::OrderValue(*iq.order_by, out[i].values), i);
      std::stable_sort(keys.begin(), keys.end(), [&](const auto& a, const auto& b) {
        return iq.descending ? a.first > b.first : a.first < b.first;
      });
      std::vector<Series> sorted;
      for (const auto& k : keys) sorted.push_back(std::move(out[k.second]));
      out = std::move(sorted);
    }
    if (out.size() > iq.limit) out.resize(iq.limit);
    return Value(std::move(out));
  }

  // A MetricStat query's series carries its Label, which METRICS('…') filters on.
  Value ReadMetric(const MetricDataQuery& q) {
    Series s = ReadMetric(*q.metric_stat);
    if (q.label) s.label = *q.label;
    return s;
  }

  Series ReadMetric(const MetricStatQuery& ms) {
    const int64_t start = RoundedStartMs(start_, ms.period);
    std::vector<PeriodAggregate> periods =
        store_.Read(ms.metric, ms.unit, start, Millis(end_), ms.period * 1000,
                    // Only the percentile family (after the five basic kinds) reads samples.
                    /*with_samples=*/ms.stat.stat.kind > Statistic::Kind::kMaximum);
    Series out;
    out.label = ms.metric.name;
    auto props = std::make_shared<math::SeriesProps>();
    props->metric = ms.metric;
    props->period_s = ms.period;
    props->stat = ms.stat.name;
    out.props = std::move(props);
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
  std::map<std::string, std::shared_ptr<const insights::Query>, std::less<>> insights_;
  std::map<std::string, Value, std::less<>> values_;
  std::set<std::string, std::less<>> evaluating_;
  std::map<std::string, std::vector<QueryMessage>, std::less<>> messages_;
  const MetricDataQuery* current_ = nullptr;  // the expression being evaluated
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
                                                  TimePoint start, TimePoint end,
                                                  const QueryOptions& options) {
  QueryRun run(store, queries, start, end);
  BERTH_RETURN_IF_ERROR(run.Compile());
  std::vector<QuerySeries> results;
  labels::LabelContext label_ctx;
  label_ctx.tz_offset_minutes = options.tz_offset_minutes;
  label_ctx.now_ms = options.now_ms;
  label_ctx.account_id = options.account_id;
  label_ctx.region = options.region;
  for (const MetricDataQuery& q : queries) {
    if (!q.return_data) continue;
    BERTH_ASSIGN_OR_RETURN(const Value* resolved, run.ResolveRef(q.id));
    const Value& v = *resolved;
    const bool dynamic = q.label && labels::IsDynamic(*q.label);
    // `fallback` is the label without a Label given; a Label replaces it (filled in per series
    // when dynamic), or, over several series, prefixes each one's.
    auto add = [&](const Series& series, std::string fallback, bool several) {
      std::string label = std::move(fallback);
      if (dynamic) {
        label_ctx.default_label = std::move(label);
        label = labels::Expand(*q.label, series, label_ctx);
      } else if (q.label) {
        label = several ? *q.label + " " + label : *q.label;
      }
      results.push_back({q.id, std::move(label), series.timestamps, series.values, {}});
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
      add(s1, q.id, false);
    } else if (std::holds_alternative<Series>(v)) {
      add(std::get<Series>(v), q.metric_stat ? q.metric_stat->metric.name : q.id, false);
    } else {
      const auto& all = std::get<std::vector<Series>>(v);
      for (const Series& series : all) add(series, series.label, true);
      if (all.empty()) {
        // An expression that found nothing still answers, with no points (as AWS does).
        add(Series{}, q.id, false);
      }
    }
    // A cut-short result says so on each of its series.
    for (const QueryMessage& m : run.MessagesOf(q.id))
      for (auto it = results.rbegin(); it != results.rend() && it->id == q.id; ++it)
        it->messages.push_back(m);
  }
  return results;
}

}  // namespace berth::services::monitoring
