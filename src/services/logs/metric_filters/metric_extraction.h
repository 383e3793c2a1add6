#pragma once
// A metric filter compiled for ingestion: its pattern compiled once, and what a matching event
// yields. Immutable after Compile; Extract takes the caller's matcher (one per thread).

#include <memory>
#include <optional>
#include <string_view>

#include "core/result.h"
#include "services/logs/filter/filter_pattern.h"
#include "services/logs/filter/matcher.h"
#include "services/logs/metric_filters/metric_filter.h"

namespace berth::services::logs {

class CompiledMetricFilter {
 public:
  // Errors: the pattern's InvalidParameterException.
  static Result<std::shared_ptr<const CompiledMetricFilter>> Compile(MetricFilter filter);

  const MetricFilter& filter() const { return filter_; }
  const filter::FilterPattern& pattern() const { return *pattern_; }

  // The point an event adds, when the event matches and its metricValue (and every dimension)
  // resolves — AWS skips an event whose value is no number or whose dimension is missing.
  std::optional<FilterMetricPoint> Extract(filter::FilterMatcher& matcher, std::string_view message,
                                           int64_t time_ms) const;

 private:
  CompiledMetricFilter() = default;
  MetricFilter filter_;
  std::shared_ptr<const filter::FilterPattern> pattern_;
  std::optional<double> constant_value_;  // metricValue when it is a number
};

// True when `text` is a whole number or decimal (what AWS accepts as a metric value).
std::optional<double> ParseMetricNumber(std::string_view text);

}  // namespace berth::services::logs
