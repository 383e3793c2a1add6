#include "services/logs/metric_filters/metric_extraction.h"

#include <charconv>
#include <cmath>

namespace berth::services::logs {

std::optional<double> ParseMetricNumber(std::string_view text) {
  if (text.empty()) return std::nullopt;
  if (text.front() == '+') text.remove_prefix(1);
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

Result<std::shared_ptr<const CompiledMetricFilter>> CompiledMetricFilter::Compile(
    MetricFilter filter) {
  std::shared_ptr<CompiledMetricFilter> out(new CompiledMetricFilter());
  BERTH_ASSIGN_OR_RETURN(out->pattern_, filter::FilterPattern::Compile(filter.pattern));
  if (!filter.transformations.empty()) {
    out->constant_value_ = ParseMetricNumber(filter.transformations.front().metric_value);
  }
  out->filter_ = std::move(filter);
  return std::shared_ptr<const CompiledMetricFilter>(std::move(out));
}

std::optional<FilterMetricPoint> CompiledMetricFilter::Extract(filter::FilterMatcher& matcher,
                                                               std::string_view message,
                                                               int64_t time_ms) const {
  if (filter_.transformations.empty() || !matcher.Matches(message)) return std::nullopt;
  const MetricTransformation& t = filter_.transformations.front();
  FilterMetricPoint point;
  if (constant_value_) {
    point.value = *constant_value_;
  } else {
    auto text = matcher.FieldValue(t.metric_value);
    if (!text) return std::nullopt;
    auto number = ParseMetricNumber(*text);
    if (!number) return std::nullopt;
    point.value = *number;
  }
  for (const auto& [name, reference] : t.dimensions) {  // std::map: sorted by name
    auto value = matcher.FieldValue(reference);
    if (!value || value->empty()) return std::nullopt;
    point.dimensions.emplace_back(name, std::move(*value));
  }
  point.account_id = filter_.account_id;
  point.ns = t.metric_namespace;
  point.name = t.metric_name;
  point.unit = t.unit;
  point.time_ms = time_ms;
  return point;
}

}  // namespace berth::services::logs
