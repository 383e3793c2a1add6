#include "services/monitoring/monitoring_service.h"

#include "services/monitoring/store/journaled_metric_store.h"

namespace berth::services::monitoring {

Result<std::unique_ptr<MonitoringService>> MonitoringService::Open(const std::string& dir,
                                                                   store::Database& db,
                                                                   const Clock& clock) {
  BERTH_ASSIGN_OR_RETURN(auto store, JournaledMetricStore::Open(dir, clock.Now()));
  return std::make_unique<MonitoringService>(std::move(store), db, clock);
}

Status MonitoringService::Publish(const PutMetricDataInput& batch) {
  return StatusOf(store_->Put(batch, clock_.Now()));
}

}  // namespace berth::services::monitoring
