#pragma once
// berth's own health in Prometheus's terms (GET /metrics, see metrics_endpoint.h): every call
// the dispatcher finishes, counted and timed by service, operation and status (this is a
// CallObserver, so every wire is counted in one place), the audit journal's group commits,
// and gauges read when scraped (storage, uploads, memory).
//
// Names follow Prometheus's conventions: a `berth_` prefix, base units (seconds, bytes),
// `_total` for counters. Thread-safe: OnCall runs on every I/O thread at once.

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <chrono>
#include <functional>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "pipeline/call_record.h"

namespace berth::observability {

class BerthMetrics final : public pipeline::CallObserver {
 public:
  BerthMetrics();

  // Counts and times the call; never holds its response (returns nullptr).
  std::shared_ptr<Commitment> OnCall(const pipeline::CallRecord& record) override;

  // One group commit of the audit journal: how many events it made durable, how long it took.
  void ObserveAuditCommit(size_t events, std::chrono::nanoseconds took, bool ok);

  // Gauges a scrape refreshes first (storage sizes, uploads, memory): set by the App.
  prometheus::Family<prometheus::Gauge>& storage_bytes() { return storage_bytes_; }
  prometheus::Gauge& blob_store_bytes() { return blob_store_bytes_; }
  prometheus::Gauge& blob_store_blobs() { return blob_store_blobs_; }
  prometheus::Gauge& active_uploads() { return active_uploads_; }
  prometheus::Gauge& sqlite_memory_bytes() { return sqlite_memory_bytes_; }
  // Called at the start of every scrape, to refresh the gauges above. Set once, before serving.
  void OnScrape(std::function<void(BerthMetrics&)> refresh) { refresh_ = std::move(refresh); }

  // Everything, in the text exposition format (version 0.0.4).
  std::string Scrape();

 private:
  // The series of one call's labels, found once: Family::Add builds a metric before it looks
  // the labels up, too costly for every call.
  prometheus::Counter& RequestCounter(const std::string& service, const std::string& operation,
                                      int status);
  prometheus::Histogram& DurationHistogram(const std::string& service,
                                           const std::string& operation);

  std::shared_ptr<prometheus::Registry> registry_;
  std::shared_mutex series_mu_;
  std::unordered_map<std::string, prometheus::Counter*> counters_;      // GUARDED_BY(series_mu_)
  std::unordered_map<std::string, prometheus::Histogram*> histograms_;  // GUARDED_BY(series_mu_)
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Histogram>& durations_;
  prometheus::Histogram& commit_seconds_;
  prometheus::Histogram& commit_events_;
  prometheus::Counter& commit_failures_;
  prometheus::Family<prometheus::Gauge>& storage_bytes_;
  prometheus::Gauge& blob_store_bytes_;
  prometheus::Gauge& blob_store_blobs_;
  prometheus::Gauge& active_uploads_;
  prometheus::Gauge& sqlite_memory_bytes_;
  prometheus::Gauge& resident_bytes_;
  prometheus::Gauge& resident_anon_bytes_;
  prometheus::Gauge& virtual_bytes_;
  prometheus::Gauge& open_fds_;
  prometheus::Gauge& start_time_;
  std::function<void(BerthMetrics&)> refresh_;
};

}  // namespace berth::observability
