#include "observability/metrics_endpoint.h"

namespace berth::observability {
namespace {

constexpr std::string_view kPath = "/metrics";

// A presigned URL's signature in the query (SigV4's X-Amz-Signature, SigV2's Signature).
bool PresignedQuery(std::string_view query) {
  for (std::string_view name : {"X-Amz-Signature=", "Signature=", "X-Amz-Credential="}) {
    for (size_t at = query.find(name); at != std::string_view::npos;
         at = query.find(name, at + 1)) {
      if (at == 0 || query[at - 1] == '&') return true;
    }
  }
  return false;
}

}  // namespace

bool IsLoopback(std::string_view ip) {
  if (ip == "::1") return true;
  if (ip.substr(0, 7) == "::ffff:") ip.remove_prefix(7);
  return ip.substr(0, 4) == "127.";
}

bool MetricsEndpoint::Matches(const RequestHead& head) const {
  if (access_ == MetricsAccess::kOff) return false;
  if (head.path != kPath || (head.method != "GET" && head.method != "HEAD")) return false;
  if (head.Find("authorization") != nullptr || PresignedQuery(head.query)) return false;
  return access_ == MetricsAccess::kAny || IsLoopback(head.remote_ip);
}

Response MetricsEndpoint::Handle() {
  Response response;
  response.SetHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
  response.SetHeader("Cache-Control", "no-store");
  response.body = metrics_.Scrape();  // the server sends a HEAD's headers only
  return response;
}

}  // namespace berth::observability
