#pragma once
// Amazon CloudWatch (service `monitoring`): the metric store, the seam berth's own publishers
// (AWS/ECR, AWS/Usage) write through, and the SQLite database its alarms and dashboards keep
// their state in.

#include <memory>
#include <string>

#include "core/clock.h"
#include "core/result.h"
#include "services/monitoring/alarms/alarm_engine.h"
#include "services/monitoring/alarms/alarm_scheduler.h"
#include "services/monitoring/store/metric_store.h"
#include "store/database.h"

namespace berth::services::monitoring {

class MonitoringService {
 public:
  // `dir` holds the metric store (<data-dir>/metrics); `db` is berth's state database.
  static Result<std::unique_ptr<MonitoringService>> Open(const std::string& dir,
                                                         store::Database& db, const Clock& clock);
  MonitoringService(std::unique_ptr<MetricStore> store, store::Database& db, const Clock& clock)
      : store_(std::move(store)), db_(db), clock_(clock) {}

  MetricStore& store() { return *store_; }
  store::Database& db() { return db_; }
  const Clock& clock() const { return clock_; }
  alarms::AlarmEngine& alarms() { return *alarms_; }

  // Starts evaluating alarms on their schedule on a thread of their own; their actions go to
  // `actions` (nullptr: recorded as failed). StopAlarms (also the destructor) joins it.
  void StartAlarms(AlarmActions* actions);
  void StopAlarms();
  ~MonitoringService();

  // Berth's own metrics (AWS/ namespaces, which callers may not use): stored like a caller's
  // batch, recorded in no audit trail. Durable at the journal's next commit (not waited for).
  Status Publish(const PutMetricDataInput& batch);

 private:
  std::unique_ptr<MetricStore> store_;
  store::Database& db_;
  const Clock& clock_;
  std::unique_ptr<alarms::AlarmEngine> alarms_;
  std::unique_ptr<alarms::AlarmScheduler> scheduler_;
};

}  // namespace berth::services::monitoring
