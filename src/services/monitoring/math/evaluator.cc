#include "services/monitoring/math/evaluator.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <iterator>
#include <map>

#include "services/monitoring/model/errors.h"

namespace berth::services::monitoring::math {
namespace {

using Fn1 = std::function<double(double)>;

Error Bad(const Node& at, std::string what) {
  return errors::InvalidParameterValue(what + " at position " + std::to_string(at.position) + ".");
}

bool IsScalar(const Value& v) { return std::holds_alternative<double>(v); }
bool IsSeries(const Value& v) { return std::holds_alternative<Series>(v); }
bool IsArray(const Value& v) { return std::holds_alternative<std::vector<Series>>(v); }

// NaN marks a point that has no value (0/0, LOG of a negative …): such points are dropped
// (in place: usually there are none).
Series Clean(Series s) {
  size_t kept = 0;
  for (size_t i = 0; i < s.timestamps.size(); ++i) {
    if (std::isfinite(s.values[i])) {
      s.timestamps[kept] = s.timestamps[i];
      s.values[kept++] = s.values[i];
    }
  }
  s.timestamps.resize(kept);
  s.values.resize(kept);
  return s;
}

template <typename F>
Series Map(const Series& s, const F& fn) {
  Series out{s.label, s.timestamps, {}, s.props};
  out.values.resize(s.values.size());
  for (size_t i = 0; i < s.values.size(); ++i) out.values[i] = fn(s.values[i]);
  return Clean(std::move(out));
}

template <typename F>
Value MapValue(const Value& v, const F& fn) {
  if (IsScalar(v)) return fn(std::get<double>(v));
  if (IsSeries(v)) return Map(std::get<Series>(v), fn);
  std::vector<Series> out;
  for (const Series& s : std::get<std::vector<Series>>(v)) out.push_back(Map(s, fn));
  return out;
}

// An operator's name is looked up once per expression node, not once per point.
enum class Op { kAdd, kSub, kMul, kDiv, kPow, kEq, kNe, kLt, kLe, kGt, kGe, kAnd, kOr, kNone };

Op OpNamed(std::string_view op) {
  static constexpr std::pair<std::string_view, Op> kOps[] = {
      {"+", Op::kAdd}, {"-", Op::kSub}, {"*", Op::kMul}, {"/", Op::kDiv}, {"^", Op::kPow},
      {"==", Op::kEq}, {"!=", Op::kNe}, {"<", Op::kLt},  {"<=", Op::kLe}, {">", Op::kGt},
      {">=", Op::kGe}, {"AND", Op::kAnd}, {"OR", Op::kOr}};
  for (const auto& [name, value] : kOps)
    if (op == name) return value;
  return Op::kNone;
}

double Apply(Op op, double a, double b) {
  switch (op) {
    case Op::kAdd: return a + b;
    case Op::kSub: return a - b;
    case Op::kMul: return a * b;
    case Op::kDiv: return b == 0 ? NAN : a / b;
    case Op::kPow: return std::pow(a, b);
    case Op::kEq: return a == b;
    case Op::kNe: return a != b;
    case Op::kLt: return a < b;
    case Op::kLe: return a <= b;
    case Op::kGt: return a > b;
    case Op::kGe: return a >= b;
    case Op::kAnd: return (a != 0) && (b != 0);
    case Op::kOr: return (a != 0) || (b != 0);
    case Op::kNone: break;
  }
  return NAN;
}

// Pointwise on the timestamps both series have.
Series Combine(const Series& a, const Series& b, Op op) {
  Series out{a.label, {}, {}, a.props};
  size_t i = 0, j = 0;
  while (i < a.timestamps.size() && j < b.timestamps.size()) {
    if (a.timestamps[i] < b.timestamps[j]) {
      ++i;
    } else if (b.timestamps[j] < a.timestamps[i]) {
      ++j;
    } else {
      out.timestamps.push_back(a.timestamps[i]);
      out.values.push_back(Apply(op, a.values[i], b.values[j]));
      ++i;
      ++j;
    }
  }
  return Clean(std::move(out));
}

Result<Value> BinaryOp(const Node& at, std::string_view name, const Value& a, const Value& b) {
  const Op op = OpNamed(name);
  if (IsScalar(a) && IsScalar(b)) return Value(Apply(op, std::get<double>(a), std::get<double>(b)));
  if (IsScalar(a)) {
    const double x = std::get<double>(a);
    return MapValue(b, [&](double y) { return Apply(op, x, y); });
  }
  if (IsScalar(b)) {
    const double y = std::get<double>(b);
    return MapValue(a, [&](double x) { return Apply(op, x, y); });
  }
  if (IsSeries(a) && IsSeries(b))
    return Value(Combine(std::get<Series>(a), std::get<Series>(b), op));
  if (IsArray(a) && IsSeries(b)) {
    std::vector<Series> out;
    for (const Series& s : std::get<std::vector<Series>>(a))
      out.push_back(Combine(s, std::get<Series>(b), op));
    return Value(std::move(out));
  }
  if (IsSeries(a) && IsArray(b)) {
    std::vector<Series> out;
    for (const Series& s : std::get<std::vector<Series>>(b)) {
      Series r = Combine(std::get<Series>(a), s, op);
      r.label = s.label;
      r.props = s.props;
      out.push_back(std::move(r));
    }
    return Value(std::move(out));
  }
  return Bad(at, "The operator " + std::string(name) + " cannot combine two arrays of time series");
}

enum class Reduce { kSum, kAvg, kMin, kMax, kStddev, kCount };

double ReduceValues(const std::vector<double>& values, Reduce how) {
  if (values.empty()) return how == Reduce::kCount || how == Reduce::kSum ? 0 : NAN;
  double sum = 0, mn = values[0], mx = values[0];
  for (double v : values) {
    sum += v;
    mn = std::min(mn, v);
    mx = std::max(mx, v);
  }
  const double n = static_cast<double>(values.size());
  switch (how) {
    case Reduce::kSum: return sum;
    case Reduce::kAvg: return sum / n;
    case Reduce::kMin: return mn;
    case Reduce::kMax: return mx;
    case Reduce::kCount: return n;
    case Reduce::kStddev: {
      const double mean = sum / n;
      double sq = 0;
      for (double v : values) sq += (v - mean) * (v - mean);
      return std::sqrt(sq / n);
    }
  }
  return NAN;
}

Value ReduceValue(const Value& v, Reduce how) {
  if (IsScalar(v)) return v;
  if (IsSeries(v)) return ReduceValues(std::get<Series>(v).values, how);
  // TS[] → TS: at each timestamp, over the series that have a point there (in series order).
  // Each series is ascending, so one cursor a series walks the union of their timestamps.
  const auto& all = std::get<std::vector<Series>>(v);
  // The union, merged a series at a time: the series mostly share one grid, so each merge is
  // linear in it (sorting every point of every series cost more than the reduction).
  std::vector<int64_t> times, merged;
  for (const Series& s : all) {
    merged.clear();
    std::set_union(times.begin(), times.end(), s.timestamps.begin(), s.timestamps.end(),
                   std::back_inserter(merged));
    times.swap(merged);
  }
  times.erase(std::unique(times.begin(), times.end()), times.end());
  std::vector<size_t> cursor(all.size(), 0);
  std::vector<double> values;
  Series out;
  out.timestamps.reserve(times.size());
  out.values.reserve(times.size());
  for (int64_t t : times) {
    values.clear();
    for (size_t k = 0; k < all.size(); ++k) {
      const Series& s = all[k];
      while (cursor[k] < s.timestamps.size() && s.timestamps[cursor[k]] == t)
        values.push_back(s.values[cursor[k]++]);
    }
    out.timestamps.push_back(t);
    out.values.push_back(ReduceValues(values, how));
  }
  return Clean(std::move(out));
}

// Over consecutive points: RATE, DIFF, DIFF_TIME, RUNNING_SUM.
Series Sequential(const Series& s, std::string_view fn) {
  Series out{s.label, {}, {}, s.props};
  double running = 0;
  for (size_t i = 0; i < s.timestamps.size(); ++i) {
    if (fn == "RUNNING_SUM") {
      running += s.values[i];
      out.timestamps.push_back(s.timestamps[i]);
      out.values.push_back(running);
      continue;
    }
    if (i == 0) continue;
    const double dt = static_cast<double>(s.timestamps[i] - s.timestamps[i - 1]) / 1000;
    const double dv = s.values[i] - s.values[i - 1];
    out.timestamps.push_back(s.timestamps[i]);
    out.values.push_back(fn == "RATE" ? dv / dt : fn == "DIFF" ? dv : dt);
  }
  return Clean(std::move(out));
}

std::vector<int64_t> Grid(const EvalContext& ctx) {
  std::vector<int64_t> grid;
  const int64_t step = std::max<int64_t>(1, ctx.period_s) * 1000;
  for (int64_t t = ctx.start_ms; t < ctx.end_ms && grid.size() < 1000000; t += step)
    grid.push_back(t);
  return grid;
}

std::optional<double> At(const Series& s, int64_t t) {
  auto it = std::lower_bound(s.timestamps.begin(), s.timestamps.end(), t);
  if (it == s.timestamps.end() || *it != t) return std::nullopt;
  return s.values[it - s.timestamps.begin()];
}

Result<Series> Fill(const Node& at, const Series& s, const Value& with, std::string_view mode,
                    const EvalContext& ctx) {
  Series out{s.label, {}, {}, s.props};
  std::vector<int64_t> grid = Grid(ctx);
  // The grid plus the series' own points (which may lie off the grid).
  grid.insert(grid.end(), s.timestamps.begin(), s.timestamps.end());
  std::sort(grid.begin(), grid.end());
  grid.erase(std::unique(grid.begin(), grid.end()), grid.end());
  for (int64_t t : grid) {
    std::optional<double> v = At(s, t);
    if (!v) {
      if (mode == "REPEAT") {
        auto it = std::lower_bound(s.timestamps.begin(), s.timestamps.end(), t);
        if (it != s.timestamps.begin()) v = s.values[(it - s.timestamps.begin()) - 1];
      } else if (mode == "LINEAR") {
        auto it = std::lower_bound(s.timestamps.begin(), s.timestamps.end(), t);
        if (it != s.timestamps.begin() && it != s.timestamps.end()) {
          const size_t hi = it - s.timestamps.begin(), lo = hi - 1;
          const double f = static_cast<double>(t - s.timestamps[lo]) /
                           static_cast<double>(s.timestamps[hi] - s.timestamps[lo]);
          v = s.values[lo] + f * (s.values[hi] - s.values[lo]);
        }
      } else if (IsScalar(with)) {
        v = std::get<double>(with);
      } else if (IsSeries(with)) {
        v = At(std::get<Series>(with), t);
      } else {
        return Bad(at, "FILL's second argument must be a scalar, a time series, REPEAT or LINEAR");
      }
    }
    if (v) {
      out.timestamps.push_back(t);
      out.values.push_back(*v);
    }
  }
  return out;
}

class Evaluator {
 public:
  explicit Evaluator(const EvalContext& ctx) : ctx_(ctx) {}

  Result<Value> Eval(const Node& n) {
    switch (n.kind) {
      case Node::Kind::kNumber:
        return Value(n.number);
      case Node::Kind::kString:
        return Bad(n, "A string is allowed only as a function argument");
      case Node::Kind::kRef:
        return ctx_.resolver->Resolve(n.text);
      case Node::Kind::kUnary: {
        BERTH_ASSIGN_OR_RETURN(Value v, Eval(*n.args[0]));
        return MapValue(v, [](double x) { return -x; });
      }
      case Node::Kind::kBinary: {
        BERTH_ASSIGN_OR_RETURN(Value a, Eval(*n.args[0]));
        BERTH_ASSIGN_OR_RETURN(Value b, Eval(*n.args[1]));
        return BinaryOp(n, n.text, a, b);
      }
      case Node::Kind::kCall:
        return Call(n);
    }
    return Bad(n, "Unexpected expression");
  }

 private:
  Status Arity(const Node& n, size_t min, size_t max) {
    if (n.args.size() < min || n.args.size() > max)
      return Bad(n, "Wrong number of arguments for " + n.text);
    return Ok();
  }

  // A keyword argument (REPEAT, ASC, SUM …) is written as a bare name.
  static std::optional<std::string> Keyword(const Node& n) {
    if (n.kind != Node::Kind::kRef && n.kind != Node::Kind::kString) return std::nullopt;
    std::string k = n.text;
    std::transform(k.begin(), k.end(), k.begin(), [](unsigned char c) { return std::toupper(c); });
    return k;
  }

  Result<Value> Call(const Node& n) {
    const std::string& f = n.text;
    static const std::map<std::string, Fn1, std::less<>> kPointwise = {
        {"ABS", [](double x) { return std::fabs(x); }},
        {"CEIL", [](double x) { return std::ceil(x); }},
        {"FLOOR", [](double x) { return std::floor(x); }},
        {"LOG", [](double x) { return x > 0 ? std::log(x) : NAN; }},
        {"LOG10", [](double x) { return x > 0 ? std::log10(x) : NAN; }},
    };
    static const std::map<std::string, Reduce, std::less<>> kReduce = {
        {"SUM", Reduce::kSum}, {"AVG", Reduce::kAvg}, {"MIN", Reduce::kMin},
        {"MAX", Reduce::kMax}, {"STDDEV", Reduce::kStddev}, {"DATAPOINT_COUNT", Reduce::kCount}};
    if (auto it = kPointwise.find(f); it != kPointwise.end()) {
      BERTH_RETURN_IF_ERROR(Arity(n, 1, 1));
      BERTH_ASSIGN_OR_RETURN(Value v, Eval(*n.args[0]));
      return MapValue(v, it->second);
    }
    if (auto it = kReduce.find(f); it != kReduce.end()) {
      BERTH_RETURN_IF_ERROR(Arity(n, 1, 1));
      BERTH_ASSIGN_OR_RETURN(Value v, Eval(*n.args[0]));
      return ReduceValue(v, it->second);
    }
    if (f == "METRICS") {
      BERTH_RETURN_IF_ERROR(Arity(n, 0, 1));
      std::string filter;
      if (n.args.size() == 1) {
        if (n.args[0]->kind != Node::Kind::kString)
          return Bad(n, "METRICS takes a string argument");
        filter = n.args[0]->text;
      }
      return Value(ctx_.resolver->Metrics(filter));
    }
    if (f == "SEARCH") {
      BERTH_RETURN_IF_ERROR(Arity(n, 2, 3));
      if (n.args[0]->kind != Node::Kind::kString || n.args[1]->kind != Node::Kind::kString)
        return Bad(n, "SEARCH takes a quoted search query and a quoted statistic");
      int64_t period = ctx_.period_s;
      if (n.args.size() == 3) {
        BERTH_ASSIGN_OR_RETURN(Value p, Eval(*n.args[2]));
        if (!IsScalar(p) || std::get<double>(p) <= 0 ||
            std::get<double>(p) != std::floor(std::get<double>(p)))
          return Bad(n, "SEARCH's period must be a whole number of seconds");
        period = static_cast<int64_t>(std::get<double>(p));
      }
      BERTH_ASSIGN_OR_RETURN(std::vector<Series> found,
                             ctx_.resolver->Search(n.args[0]->text, n.args[1]->text, period));
      return Value(std::move(found));
    }
    if (f == "RATE" || f == "DIFF" || f == "DIFF_TIME" || f == "RUNNING_SUM") {
      BERTH_RETURN_IF_ERROR(Arity(n, 1, 1));
      BERTH_ASSIGN_OR_RETURN(Value v, Eval(*n.args[0]));
      if (IsScalar(v)) return Bad(n, f + " needs a time series");
      if (IsSeries(v)) return Value(Sequential(std::get<Series>(v), f));
      std::vector<Series> out;
      for (const Series& s : std::get<std::vector<Series>>(v)) out.push_back(Sequential(s, f));
      return Value(std::move(out));
    }
    if (f == "FILL") {
      BERTH_RETURN_IF_ERROR(Arity(n, 2, 2));
      BERTH_ASSIGN_OR_RETURN(Value v, Eval(*n.args[0]));
      std::string mode;
      Value with = 0.0;
      if (auto k = Keyword(*n.args[1]); k && (*k == "REPEAT" || *k == "LINEAR")) {
        mode = *k;
      } else {
        BERTH_ASSIGN_OR_RETURN(with, Eval(*n.args[1]));
      }
      if (IsSeries(v)) {
        BERTH_ASSIGN_OR_RETURN(Series s, Fill(n, std::get<Series>(v), with, mode, ctx_));
        return Value(std::move(s));
      }
      if (IsArray(v)) {
        std::vector<Series> out;
        for (const Series& s : std::get<std::vector<Series>>(v)) {
          BERTH_ASSIGN_OR_RETURN(Series filled, Fill(n, s, with, mode, ctx_));
          out.push_back(std::move(filled));
        }
        return Value(std::move(out));
      }
      return Bad(n, "FILL needs a time series");
    }
    if (f == "IF") {
      BERTH_RETURN_IF_ERROR(Arity(n, 2, 3));
      BERTH_ASSIGN_OR_RETURN(Value cond, Eval(*n.args[0]));
      BERTH_ASSIGN_OR_RETURN(Value a, Eval(*n.args[1]));
      std::optional<Value> b;
      if (n.args.size() == 3) {
        BERTH_ASSIGN_OR_RETURN(Value bv, Eval(*n.args[2]));
        b = std::move(bv);
      }
      auto pick = [](const Value& v, int64_t t) -> std::optional<double> {
        if (IsScalar(v)) return std::get<double>(v);
        if (IsSeries(v)) return At(std::get<Series>(v), t);
        return std::nullopt;
      };
      if (IsArray(cond) || IsArray(a) || (b && IsArray(*b)))
        return Bad(n, "IF takes scalars and time series");
      if (IsScalar(cond)) {
        if (std::get<double>(cond) != 0) return a;
        if (b) return *b;
        return Value(Series{});
      }
      const Series& c = std::get<Series>(cond);
      Series out{c.label, {}, {}};
      for (size_t i = 0; i < c.timestamps.size(); ++i) {
        const int64_t t = c.timestamps[i];
        std::optional<double> v =
            c.values[i] != 0 ? pick(a, t) : (b ? pick(*b, t) : std::nullopt);
        if (v) {
          out.timestamps.push_back(t);
          out.values.push_back(*v);
        }
      }
      return Value(Clean(std::move(out)));
    }
    if (f == "PERIOD") {
      BERTH_RETURN_IF_ERROR(Arity(n, 1, 1));
      std::optional<int64_t> period;
      if (n.args[0]->kind == Node::Kind::kRef) period = ctx_.resolver->MetricPeriod(n.args[0]->text);
      if (!period) return Bad(n, "PERIOD takes the id of a metric");
      return Value(static_cast<double>(*period));
    }
    if (f == "TIME_SERIES") {
      BERTH_RETURN_IF_ERROR(Arity(n, 1, 1));
      BERTH_ASSIGN_OR_RETURN(Value v, Eval(*n.args[0]));
      if (!IsScalar(v)) return Bad(n, "TIME_SERIES takes a scalar");
      Series out;
      out.timestamps = Grid(ctx_);
      out.values.assign(out.timestamps.size(), std::get<double>(v));
      return Value(Clean(std::move(out)));
    }
    if (f == "METRIC_COUNT" || f == "FIRST" || f == "LAST" || f == "REMOVE_EMPTY" ||
        f == "SORT" || f == "SLICE") {
      BERTH_RETURN_IF_ERROR(Arity(n, 1, f == "SORT" ? 4 : f == "SLICE" ? 3 : 1));
      BERTH_ASSIGN_OR_RETURN(Value v, Eval(*n.args[0]));
      if (!IsArray(v)) return Bad(n, f + " takes an array of time series");
      std::vector<Series> arr = std::get<std::vector<Series>>(std::move(v));
      if (f == "METRIC_COUNT") return Value(static_cast<double>(arr.size()));
      if (f == "FIRST" || f == "LAST") {
        if (arr.empty()) return Value(Series{});
        return Value(f == "FIRST" ? arr.front() : arr.back());
      }
      if (f == "REMOVE_EMPTY") {
        std::erase_if(arr, [](const Series& s) { return s.timestamps.empty(); });
        return Value(std::move(arr));
      }
      if (f == "SLICE") {
        if (n.args.size() != 3) return Bad(n, "Wrong number of arguments for SLICE");
        BERTH_ASSIGN_OR_RETURN(Value from, Eval(*n.args[1]));
        BERTH_ASSIGN_OR_RETURN(Value to, Eval(*n.args[2]));
        if (!IsScalar(from) || !IsScalar(to)) return Bad(n, "SLICE takes scalar bounds");
        const double lo = std::clamp(std::get<double>(from), 0.0, static_cast<double>(arr.size()));
        const double hi = std::clamp(std::get<double>(to), lo, static_cast<double>(arr.size()));
        return Value(std::vector<Series>(arr.begin() + static_cast<long>(lo),
                                         arr.begin() + static_cast<long>(hi)));
      }
      // SORT(TS[], SUM|AVG|MIN|MAX, ASC|DESC[, n])
      if (n.args.size() < 3) return Bad(n, "Wrong number of arguments for SORT");
      auto by = Keyword(*n.args[1]);
      auto order = Keyword(*n.args[2]);
      if (!by || !kReduce.count(*by) || !order || (*order != "ASC" && *order != "DESC"))
        return Bad(n, "SORT takes SUM, AVG, MIN or MAX and ASC or DESC");
      const Reduce how = kReduce.find(*by)->second;
      std::vector<std::pair<double, size_t>> keys;
      for (size_t i = 0; i < arr.size(); ++i) keys.emplace_back(ReduceValues(arr[i].values, how), i);
      std::stable_sort(keys.begin(), keys.end(), [&](const auto& x, const auto& y) {
        return *order == "ASC" ? x.first < y.first : x.first > y.first;
      });
      size_t limit = arr.size();
      if (n.args.size() == 4) {
        BERTH_ASSIGN_OR_RETURN(Value lv, Eval(*n.args[3]));
        if (!IsScalar(lv) || std::get<double>(lv) < 0) return Bad(n, "SORT's limit must be a number");
        limit = std::min(limit, static_cast<size_t>(std::get<double>(lv)));
      }
      std::vector<Series> out;
      for (size_t i = 0; i < limit; ++i) out.push_back(std::move(arr[keys[i].second]));
      return Value(std::move(out));
    }
    return Bad(n, "Unknown function " + f);
  }

  const EvalContext& ctx_;
};

}  // namespace

Result<std::vector<Series>> Resolver::Search(std::string_view, std::string_view, int64_t) {
  return errors::InvalidParameterValue("SEARCH expressions cannot be used here.");
}

Result<Value> Evaluate(const Expression& expr, const EvalContext& ctx) {
  Evaluator evaluator(ctx);
  return evaluator.Eval(*expr.root);
}

}  // namespace berth::services::monitoring::math
