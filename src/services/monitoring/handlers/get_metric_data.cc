#include <algorithm>
#include <map>
#include <set>

#include "core/crypto.h"
#include "services/monitoring/handlers/handlers.h"
#include "services/monitoring/math/evaluator.h"
#include "services/monitoring/model/errors.h"

namespace berth::services::monitoring {
namespace {

constexpr size_t kMaxExpressionChain = 32;

using math::Series;
using math::Value;

// One GetMetricData call: MetricStat series read once each, expressions evaluated on demand
// (an expression may use another's result), cycles refused.
class QueryRun final : public math::Resolver {
 public:
  QueryRun(MonitoringService& s, const GetMetricDataInput& in) : s_(s), in_(in) {}

  Status Compile() {
    for (size_t i = 0; i < in_.queries.size(); ++i) {
      const MetricDataQuery& q = in_.queries[i];
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
    ctx.start_ms = RoundedStartMs(in_.start, ctx.period_s);
    ctx.end_ms = Millis(in_.end);
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
    for (const MetricDataQuery& q : in_.queries) {
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
    for (const MetricDataQuery& other : in_.queries)
      if (other.metric_stat && (period == 0 || other.metric_stat->period < period))
        period = other.metric_stat->period;
    return period == 0 ? 60 : period;
  }

 private:
  const MetricDataQuery* Find(std::string_view id) const {
    for (const MetricDataQuery& q : in_.queries)
      if (q.id == id) return &q;
    return nullptr;
  }

  Value ReadMetric(const MetricDataQuery& q) {
    const MetricStatQuery& ms = *q.metric_stat;
    const int64_t start = RoundedStartMs(in_.start, ms.period);
    std::vector<PeriodAggregate> periods =
        s_.store().Read(ms.metric, ms.unit, start, Millis(in_.end), ms.period * 1000);
    Series out;
    out.label = q.label.value_or(ms.metric.name);
    // One value per period: units read together when the query names none.
    for (size_t i = 0; i < periods.size();) {
      Aggregate agg = periods[i].agg;
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

  MonitoringService& s_;
  const GetMetricDataInput& in_;
  std::map<std::string, std::shared_ptr<const math::Expression>, std::less<>> compiled_;
  std::map<std::string, Value, std::less<>> values_;
  std::set<std::string, std::less<>> evaluating_;
};

struct Result1 {
  std::string id, label;
  std::vector<int64_t> timestamps;
  std::vector<double> values;
};

}  // namespace

Result<Document> GetMetricData(MonitoringService& s, pipeline::CallContext&,
                               const GetMetricDataInput& in) {
  // The token is how many datapoints earlier pages returned (results are recomputed alike).
  size_t skip = 0;
  if (in.next_token) {
    auto decoded = crypto::Base64UrlDecode(*in.next_token);
    if (!decoded || decoded->empty() || decoded->size() > 12 ||
        decoded->find_first_not_of("0123456789") != std::string::npos)
      return errors::InvalidNextToken();
    skip = std::stoull(*decoded);
  }
  QueryRun run(s, in);
  BERTH_RETURN_IF_ERROR(run.Compile());
  std::vector<Result1> results;
  for (const MetricDataQuery& q : in.queries) {
    if (!q.return_data) continue;
    BERTH_ASSIGN_OR_RETURN(Value v, run.Resolve(q.id));
    auto add = [&](const Series& series, std::string label) {
      results.push_back({q.id, std::move(label), series.timestamps, series.values});
    };
    if (std::holds_alternative<double>(v)) {
      // A scalar answers at every period of the request.
      Series s1;
      const int64_t period = run.ExpressionPeriod(q);
      for (int64_t t = RoundedStartMs(in.start, period); t < Millis(in.end) && s1.timestamps.size() < 100800;
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
  // Page through the datapoints in result order.
  size_t budget = static_cast<size_t>(in.max_datapoints), seen = 0;
  bool more = false;
  Document list = Document::MakeList();
  for (Result1& r : results) {
    if (!in.ascending) {
      std::reverse(r.timestamps.begin(), r.timestamps.end());
      std::reverse(r.values.begin(), r.values.end());
    }
    const size_t n = r.timestamps.size();
    const size_t from = skip > seen ? std::min(n, skip - seen) : 0;
    const size_t take = std::min(n - from, budget);
    seen += n;
    if (from + take < n) more = true;
    budget -= take;
    Document result = Document::MakeMap(6);
    result["Id"] = r.id;
    result["Label"] = r.label;
    Document ts = Document::MakeList(), vs = Document::MakeList();
    ts.as_list().reserve(take);
    vs.as_list().reserve(take);
    for (size_t i = from; i < from + take; ++i) {
      ts.Push(Document::Timestamp(FromMillis(r.timestamps[i])));
      vs.Push(r.values[i]);
    }
    result["Timestamps"] = std::move(ts);
    result["Values"] = std::move(vs);
    result["StatusCode"] = from + take < n ? "PartialData" : "Complete";
    list.Push(std::move(result));
  }
  Document out = Document::MakeMap(3);
  out["MetricDataResults"] = std::move(list);
  out["Messages"] = Document::MakeList();
  if (more) {
    out["NextToken"] =
        crypto::Base64UrlEncode(std::to_string(skip + static_cast<size_t>(in.max_datapoints)));
  }
  return out;
}

}  // namespace berth::services::monitoring
