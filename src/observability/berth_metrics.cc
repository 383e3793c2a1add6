#include "observability/berth_metrics.h"

#include <dirent.h>
#include <prometheus/text_serializer.h>

#include <fstream>
#include <sstream>
#include <string_view>

namespace berth::observability {
namespace {

using prometheus::BuildCounter;
using prometheus::BuildGauge;
using prometheus::BuildHistogram;
using prometheus::Histogram;

// From half a millisecond (a cached read) to ten seconds (a large upload or query).
const Histogram::BucketBoundaries kRequestBuckets = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
// One fdatasync on a VM is a few hundred microseconds; a slow disk takes far longer.
const Histogram::BucketBoundaries kCommitBuckets = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                                    0.01,   0.025,   0.05,   0.1,   0.25,   1};
const Histogram::BucketBoundaries kBatchBuckets = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000};

// A family of one unlabelled series, which is what most of berth's metrics are.
template <class Metric, class Builder, class... Args>
Metric& Single(Builder builder, prometheus::Registry& registry, const std::string& name,
               const std::string& help, Args&&... args) {
  return builder.Name(name).Help(help).Register(registry).Add({}, std::forward<Args>(args)...);
}

std::string OrUnknown(const std::string& value) { return value.empty() ? "unknown" : value; }

// The process's memory in bytes from /proc/self/status ("VmRSS:  1234 kB").
void ReadProcessMemory(double& rss, double& anon, double& vsize) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    const std::string_view name(line.data(), colon);
    double* target = name == "VmRSS"     ? &rss
                     : name == "RssAnon" ? &anon
                     : name == "VmSize"  ? &vsize
                                         : nullptr;
    if (target != nullptr) *target = std::stod(line.substr(colon + 1)) * 1024;
  }
}

double OpenFds() {
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return 0;
  double count = 0;
  while (dirent* entry = readdir(dir)) {
    if (entry->d_name[0] != '.') ++count;
  }
  closedir(dir);
  return count - 1;  // the directory's own descriptor
}

}  // namespace

BerthMetrics::BerthMetrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      requests_(BuildCounter()
                    .Name("berth_http_requests_total")
                    .Help("Calls answered, by AWS service (ecr for /v2, s3), operation and HTTP "
                          "status")
                    .Register(*registry_)),
      durations_(BuildHistogram()
                     .Name("berth_request_duration_seconds")
                     .Help("Time from a call's arrival to its answer being ready (before the "
                           "audit commit it waits for), by service and operation")
                     .Register(*registry_)),
      commit_seconds_(Single<Histogram>(
          BuildHistogram(), *registry_, "berth_audit_commit_duration_seconds",
          "Time one group commit of the audit journal took (write and fsync)", kCommitBuckets)),
      commit_events_(
          Single<Histogram>(BuildHistogram(), *registry_, "berth_audit_commit_batch_events",
                            "Audit events made durable by one group commit", kBatchBuckets)),
      commit_failures_(Single<prometheus::Counter>(
          BuildCounter(), *registry_, "berth_audit_commit_failures_total",
          "Group commits of the audit journal that failed (their calls answered an internal "
          "error)")),
      storage_bytes_(BuildGauge()
                         .Name("berth_storage_bytes")
                         .Help("Bytes on disk under the data directory, by store")
                         .Register(*registry_)),
      blob_store_bytes_(
          Single<prometheus::Gauge>(BuildGauge(), *registry_, "berth_blob_store_bytes",
                                    "Bytes of the registry's stored blobs (layers, configs, "
                                    "manifests)")),
      blob_store_blobs_(Single<prometheus::Gauge>(BuildGauge(), *registry_,
                                                  "berth_blob_store_blobs",
                                                  "Blobs in the registry's blob store")),
      active_uploads_(
          Single<prometheus::Gauge>(BuildGauge(), *registry_, "berth_active_uploads",
                                    "Unfinished layer uploads (each keeps a file until completed, "
                                    "cancelled or expired)")),
      sqlite_memory_bytes_(
          Single<prometheus::Gauge>(BuildGauge(), *registry_, "berth_sqlite_memory_bytes",
                                    "Heap SQLite holds: page caches and prepared statements "
                                    "(bounded by --db-cache-mib and --db-read-cache-mib)")),
      resident_bytes_(Single<prometheus::Gauge>(BuildGauge(), *registry_,
                                                "process_resident_memory_bytes",
                                                "Resident memory size in bytes")),
      resident_anon_bytes_(Single<prometheus::Gauge>(
          BuildGauge(), *registry_, "berth_process_resident_anonymous_memory_bytes",
          "Resident anonymous memory (heap, stacks: RssAnon) in bytes")),
      virtual_bytes_(Single<prometheus::Gauge>(BuildGauge(), *registry_,
                                               "process_virtual_memory_bytes",
                                               "Virtual memory size in bytes")),
      open_fds_(Single<prometheus::Gauge>(BuildGauge(), *registry_, "process_open_fds",
                                          "Number of open file descriptors")),
      start_time_(
          Single<prometheus::Gauge>(BuildGauge(), *registry_, "process_start_time_seconds",
                                    "Start time of the process since the Unix epoch, in seconds")) {
  start_time_.Set(
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count());
}

prometheus::Counter& BerthMetrics::RequestCounter(const std::string& service,
                                                  const std::string& operation, int status) {
  std::string key = service + '\n' + operation + '\n' + std::to_string(status);
  {
    std::shared_lock lock(series_mu_);
    if (auto it = counters_.find(key); it != counters_.end()) return *it->second;
  }
  std::unique_lock lock(series_mu_);
  auto& slot = counters_[std::move(key)];
  if (slot == nullptr) {
    slot = &requests_.Add({{"service", OrUnknown(service)},
                           {"operation", OrUnknown(operation)},
                           {"status", std::to_string(status)}});
  }
  return *slot;
}

prometheus::Histogram& BerthMetrics::DurationHistogram(const std::string& service,
                                                       const std::string& operation) {
  std::string key = service + '\n' + operation;
  {
    std::shared_lock lock(series_mu_);
    if (auto it = histograms_.find(key); it != histograms_.end()) return *it->second;
  }
  std::unique_lock lock(series_mu_);
  auto& slot = histograms_[std::move(key)];
  if (slot == nullptr) {
    slot = &durations_.Add({{"service", OrUnknown(service)}, {"operation", OrUnknown(operation)}},
                           kRequestBuckets);
  }
  return *slot;
}

std::shared_ptr<Commitment> BerthMetrics::OnCall(const pipeline::CallRecord& record) {
  RequestCounter(record.service, record.operation, record.http_status).Increment();
  DurationHistogram(record.service, record.operation)
      .Observe(std::chrono::duration<double>(record.duration).count());
  return nullptr;
}

void BerthMetrics::ObserveAuditCommit(size_t events, std::chrono::nanoseconds took, bool ok) {
  commit_seconds_.Observe(std::chrono::duration<double>(took).count());
  commit_events_.Observe(static_cast<double>(events));
  if (!ok) commit_failures_.Increment();
}

std::string BerthMetrics::Scrape() {
  if (refresh_) refresh_(*this);
  double rss = 0, anon = 0, vsize = 0;
  ReadProcessMemory(rss, anon, vsize);
  resident_bytes_.Set(rss);
  resident_anon_bytes_.Set(anon);
  virtual_bytes_.Set(vsize);
  open_fds_.Set(OpenFds());
  std::ostringstream out;
  prometheus::TextSerializer().Serialize(out, registry_->Collect());
  return out.str();
}

}  // namespace berth::observability
