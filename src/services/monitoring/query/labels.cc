#include "services/monitoring/query/labels.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

#include "core/time_format.h"

namespace berth::services::monitoring::labels {
namespace {

// Values as the console prints them: at most two decimals, no trailing zeros.
std::string Number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

// ISO 8601 in the label's time zone: "2026-12-07T22:30:00Z" or "…T00:00:00+01:30".
std::string Time(int64_t ms, int tz_minutes) {
  std::string s = timefmt::Iso8601(FromMillis(ms + int64_t{tz_minutes} * 60000));
  if (tz_minutes == 0) return s;
  s.pop_back();  // the Z
  const int a = std::abs(tz_minutes);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%c%02d:%02d", tz_minutes < 0 ? '-' : '+', a / 60, a % 60);
  return s + buf;
}

// "1d 2h 3m 4s", the zero parts left out ("0s" for none).
std::string Span(int64_t ms) {
  int64_t s = std::llabs(ms) / 1000;
  const int64_t parts[] = {s / 86400, s / 3600 % 24, s / 60 % 60, s % 60};
  const char* units[] = {"d", "h", "m", "s"};
  std::string out;
  for (size_t i = 0; i < 4; ++i) {
    if (parts[i] == 0) continue;
    if (!out.empty()) out.push_back(' ');
    out += std::to_string(parts[i]) + units[i];
  }
  return out.empty() ? "0s" : out;
}

std::optional<std::string> Prop(std::string_view name, const math::Series& s,
                                const LabelContext& ctx) {
  if (name == "AccountId") return ctx.account_id;
  if (name == "Region") return ctx.region;
  if (!s.props) return std::string();
  const math::SeriesProps& p = *s.props;
  if (name == "MetricName") return p.metric.name;
  if (name == "Namespace") return p.metric.ns;
  if (name == "Period") return std::to_string(p.period_s);
  if (name == "Stat") return p.stat;
  if (name.starts_with("Dim.")) {
    for (const Dimension& d : p.metric.dimensions)
      if (d.name == name.substr(4)) return d.value;
    return std::string();
  }
  return std::nullopt;
}

std::optional<std::string> Value(std::string_view var, const math::Series& s,
                                 const LabelContext& ctx) {
  if (var == "LABEL") return ctx.default_label;
  if (var.starts_with("PROP(") && var.ends_with(")")) {
    std::string_view arg = var.substr(5, var.size() - 6);
    if (arg.size() >= 2 && (arg.front() == '\'' || arg.front() == '"') && arg.back() == arg.front())
      arg = arg.substr(1, arg.size() - 2);
    return Prop(arg, s, ctx);
  }
  const std::vector<double>& v = s.values;
  const std::vector<int64_t>& t = s.timestamps;
  if (var == "DATAPOINT_COUNT") return std::to_string(v.size());
  static const char* const kKnown[] = {
      "AVG", "MIN", "MAX", "SUM", "FIRST", "LAST", "FIRST_LAST_RANGE", "MIN_MAX_RANGE",
      "FIRST_TIME", "LAST_TIME", "MIN_TIME", "MAX_TIME", "FIRST_LAST_TIME_RANGE",
      "MIN_MAX_TIME_RANGE", "FIRST_TIME_RELATIVE", "LAST_TIME_RELATIVE", "MIN_TIME_RELATIVE",
      "MAX_TIME_RELATIVE"};
  if (std::find(std::begin(kKnown), std::end(kKnown), var) == std::end(kKnown)) return std::nullopt;
  if (v.empty()) return std::string();
  const size_t lo = static_cast<size_t>(std::min_element(v.begin(), v.end()) - v.begin());
  const size_t hi = static_cast<size_t>(std::max_element(v.begin(), v.end()) - v.begin());
  double sum = 0;
  for (double x : v) sum += x;
  if (var == "AVG") return Number(sum / static_cast<double>(v.size()));
  if (var == "SUM") return Number(sum);
  if (var == "MIN") return Number(v[lo]);
  if (var == "MAX") return Number(v[hi]);
  if (var == "FIRST") return Number(v.front());
  if (var == "LAST") return Number(v.back());
  if (var == "FIRST_LAST_RANGE") return Number(v.back() - v.front());
  if (var == "MIN_MAX_RANGE") return Number(v[hi] - v[lo]);
  if (var == "FIRST_TIME") return Time(t.front(), ctx.tz_offset_minutes);
  if (var == "LAST_TIME") return Time(t.back(), ctx.tz_offset_minutes);
  if (var == "MIN_TIME") return Time(t[lo], ctx.tz_offset_minutes);
  if (var == "MAX_TIME") return Time(t[hi], ctx.tz_offset_minutes);
  if (var == "FIRST_LAST_TIME_RANGE") return Span(t.back() - t.front());
  if (var == "MIN_MAX_TIME_RANGE") return Span(t[hi] - t[lo]);
  if (var == "FIRST_TIME_RELATIVE") return Span(ctx.now_ms - t.front());
  if (var == "LAST_TIME_RELATIVE") return Span(ctx.now_ms - t.back());
  if (var == "MIN_TIME_RELATIVE") return Span(ctx.now_ms - t[lo]);
  return Span(ctx.now_ms - t[hi]);
}

}  // namespace

bool IsDynamic(std::string_view label) { return label.find("${") != std::string_view::npos; }

std::string Expand(std::string_view label, const math::Series& series, const LabelContext& ctx) {
  std::string out;
  size_t i = 0;
  while (i < label.size()) {
    const size_t open = label.find("${", i);
    if (open == std::string_view::npos) break;
    const size_t close = label.find('}', open + 2);
    if (close == std::string_view::npos) break;
    out.append(label.substr(i, open - i));
    std::string_view var = label.substr(open + 2, close - open - 2);
    if (auto v = Value(var, series, ctx)) {
      out += *v;
    } else {
      out.append(label.substr(open, close - open + 1));
    }
    i = close + 1;
  }
  out.append(label.substr(i));
  return out;
}

}  // namespace berth::services::monitoring::labels
