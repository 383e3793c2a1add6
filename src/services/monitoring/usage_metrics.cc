#include "services/monitoring/usage_metrics.h"

namespace berth::services::monitoring {
std::string RepositoryNameOfArn(std::string_view arn) {
  constexpr std::string_view kMarker = ":repository/";
  const size_t at = arn.find(kMarker);
  if (arn.substr(0, 12) != "arn:aws:ecr:" || at == std::string_view::npos) return {};
  return std::string(arn.substr(at + kMarker.size()));
}

std::string UsageServiceName(std::string_view service) {
  if (service == "ecr") return "ECR";
  if (service == "logs") return "Logs";
  if (service == "cloudtrail") return "CloudTrail";
  if (service == "monitoring") return "CloudWatch";
  if (service == "s3") return "S3";
  return std::string(service);
}

std::shared_ptr<Commitment> UsageMetrics::OnCall(const pipeline::CallRecord& record) {
  if (!record.authenticated || record.operation.empty()) return nullptr;
  const int64_t minute = Millis(record.time) / 60000 * 60000;
  const bool ok = !record.error && record.http_status < 300;
  std::lock_guard lock(mu_);
  counts_[Key{"AWS/Usage", "CallCount",
              {{"Class", "None"},
               {"Resource", record.operation},
               {"Service", UsageServiceName(record.service)},
               {"Type", "API"}},
              minute}] += 1;
  if (ok && record.service == "ecr" && record.operation == "BatchGetImage" &&
      record.method != "HEAD") {
    for (const pipeline::ResourceRef& r : record.resources) {
      if (r.type != "AWS::ECR::Repository") continue;
      std::string name = RepositoryNameOfArn(r.arn);
      if (name.empty()) continue;
      counts_[Key{"AWS/ECR", "RepositoryPullCount", {{"RepositoryName", std::move(name)}},
                  minute}] += 1;
    }
  }
  return nullptr;
}

Status UsageMetrics::Flush() {
  std::map<Key, double> counts;
  {
    std::lock_guard lock(mu_);
    counts.swap(counts_);
  }
  std::map<std::string, PutMetricDataInput> batches;  // by namespace
  for (auto& [key, count] : counts) {
    auto& [ns, metric, dimensions, minute] = key;
    PutMetricDataInput& batch = batches[ns];
    batch.ns = ns;
    Datum d;
    d.metric_name = metric;
    d.dimensions = dimensions;  // already sorted by name
    d.time_ms = minute;
    d.unit = ns == "AWS/ECR" ? *ParseUnit("Count") : kNoneUnit;
    // One sample of value 1 per call: Sum is the count, as AWS reports these.
    d.values.emplace_back(1.0, count);
    batch.data.push_back(std::move(d));
  }
  for (auto& [ns, batch] : batches) BERTH_RETURN_IF_ERROR(service_.Publish(batch));
  return Ok();
}

}  // namespace berth::services::monitoring
