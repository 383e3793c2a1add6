#pragma once
// Berth's own metrics, from the pipeline's call records (a CallObserver): what AWS publishes
// about a registry without being asked.
//
//   AWS/ECR   RepositoryPullCount  {RepositoryName}     an image pull: a successful manifest GET
//             on /v2 or an ECR BatchGetImage call (both are recorded as BatchGetImage; HEADs
//             are not pulls), Unit Count, one value per pull in the minute of the call.
//   AWS/Usage CallCount            {Service, Type=API, Resource=<operation>, Class=None}
//             every authenticated AWS API call (the /v2 registry's as the ECR events they are
//             recorded as), Unit None — as AWS publishes its usage metrics.
//
// Counting is in memory, per minute; Flush (a housekeeping task every few seconds) publishes
// what was counted through MonitoringService::Publish — a write of the metric store, never a
// call, so never in CloudTrail. Thread-safe.

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>

#include "pipeline/call_record.h"
#include "services/monitoring/monitoring_service.h"

namespace berth::services::monitoring {

class UsageMetrics final : public pipeline::CallObserver {
 public:
  explicit UsageMetrics(MonitoringService& service) : service_(service) {}

  std::shared_ptr<Commitment> OnCall(const pipeline::CallRecord& record) override;
  // Publishes the counts gathered since the last flush.
  Status Flush();

 private:
  // (namespace, metric, dimension pairs…, minute in ms) → count
  using Key = std::tuple<std::string, std::string, std::vector<Dimension>, int64_t>;

  MonitoringService& service_;
  std::mutex mu_;
  std::map<Key, double> counts_;
};

// The repository named by an ECR repository ARN (arn:aws:ecr:<region>:<account>:repository/<name>).
std::string RepositoryNameOfArn(std::string_view arn);
// AWS/Usage's Service dimension value for a berth service name ("ecr" → "ECR").
std::string UsageServiceName(std::string_view service);

}  // namespace berth::services::monitoring
