#include "services/monitoring/dashboards/metric_widget.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/time_format.h"
#include "protocol/json_reader.h"
#include "services/monitoring/dashboards/body_validator.h"
#include "services/monitoring/dashboards/metrics_array.h"
#include "services/monitoring/model/errors.h"
#include "services/monitoring/model/statistics.h"

namespace berth::services::monitoring::dashboards {
namespace {

Error Invalid(const std::vector<ValidationMessage>& messages) {
  std::string text = InvalidBodyMessage(messages);
  // Same list as a dashboard's, introduced as the widget's.
  text.replace(0, std::string("The dashboard body").size(), "The metric widget");
  return errors::InvalidParameterValue(std::move(text));
}

Result<TimePoint> TimeParam(const Document* d, std::string_view name, TimePoint now,
                            TimePoint fallback) {
  if (d == nullptr) return fallback;
  const std::string& s = d->as_string();  // type checked by the validator
  if (auto rel = ParseIsoDuration(s)) return now + std::chrono::milliseconds(*rel);
  if (auto abs = timefmt::ParseIso8601(s)) return *abs;
  return errors::InvalidParameterValue("The value " + s + " for parameter MetricWidget." +
                                       std::string(name) + " is invalid.");
}

std::optional<uint32_t> Color(const Document* d) {
  if (d == nullptr || !d->is_string() || d->as_string().size() != 7) return std::nullopt;
  uint32_t rgb = 0;
  const std::string& s = d->as_string();
  auto [end, ec] = std::from_chars(s.data() + 1, s.data() + s.size(), rgb, 16);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return rgb;
}

}  // namespace

std::optional<int64_t> ParseIsoDuration(std::string_view s) {
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) negative = s[0] == '-', s.remove_prefix(1);
  if (s.empty() || s[0] != 'P') return std::nullopt;
  s.remove_prefix(1);
  bool in_time = false, any = false;
  double total_s = 0;
  while (!s.empty()) {
    if (s[0] == 'T') {
      if (in_time) return std::nullopt;
      in_time = true;
      s.remove_prefix(1);
      continue;
    }
    size_t n = 0;
    while (n < s.size() && (std::isdigit(static_cast<unsigned char>(s[n])) || s[n] == '.')) ++n;
    if (n == 0 || n == s.size() || n > 12) return std::nullopt;
    double v = 0;  // from_chars: "P.D" and friends are errors, never exceptions
    auto [end, ec] = std::from_chars(s.data(), s.data() + n, v);
    if (ec != std::errc() || end != s.data() + n) return std::nullopt;
    const char unit = s[n];
    s.remove_prefix(n + 1);
    double scale = 0;
    if (!in_time && unit == 'Y')
      scale = 365 * 86400.0;
    else if (!in_time && unit == 'M')
      scale = 30 * 86400.0;
    else if (!in_time && unit == 'W')
      scale = 7 * 86400.0;
    else if (!in_time && unit == 'D')
      scale = 86400;
    else if (in_time && unit == 'H')
      scale = 3600;
    else if (in_time && unit == 'M')
      scale = 60;
    else if (in_time && unit == 'S')
      scale = 1;
    else
      return std::nullopt;
    total_s += v * scale;
    any = true;
  }
  if (!any || total_s > 20 * 365 * 86400.0) return std::nullopt;
  const auto ms = static_cast<int64_t>(std::llround(total_s * 1000));
  return negative ? -ms : ms;
}

std::optional<int> ParseTimezone(std::string_view s) {
  if (s == "UTC" || s == "Z") return 0;
  if (s.size() != 5 || (s[0] != '+' && s[0] != '-')) return std::nullopt;
  for (size_t i = 1; i < 5; ++i)
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return std::nullopt;
  const int hh = (s[1] - '0') * 10 + (s[2] - '0'), mm = (s[3] - '0') * 10 + (s[4] - '0');
  if (hh > 14 || mm > 59) return std::nullopt;
  return (s[0] == '-' ? -1 : 1) * (hh * 60 + mm);
}

Result<MetricWidget> ParseMetricWidget(std::string_view json, TimePoint now) {
  if (json.size() > kMaxWidgetBytes) {
    return errors::InvalidParameterValue(
        "The parameter MetricWidget must be no longer than 102400 characters.");
  }
  Result<Document> parsed = protocol::ParseJson(json);
  if (!parsed.ok()) {
    return errors::InvalidParameterValue("The parameter MetricWidget must be a valid JSON object.");
  }
  const Document& w = *parsed;
  Checker check;
  if (!check.Object(w, "")) return Invalid(check.Take());
  // Count before resolving: thousands of series are refused before any work is done on them.
  if (const Document* m = w.Find("metrics");
      m != nullptr && m->is_list() && m->as_list().size() > kMaxWidgetMetrics) {
    return errors::InvalidParameterValue(
        "The parameter MetricWidget.metrics must contain no more than 100 metrics (it has " +
        std::to_string(m->as_list().size()) + ").");
  }
  CheckMetricProperties(w, "", check, false);
  if (const Document* v = w.Find("view"); v && v->is_string() && v->as_string() != "timeSeries" &&
                                          v->as_string() != "bar" &&
                                          v->as_string() != "singleValue") {
    check.Add("/view", "Should be equal to one of the allowed values");
  }
  if (const Document* tz = w.Find("timezone");
      tz && tz->is_string() && !ParseTimezone(tz->as_string()))
    check.Add("/timezone", "Should match pattern \"^[+-][0-9]{4}$\"");
  if (!check.messages().empty()) return Invalid(check.Take());

  MetricWidget out;
  render::Chart& c = out.chart;
  if (const Document* v = w.Find("width")) c.width = static_cast<int>(NumericValue(*v));
  if (const Document* v = w.Find("height")) c.height = static_cast<int>(NumericValue(*v));
  if (const Document* v = w.Find("title")) c.title = v->as_string();
  if (const Document* v = w.Find("stacked")) c.stacked = v->as_bool();
  if (const Document* v = w.Find("view")) {
    if (v->as_string() == "bar") c.view = render::View::kBar;
    if (v->as_string() == "singleValue") c.view = render::View::kSingleValue;
  }
  if (const Document* tz = w.Find("timezone"))
    c.tz_offset_minutes = *ParseTimezone(tz->as_string());
  if (const Document* l = w.Find("legend"); l && l->Find("position")) {
    const std::string& pos = l->Find("position")->as_string();
    if (pos == "right") c.legend = render::LegendPosition::kRight;
    if (pos == "hidden") c.legend = render::LegendPosition::kHidden;
  }
  if (const Document* y = w.Find("yAxis"); y && y->Find("left")) {
    const Document& left = *y->Find("left");
    if (const Document* v = left.Find("min")) c.y_min = NumericValue(*v);
    if (const Document* v = left.Find("max")) c.y_max = NumericValue(*v);
    if (const Document* v = left.Find("label")) c.y_label = v->as_string();
  }
  if (const Document* y = w.Find("yAxis"); y && y->Find("right")) {
    const Document& right = *y->Find("right");
    if (const Document* v = right.Find("min")) c.y_right_min = NumericValue(*v);
    if (const Document* v = right.Find("max")) c.y_right_max = NumericValue(*v);
    if (const Document* v = right.Find("label")) c.y_right_label = v->as_string();
  }
  if (const Document* an = w.Find("annotations"); an && an->Find("horizontal")) {
    for (const Document& item : an->Find("horizontal")->as_list()) {
      // A band ([from, to]) is drawn as its two lines.
      std::vector<const Document*> parts;
      if (item.is_list())
        for (const Document& p : item.as_list()) parts.push_back(&p);
      else
        parts.push_back(&item);
      for (const Document* p : parts) {
        if (const Document* vis = p->Find("visible"); vis && !vis->as_bool()) continue;
        render::HorizontalAnnotation a;
        a.value = NumericValue(*p->Find("value"));
        if (const Document* l = p->Find("label")) a.label = l->as_string();
        a.color = Color(p->Find("color"));
        if (const Document* f = p->Find("fill"))
          a.fill = f->as_string() == "above" ? render::HorizontalAnnotation::Fill::kAbove
                                             : render::HorizontalAnnotation::Fill::kBelow;
        c.annotations.push_back(std::move(a));
      }
    }
  }

  if (const Document* an = w.Find("annotations"); an && an->Find("vertical")) {
    for (const Document& item : an->Find("vertical")->as_list()) {
      std::vector<const Document*> parts;  // a band ([from, to]) is drawn as its two lines
      if (item.is_list())
        for (const Document& p : item.as_list()) parts.push_back(&p);
      else
        parts.push_back(&item);
      for (const Document* p : parts) {
        if (const Document* vis = p->Find("visible"); vis && !vis->as_bool()) continue;
        auto t = timefmt::ParseIso8601(p->Find("value")->as_string());
        if (!t) {
          return errors::InvalidParameterValue(
              "The value " + p->Find("value")->as_string() +
              " for parameter MetricWidget.annotations.vertical.value is invalid.");
        }
        render::VerticalAnnotation a;
        a.time_ms = Millis(*t);
        if (const Document* l = p->Find("label")) a.label = l->as_string();
        a.color = Color(p->Find("color"));
        if (const Document* f = p->Find("fill"))
          a.fill = f->as_string() == "before" ? render::VerticalAnnotation::Fill::kBefore
                                              : render::VerticalAnnotation::Fill::kAfter;
        c.vertical_annotations.push_back(std::move(a));
      }
    }
  }

  BERTH_ASSIGN_OR_RETURN(TimePoint end, TimeParam(w.Find("end"), "end", now, now));
  BERTH_ASSIGN_OR_RETURN(TimePoint start,
                         TimeParam(w.Find("start"), "start", now, now - std::chrono::hours(3)));
  if (end <= start) {
    return errors::InvalidParameterValue(
        "The parameter MetricWidget.start must be less than the parameter MetricWidget.end.");
  }
  c.start_ms = Millis(start);
  c.end_ms = Millis(end);

  // The period: the widget's (default 5 minutes), lengthened to a multiple of a minute when
  // the range would hold more than kMaxPointsPerSeries points, as the console does.
  const int64_t range_s = (c.end_ms - c.start_ms + 999) / 1000;
  auto fit = [&](int64_t period) {
    if (range_s / period <= kMaxPointsPerSeries) return period;
    const int64_t need = (range_s + kMaxPointsPerSeries - 1) / kMaxPointsPerSeries;
    return (need + 59) / 60 * 60;
  };
  int64_t period = kDefaultPeriod;
  if (const Document* p = w.Find("period")) period = static_cast<int64_t>(NumericValue(*p));
  std::string stat = "Average";
  if (const Document* s = w.Find("stat")) stat = s->as_string();

  std::vector<MetricRow> rows;
  if (const Document* m = w.Find("metrics")) rows = ResolveMetricRows(*m, "/metrics", check);
  // Rows with problems are left out of `rows`: stop here so that indexes below are the input's.
  if (!check.messages().empty()) return Invalid(check.Take());
  size_t metrics = 0, expressions = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    const MetricRow& row = rows[i];
    MetricDataQuery q;
    const std::string rp = "/metrics/" + std::to_string(i);
    // Unnamed rows get the console's ids: metrics m1, m2, … and expressions e1, e2, …, each
    // counted on its own, so an expression may say "m1 + m2".
    size_t& counter = row.IsExpression() ? expressions : metrics;
    ++counter;
    q.id = row.Option("id") ? row.Option("id")->as_string()
                            : (row.IsExpression() ? "e" : "m") + std::to_string(counter);
    if (const Document* l = row.Option("label")) q.label = l->as_string();
    if (const Document* v = row.Option("visible")) q.return_data = v->as_bool();
    if (auto color = Color(row.Option("color"))) out.colors[q.id] = *color;
    if (const Document* a = row.Option("yAxis"); a && a->as_string() == "right")
      out.right_axis.insert(q.id);
    const int64_t row_period =
        row.Option("period") ? static_cast<int64_t>(NumericValue(*row.Option("period"))) : period;
    if (row.IsExpression()) {
      q.expression = row.Option("expression")->as_string();
      q.period = fit(row_period);
    } else {
      MetricStatQuery ms;
      ms.metric.ns = row.fields[0];
      ms.metric.name = row.fields[1];
      for (size_t k = 2; k + 1 < row.fields.size(); k += 2)
        ms.metric.dimensions.push_back({row.fields[k], row.fields[k + 1]});
      ms.metric.SortDimensions();
      ms.period = fit(row_period);
      const std::string row_stat = row.Option("stat") ? row.Option("stat")->as_string() : stat;
      auto parsed_stat = ParseStatistic(row_stat);
      if (!parsed_stat) {
        check.Add(rp, "Should have a valid statistic: " + row_stat);
        continue;
      }
      ms.stat = NamedStatistic{row_stat, *parsed_stat};
      q.metric_stat = std::move(ms);
    }
    for (const MetricDataQuery& seen : out.queries)
      if (seen.id == q.id) check.Add(rp, "Should have a unique id: " + q.id);
    out.queries.push_back(std::move(q));
  }
  if (!check.messages().empty()) return Invalid(check.Take());
  return out;
}

}  // namespace berth::services::monitoring::dashboards
