#include "observability/berth_metrics.h"

#include <gtest/gtest.h>

namespace berth::observability {
namespace {

pipeline::CallRecord Call(std::string service, std::string operation, int status,
                          std::chrono::microseconds took) {
  pipeline::CallRecord record;
  record.service = std::move(service);
  record.operation = std::move(operation);
  record.http_status = status;
  record.duration = took;
  return record;
}

bool Has(const std::string& text, const std::string& line) {
  return text.find(line + "\n") != std::string::npos;
}

TEST(BerthMetrics, CountsCallsByServiceOperationAndStatus) {
  BerthMetrics metrics;
  for (int i = 0; i < 3; ++i)
    metrics.OnCall(Call("ecr", "DescribeRepositories", 200, std::chrono::microseconds(700)));
  metrics.OnCall(Call("ecr", "DescribeRepositories", 400, std::chrono::microseconds(300)));
  metrics.OnCall(Call("", "", 404, std::chrono::microseconds(50)));
  const std::string text = metrics.Scrape();
  EXPECT_TRUE(Has(text, "# TYPE berth_http_requests_total counter")) << text;
  EXPECT_TRUE(Has(text,
                  "berth_http_requests_total{operation=\"DescribeRepositories\","
                  "service=\"ecr\",status=\"200\"} 3"))
      << text;
  EXPECT_TRUE(Has(text,
                  "berth_http_requests_total{operation=\"DescribeRepositories\","
                  "service=\"ecr\",status=\"400\"} 1"))
      << text;
  EXPECT_TRUE(Has(text,
                  "berth_http_requests_total{operation=\"unknown\",service=\"unknown\","
                  "status=\"404\"} 1"))
      << text;
}

TEST(BerthMetrics, TimesCallsInSecondsBuckets) {
  BerthMetrics metrics;
  metrics.OnCall(Call("logs", "PutLogEvents", 200, std::chrono::microseconds(700)));
  metrics.OnCall(Call("logs", "PutLogEvents", 200, std::chrono::milliseconds(30)));
  const std::string text = metrics.Scrape();
  EXPECT_TRUE(Has(text, "# TYPE berth_request_duration_seconds histogram")) << text;
  EXPECT_TRUE(Has(text,
                  "berth_request_duration_seconds_count{operation=\"PutLogEvents\","
                  "service=\"logs\"} 2"))
      << text;
  EXPECT_TRUE(Has(text,
                  "berth_request_duration_seconds_bucket{operation=\"PutLogEvents\","
                  "service=\"logs\",le=\"0.001\"} 1"))
      << text;
  EXPECT_TRUE(Has(text,
                  "berth_request_duration_seconds_bucket{operation=\"PutLogEvents\","
                  "service=\"logs\",le=\"0.05\"} 2"))
      << text;
}

TEST(BerthMetrics, RecordsAuditCommitLatencyBatchSizeAndFailures) {
  BerthMetrics metrics;
  metrics.ObserveAuditCommit(40, std::chrono::microseconds(800), true);
  metrics.ObserveAuditCommit(2, std::chrono::milliseconds(3), false);
  const std::string text = metrics.Scrape();
  EXPECT_TRUE(Has(text, "berth_audit_commit_duration_seconds_count 2")) << text;
  EXPECT_TRUE(Has(text, "berth_audit_commit_batch_events_sum 42")) << text;
  EXPECT_TRUE(Has(text, "berth_audit_commit_failures_total 1")) << text;
}

TEST(BerthMetrics, RefreshesScrapeTimeGaugesFirst) {
  BerthMetrics metrics;
  int refreshed = 0;
  metrics.OnScrape([&](BerthMetrics& m) {
    ++refreshed;
    m.active_uploads().Set(7);
    m.storage_bytes().Add({{"store", "blobs"}}).Set(1024);
  });
  const std::string text = metrics.Scrape();
  EXPECT_EQ(refreshed, 1);
  EXPECT_TRUE(Has(text, "berth_active_uploads 7")) << text;
  EXPECT_TRUE(Has(text, "berth_storage_bytes{store=\"blobs\"} 1024")) << text;
}

}  // namespace
}  // namespace berth::observability
