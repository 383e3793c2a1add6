#pragma once
// Amazon CloudWatch's metrics (service `monitoring`): the store, and the seam berth's own
// publishers (AWS/ECR, AWS/Usage) write through.

#include <memory>
#include <string>

#include "core/clock.h"
#include "core/result.h"
#include "services/monitoring/store/metric_store.h"

namespace berth::services::monitoring {

class MonitoringService {
 public:
  // `dir` holds the metric store (<data-dir>/metrics).
  static Result<std::unique_ptr<MonitoringService>> Open(const std::string& dir,
                                                         const Clock& clock);
  explicit MonitoringService(std::unique_ptr<MetricStore> store, const Clock& clock)
      : store_(std::move(store)), clock_(clock) {}

  MetricStore& store() { return *store_; }
  const Clock& clock() const { return clock_; }

  // Berth's own metrics (AWS/ namespaces, which callers may not use): stored like a caller's
  // batch, recorded in no audit trail. Durable at the journal's next commit (not waited for).
  Status Publish(const PutMetricDataInput& batch);

 private:
  std::unique_ptr<MetricStore> store_;
  const Clock& clock_;
};

}  // namespace berth::services::monitoring
