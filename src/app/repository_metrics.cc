#include "app/repository_metrics.h"

#include "services/monitoring/usage_metrics.h"

namespace berth::app {
namespace {

namespace monitoring = services::monitoring;

constexpr auto kFullInterval = std::chrono::minutes(1);

bool ChangesRepository(std::string_view operation) {
  return operation == "PutImage" || operation == "BatchDeleteImage" ||
         operation == "DeleteRepository" || operation == "CreateRepository" ||
         operation == "PolicyExecutionEvent";  // lifecycle expirations
}

monitoring::Datum Point(std::string metric, const std::string& repository, int64_t time_ms,
                        std::string_view unit, double value) {
  monitoring::Datum d;
  d.metric_name = std::move(metric);
  d.dimensions = {{"RepositoryName", repository}};
  d.time_ms = time_ms;
  d.unit = monitoring::ParseUnit(unit).value_or(monitoring::kNoneUnit);
  d.values.emplace_back(value, 1.0);
  return d;
}

}  // namespace

std::shared_ptr<Commitment> RepositoryMetrics::OnCall(const pipeline::CallRecord& record) {
  if (record.service != "ecr" || record.error || record.http_status >= 300 ||
      !ChangesRepository(record.operation)) {
    return nullptr;
  }
  std::lock_guard lock(mu_);
  for (const pipeline::ResourceRef& r : record.resources) {
    if (r.type != "AWS::ECR::Repository") continue;
    std::string name = monitoring::RepositoryNameOfArn(r.arn);
    if (!name.empty()) changed_.insert(std::move(name));
  }
  return nullptr;
}

Status RepositoryMetrics::Flush() {
  const TimePoint now = clock_.Now();
  std::set<std::string> changed;
  bool full = false;
  {
    std::lock_guard lock(mu_);
    changed.swap(changed_);
    if (now - last_full_ >= kFullInterval) {
      full = true;
      last_full_ = now;
    }
  }
  if (!full && changed.empty()) return Ok();
  std::vector<std::string> names;
  if (!full) names.assign(changed.begin(), changed.end());
  auto footprints = ecr_.RepositoryFootprints(names);
  if (!footprints.ok()) {
    std::lock_guard lock(mu_);
    changed_.insert(changed.begin(), changed.end());  // try again next time
    return footprints.error();
  }
  monitoring::PutMetricDataInput batch;
  batch.ns = "AWS/ECR";
  const int64_t time_ms = Millis(now);
  for (const services::ecr::RepositoryFootprint& f : *footprints) {
    changed.erase(f.name);
    batch.data.push_back(
        Point("RepositorySize", f.name, time_ms, "Bytes", static_cast<double>(f.size_bytes)));
    batch.data.push_back(
        Point("ImageCount", f.name, time_ms, "Count", static_cast<double>(f.image_count)));
  }
  // Changed and gone: the repository was deleted.
  for (const std::string& name : changed) {
    batch.data.push_back(Point("RepositorySize", name, time_ms, "Bytes", 0));
    batch.data.push_back(Point("ImageCount", name, time_ms, "Count", 0));
  }
  if (batch.data.empty()) return Ok();
  return out_.Publish(batch);
}

}  // namespace berth::app
