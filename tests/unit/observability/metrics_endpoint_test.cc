#include "observability/metrics_endpoint.h"

#include <gtest/gtest.h>

namespace berth::observability {
namespace {

RequestHead Head(std::string method, std::string path, std::string remote_ip = "127.0.0.1",
                 std::string query = "") {
  RequestHead head;
  head.method = std::move(method);
  head.path = std::move(path);
  head.query = std::move(query);
  head.remote_ip = std::move(remote_ip);
  return head;
}

TEST(IsLoopback, AcceptsTheLoopbackRangesOnly) {
  EXPECT_TRUE(IsLoopback("127.0.0.1"));
  EXPECT_TRUE(IsLoopback("127.10.0.3"));
  EXPECT_TRUE(IsLoopback("::1"));
  EXPECT_TRUE(IsLoopback("::ffff:127.0.0.1"));
  EXPECT_FALSE(IsLoopback("10.0.0.1"));
  EXPECT_FALSE(IsLoopback("::ffff:192.168.1.2"));
  EXPECT_FALSE(IsLoopback("1270.0.0.1"));
  EXPECT_FALSE(IsLoopback(""));
}

TEST(MetricsEndpoint, TakesAnUnsignedGetOrHeadFromLoopback) {
  BerthMetrics metrics;
  MetricsEndpoint endpoint(metrics, MetricsAccess::kLoopback);
  EXPECT_TRUE(endpoint.Matches(Head("GET", "/metrics")));
  EXPECT_TRUE(endpoint.Matches(Head("HEAD", "/metrics", "::1")));
  EXPECT_FALSE(endpoint.Matches(Head("GET", "/metrics", "10.1.2.3")));
  EXPECT_FALSE(endpoint.Matches(Head("POST", "/metrics")));
  EXPECT_FALSE(endpoint.Matches(Head("GET", "/metrics/")));
  EXPECT_FALSE(endpoint.Matches(Head("GET", "/metrics/key")));
}

TEST(MetricsEndpoint, LeavesSignedAndPresignedRequestsToS3sBucketNamedMetrics) {
  BerthMetrics metrics;
  MetricsEndpoint endpoint(metrics, MetricsAccess::kAny);
  RequestHead signed_head = Head("GET", "/metrics");
  signed_head.headers.push_back({"authorization", "AWS4-HMAC-SHA256 Credential=AKID/..."});
  EXPECT_FALSE(endpoint.Matches(signed_head));
  EXPECT_FALSE(endpoint.Matches(
      Head("GET", "/metrics", "127.0.0.1", "list-type=2&X-Amz-Credential=a&X-Amz-Signature=b")));
  EXPECT_FALSE(endpoint.Matches(
      Head("GET", "/metrics", "127.0.0.1", "AWSAccessKeyId=a&Expires=1&Signature=b")));
  // A query that merely mentions a signature-like value is still a scrape.
  EXPECT_TRUE(endpoint.Matches(Head("GET", "/metrics", "127.0.0.1", "x=Signature=")));
}

TEST(MetricsEndpoint, AnyLetsOtherClientsScrapeAndOffTakesNothing) {
  BerthMetrics metrics;
  EXPECT_TRUE(
      MetricsEndpoint(metrics, MetricsAccess::kAny).Matches(Head("GET", "/metrics", "10.0.0.7")));
  EXPECT_FALSE(MetricsEndpoint(metrics, MetricsAccess::kOff).Matches(Head("GET", "/metrics")));
}

TEST(MetricsEndpoint, AnswersTheTextExposition) {
  BerthMetrics metrics;
  MetricsEndpoint endpoint(metrics, MetricsAccess::kLoopback);
  Response response = endpoint.Handle();
  EXPECT_EQ(response.status, 200);
  bool text = false;
  for (const auto& h : response.headers) {
    text = text || (h.name == "Content-Type" && h.value.rfind("text/plain; version=0.0.4", 0) == 0);
  }
  EXPECT_TRUE(text);
  EXPECT_NE(response.body.find("# TYPE process_resident_memory_bytes gauge"), std::string::npos);
}

}  // namespace
}  // namespace berth::observability
