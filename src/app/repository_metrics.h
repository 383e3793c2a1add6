#pragma once
// Berth's AWS/ECR RepositorySize (Bytes) and ImageCount (Count) per repository {RepositoryName}
// — an extension: AWS publishes neither. A CallObserver notes which repositories a call
// changed (PutImage, BatchDeleteImage, DeleteRepository, CreateRepository — /v2 pushes and
// deletes are recorded as these); Flush (housekeeping, every few seconds) publishes those,
// and every repository once a minute. Values come from the ECR store (SQL), never counted
// in memory. A deleted repository publishes zeros once. Thread-safe.

#include <mutex>
#include <set>
#include <string>

#include "core/clock.h"
#include "pipeline/call_record.h"
#include "services/ecr/store/ecr_store.h"
#include "services/monitoring/monitoring_service.h"

namespace berth::app {

class RepositoryMetrics final : public pipeline::CallObserver {
 public:
  RepositoryMetrics(services::ecr::EcrStore& ecr, services::monitoring::MonitoringService& out,
                    const Clock& clock)
      : ecr_(ecr), out_(out), clock_(clock) {}

  std::shared_ptr<Commitment> OnCall(const pipeline::CallRecord& record) override;
  Status Flush();

 private:
  services::ecr::EcrStore& ecr_;
  services::monitoring::MonitoringService& out_;
  const Clock& clock_;
  std::mutex mu_;
  std::set<std::string> changed_;  // GUARDED_BY(mu_)
  TimePoint last_full_{};          // GUARDED_BY(mu_)
};

}  // namespace berth::app
