#pragma once
// The HTTP/1.1 server: Boost.Beast on Asio, one coroutine per connection, a pool of I/O threads
// sharing one io_context. It knows nothing of AWS: it reads a request head, asks the handler how
// large a body it accepts, reads the body (bounded, with timeouts), calls the handler, and
// writes the response (string or file region, the latter with sendfile). Keep-alive, header and
// body limits, read timeouts, and graceful shutdown (stop accepting, let in-flight calls finish
// within a deadline, close idle keep-alive connections) live here.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "core/http_types.h"
#include "core/result.h"

namespace berth::http {

// Implemented above http/ (the app wraps the pipeline's dispatcher). Called concurrently from
// I/O threads: implementations are thread-safe.
class RequestHandler {
 public:
  virtual ~RequestHandler() = default;
  // Largest body the request may carry, decided from its head (per operation).
  virtual uint64_t BodyLimit(const RequestHead& head) = 0;
  // Where to stream this request's body (blob uploads), or nullptr to have it read whole, up
  // to BodyLimit, into Request::body. A streamed body has no limit but what the sink accepts.
  virtual std::unique_ptr<BodySink> OpenSink(const RequestHead& head) = 0;
  virtual Response Handle(Request&& request) = 0;
  // The answer to a request whose body exceeds BodyLimit (in the request's protocol shape).
  virtual Response TooLarge(const RequestHead& head, uint64_t limit) = 0;
  // The answer sent instead of `response` when its Commitment was not kept (the call's audit
  // record could not be made durable): by default a bare 500; a handler that knows the
  // request's protocol (Response::wire) answers in its shape.
  virtual Response NotDurable(Response&& response);
};

struct ServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 5000;  // 0 picks a free port
  int threads = 0;       // 0: one per core (at least 2)
  uint32_t max_header_bytes = 16 * 1024;
  std::chrono::seconds read_timeout{30};        // to receive a whole request once it started
  std::chrono::seconds keep_alive_timeout{60};  // idle time between requests
  std::chrono::seconds write_timeout{60};       // per write of a response
  std::chrono::seconds shutdown_grace{10};      // in-flight calls get this long on shutdown
  // Open connections at most (0: DefaultMaxConnections()). At the cap the longest-idle
  // keep-alive connection is closed to make room; when none is idle, new connections wait in
  // the listen backlog until one ends.
  size_t max_connections = 0;
  // When accept fails for want of descriptors (EMFILE, ENFILE, ENOBUFS, ENOMEM), the server
  // closes an idle connection and retries after a pause that doubles from the first to the
  // last, logging once per log interval (the count of failures since) instead of each time.
  std::chrono::milliseconds accept_backoff_first{10};
  std::chrono::milliseconds accept_backoff_last{1000};
  std::chrono::seconds accept_log_interval{10};
};

// Three quarters of the open-file limit (RLIMIT_NOFILE), the rest kept for berth's own files,
// between 16 and 16384.
size_t DefaultMaxConnections();

class Server {
 public:
  // Binds and listens (so the port is known on return); serves once Run() is called.
  static Result<std::unique_ptr<Server>> Bind(const ServerOptions& options,
                                              RequestHandler& handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  uint16_t port() const;
  // Serves on the I/O threads until Stop() or SIGINT/SIGTERM, then shuts down gracefully and
  // returns. Call once.
  void Run();
  // Begins graceful shutdown; thread-safe, idempotent, returns at once.
  void Stop();

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace berth::http
