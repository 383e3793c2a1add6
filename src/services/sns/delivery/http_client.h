#pragma once
// The HTTP/1.1 client SNS delivers with (Boost.Beast; OpenSSL for https, verifying the
// endpoint's certificate against the system's trust store as AWS does). Keeps the last plain
// connection open for the next POST to the same host. Not thread-safe: one per delivery thread.

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace berth::services::sns {

struct HttpUrl {
  bool tls = false;
  std::string host;
  std::string port;
  std::string target;  // path and query, "/" at least
};

// http:// or https:// URLs with a host. InvalidParameter otherwise.
Result<HttpUrl> ParseHttpUrl(std::string_view url);

struct HttpPost {
  HttpUrl url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

class HttpClient {
 public:
  HttpClient();
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // POSTs and reads the answer's status; an error when the endpoint could not be reached or
  // did not answer within `timeout` (connect, write and read together; name resolution aside).
  Result<int> Post(const HttpPost& post, std::chrono::milliseconds timeout);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace berth::services::sns
