#pragma once
// Where CloudWatch Logs publishes metric filters' values and AWS/Logs counts: CloudWatch's
// metric store. (Logs does not depend on monitoring; the App joins them here, as
// TrailDestinations joins CloudTrail to S3 and Logs.)

#include "services/logs/metric_filters/metric_sink.h"
#include "services/monitoring/monitoring_service.h"

namespace berth::app {

class LogMetrics final : public services::logs::MetricSink {
 public:
  explicit LogMetrics(services::monitoring::MonitoringService& monitoring)
      : monitoring_(monitoring) {}

  Status Publish(std::span<const services::logs::FilterMetricPoint> points) override;

 private:
  services::monitoring::MonitoringService& monitoring_;
};

}  // namespace berth::app
