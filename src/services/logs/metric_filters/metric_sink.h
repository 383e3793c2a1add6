#pragma once
// Where metric filters publish (the metric store, which the Logs service does not know: the
// App implements this with CloudWatch's metrics, as it implements cloudtrail::Destinations).

#include <span>

#include "core/result.h"
#include "services/logs/metric_filters/metric_filter.h"

namespace berth::services::logs {

class MetricSink {
 public:
  virtual ~MetricSink() = default;
  // Stores the points (namespaces may be AWS/ ones: filters and AWS/Logs are the publisher).
  virtual Status Publish(std::span<const FilterMetricPoint> points) = 0;
};

}  // namespace berth::services::logs
