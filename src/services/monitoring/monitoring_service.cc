#include "services/monitoring/monitoring_service.h"

#include "services/monitoring/dashboards/dashboard_store.h"
#include "services/monitoring/store/journaled_metric_store.h"

namespace berth::services::monitoring {

Result<std::unique_ptr<MonitoringService>> MonitoringService::Open(const std::string& dir,
                                                                   store::Database& db,
                                                                   const Clock& clock) {
  BERTH_ASSIGN_OR_RETURN(auto store, JournaledMetricStore::Open(dir, clock.Now()));
  BERTH_RETURN_IF_ERROR(dashboards::DashboardStore::Migrate(db));
  auto service = std::make_unique<MonitoringService>(std::move(store), db, clock);
  BERTH_ASSIGN_OR_RETURN(service->alarms_,
                         alarms::AlarmEngine::Open(db, *service->store_, clock));
  // Dashboards share the alarms' tag store: TagResource and friends accept a dashboard's ARN
  // while the dashboard exists.
  service->alarms_->SetResourceExists([&db](const std::string& arn) {
    auto parsed = dashboards::ParseDashboardArn(arn);
    if (!parsed) return false;
    auto found = dashboards::DashboardStore(db).Get(parsed->first, parsed->second);
    return found.ok() && found->has_value();
  });
  return service;
}

MonitoringService::~MonitoringService() { StopAlarms(); }

void MonitoringService::StartAlarms(AlarmActions* actions) {
  alarms_->SetActions(actions);
  scheduler_ = std::make_unique<alarms::AlarmScheduler>(*alarms_, clock_);
  scheduler_->Start();
}

void MonitoringService::StopAlarms() {
  if (scheduler_) scheduler_->Stop();
  scheduler_.reset();
}

Status MonitoringService::Publish(const PutMetricDataInput& batch) {
  return StatusOf(store_->Put(batch, clock_.Now()));
}

}  // namespace berth::services::monitoring
