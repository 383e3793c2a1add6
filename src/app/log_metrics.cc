#include "app/log_metrics.h"

#include <map>

namespace berth::app {

namespace monitoring = services::monitoring;

Status LogMetrics::Publish(std::span<const services::logs::FilterMetricPoint> points) {
  std::map<std::string, monitoring::PutMetricDataInput> batches;  // by namespace
  for (const services::logs::FilterMetricPoint& p : points) {
    monitoring::PutMetricDataInput& batch = batches[p.ns];
    batch.ns = p.ns;
    monitoring::Datum d;
    d.metric_name = p.name;
    for (const auto& [name, value] : p.dimensions) d.dimensions.push_back({name, value});
    d.time_ms = p.time_ms;
    // Units were checked against StandardUnit when the filter was put.
    if (p.unit) d.unit = monitoring::ParseUnit(*p.unit).value_or(monitoring::kNoneUnit);
    d.values.emplace_back(p.value, static_cast<double>(p.count));
    batch.data.push_back(std::move(d));
  }
  for (auto& [ns, batch] : batches) BERTH_RETURN_IF_ERROR(monitoring_.Publish(batch));
  return Ok();
}

}  // namespace berth::app
