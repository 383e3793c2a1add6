#pragma once
// HTTP-neutral request and response values: what the server (http/) hands the pipeline and
// gets back. No Beast types appear above http/.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace berth {

struct Header {
  std::string name;  // lower-case
  std::string value;
};

struct RequestHead {
  std::string method;         // "GET", "POST", …
  std::string path;           // raw, still percent-encoded, without the query
  std::string query;          // raw query string without '?', may be empty
  std::vector<Header> headers;  // arrival order; repeated names kept as separate entries
  std::string remote_ip;      // peer address, e.g. "127.0.0.1"

  // First header with this lower-case name, or nullptr.
  const std::string* Find(std::string_view lower_name) const {
    for (const auto& h : headers)
      if (h.name == lower_name) return &h.value;
    return nullptr;
  }
};

// Receives a request body piece by piece, in order, as it arrives, so an upload of any size
// passes through constant memory. Write's first error stops the read (the connection is then
// closed after the answer, as the rest of the body was never read).
class BodySink {
 public:
  virtual ~BodySink() = default;
  virtual Status Write(std::string_view chunk) = 0;
};

struct Request {
  RequestHead head;
  std::string body;  // the whole body, read up to the operation's limit (when not streamed)
  // When the body was streamed: the sink it went to, and how that went (the first error of
  // a Write, or a body that ended early).
  std::unique_ptr<BodySink> sink;
  Status sink_status;
};

// A region of a file sent as the response body (downloads), so large bodies never sit in memory.
struct FileRange {
  std::string path;
  uint64_t offset = 0;
  uint64_t length = 0;
};

// A promise that a call's durable effects (its audit record) will be committed. The server
// sends the response only once it is kept, without holding its I/O thread meanwhile: many
// calls wait on one commit (and one fsync), as LevelDB's writers do.
class Commitment {
 public:
  virtual ~Commitment() = default;
  // Calls `done` exactly once, from any thread, when the commit happened (ok) or failed.
  virtual void WhenDurable(std::function<void(bool ok)> done) = 0;
};

struct Response {
  int status = 200;
  std::vector<Header> headers;  // Content-Length is set by the server
  std::string body;
  std::optional<FileRange> file;  // when set, sent instead of body
  // When set, the response leaves only once this is kept; when it is not, the server answers
  // RequestHandler::NotDurable(this response) instead.
  std::shared_ptr<Commitment> durable;
  // Which wire answered, numbered by the handler (opaque to the server): how NotDurable knows
  // the protocol the request spoke without keeping the request.
  uint8_t wire = 0;

  void SetHeader(std::string name, std::string value) {
    headers.push_back({std::move(name), std::move(value)});
  }
};

}  // namespace berth
