#pragma once
// GET /metrics: berth's BerthMetrics in Prometheus's text exposition format, unauthenticated,
// to the clients `--metrics-access` allows (loopback only by default).
//
// The path is also S3's path-style URL of a bucket named "metrics" (ListObjects). The two are
// told apart as AWS would need them to be: only an unsigned GET or HEAD (no Authorization
// header, no presigned X-Amz-Signature/Signature in the query) from an allowed client is a
// scrape. Every signed request, and any request from a client not allowed, goes on to S3 as
// before: an unsigned ListObjects is one AWS answers 403 AccessDenied for a bucket without a
// public policy, which berth does not have, so a scrape takes nothing S3 would answer.
// Scrapes are not AWS calls: they reach no dispatcher, so no CloudTrail event records them and
// berth_http_requests_total does not count them.

#include <string_view>

#include "core/http_types.h"
#include "observability/berth_metrics.h"

namespace berth::observability {

enum class MetricsAccess {
  kLoopback,  // 127.0.0.0/8 and ::1 (also IPv4-mapped): the default
  kAny,       // every client that can reach the listener
  kOff,       // no endpoint: /metrics is S3's like any other path
};

// True for 127.0.0.0/8, ::1 and ::ffff:127.x.x.x.
bool IsLoopback(std::string_view ip);

class MetricsEndpoint {
 public:
  MetricsEndpoint(BerthMetrics& metrics, MetricsAccess access)
      : metrics_(metrics), access_(access) {}

  // Whether this request is a scrape (see above).
  bool Matches(const RequestHead& head) const;
  // 200 with the exposition (text/plain; version=0.0.4).
  Response Handle();

 private:
  BerthMetrics& metrics_;
  const MetricsAccess access_;
};

}  // namespace berth::observability
