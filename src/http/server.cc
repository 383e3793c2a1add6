#include "http/server.h"

#include <sys/resource.h>
#include <sys/sendfile.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <vector>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "core/thread_name.h"
#include "core/unique_fd.h"
#include "http/session_registry.h"

namespace berth::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using asio::awaitable;
using asio::use_awaitable;
constexpr auto kNoThrow = asio::as_tuple(use_awaitable);

RequestHead ToHead(const bhttp::request_parser<bhttp::empty_body>& parser,
                   const std::string& remote_ip) {
  const auto& msg = parser.get();
  RequestHead head;
  head.method = std::string(msg.method_string());
  std::string_view target = msg.target();
  auto q = target.find('?');
  head.path = std::string(target.substr(0, q));
  if (q != std::string_view::npos) head.query = std::string(target.substr(q + 1));
  head.headers.reserve(16);
  for (const auto& field : msg) {
    std::string name(field.name_string());
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    head.headers.push_back({std::move(name), std::string(field.value())});
  }
  head.remote_ip = remote_ip;
  return head;
}

// Fills a Beast response header from ours. Content-Length is ours to set, never the handler's.
// `request_version` 10 or 11: an HTTP/1.0 client keeps the connection only when the answer says
// `Connection: keep-alive` (HTTP/1.1 is the default the status line keeps, as nginx's does).
template <class Body>
void CopyHeaders(const Response& from, bhttp::response<Body>& to, bool keep_alive,
                 unsigned request_version) {
  to.result(static_cast<unsigned>(from.status));
  for (const auto& h : from.headers) {
    if (beast::iequals(h.name, "content-length") || beast::iequals(h.name, "connection")) continue;
    to.insert(h.name, h.value);
  }
  to.set(bhttp::field::server, "berth");
  to.keep_alive(keep_alive);
  if (keep_alive && request_version < 11) to.set(bhttp::field::connection, "keep-alive");
}

// A message printed at most once per interval, with the count of those not printed since: a
// condition that lasts (no descriptors left) must not turn into a log flood.
class ThrottledLog {
 public:
  explicit ThrottledLog(std::chrono::seconds interval) : interval_(interval) {}
  void Note(const std::string& message) {
    const auto now = std::chrono::steady_clock::now();
    if (logged_ && now - last_ < interval_) {
      ++unlogged_;
      return;
    }
    if (unlogged_ > 0) {
      std::fprintf(stderr, "berth: %s (%llu more times in the last %llds)\n", message.c_str(),
                   static_cast<unsigned long long>(unlogged_),
                   static_cast<long long>(std::chrono::duration_cast<std::chrono::seconds>(
                                              now - last_).count()));
    } else {
      std::fprintf(stderr, "berth: %s\n", message.c_str());
    }
    logged_ = true;
    last_ = now;
    unlogged_ = 0;
  }

 private:
  const std::chrono::seconds interval_;
  bool logged_ = false;
  std::chrono::steady_clock::time_point last_{};
  uint64_t unlogged_ = 0;
};

bool IsOutOfDescriptors(const beast::error_code& ec) {
  return ec == asio::error::no_descriptors || ec == asio::error::no_buffer_space ||
         ec == asio::error::no_memory ||
         (ec.category() == asio::error::get_system_category() && ec.value() == ENFILE);
}

}  // namespace

size_t DefaultMaxConnections() {
  struct rlimit limit {};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return 16384;
  return std::clamp<size_t>(static_cast<size_t>(limit.rlim_cur) / 4 * 3, 16, 16384);
}

struct Server::Impl {
  ServerOptions options;
  RequestHandler& handler;
  // One io_context per I/O thread (Beast's "fast" server layout): a connection lives on one
  // thread for its whole life, so its handlers need no strand and the contexts no locking.
  std::vector<std::unique_ptr<asio::io_context>> contexts;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> keep_running;
  asio::io_context& ioc;  // the first context: acceptor, signals, shutdown
  size_t next_context = 0;
  tcp::acceptor acceptor;
  asio::signal_set signals;
  SessionRegistry sessions;
  std::atomic<bool> stopping{false};
  uint16_t bound_port = 0;

  Impl(const ServerOptions& opts, RequestHandler& h, int threads)
      : options(opts),
        handler(h),
        contexts(MakeContexts(threads)),
        ioc(*contexts.front()),
        acceptor(ioc),
        signals(ioc) {
    for (auto& c : contexts) keep_running.push_back(asio::make_work_guard(*c));
  }

  static std::vector<std::unique_ptr<asio::io_context>> MakeContexts(int n) {
    std::vector<std::unique_ptr<asio::io_context>> out;
    for (int i = 0; i < n; ++i) out.push_back(std::make_unique<asio::io_context>(1));
    return out;
  }
  void StopAll() {
    for (auto& c : contexts) c->stop();
  }

  awaitable<void> Accept();
  awaitable<void> Session(beast::tcp_stream stream, std::shared_ptr<SessionState> state);
  awaitable<bool> WriteFileBody(beast::tcp_stream& stream, const FileRange& range);
  awaitable<bool> SendContinueIfExpected(beast::tcp_stream& stream, const RequestHead& head);
  awaitable<void> DrainBriefly(beast::tcp_stream& stream);
  awaitable<Status> StreamBody(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                               bhttp::request_parser<bhttp::empty_body>&& head_parser,
                               BodySink& sink, bool* read_whole);
  awaitable<void> DrainThenStop();
  // Answers 400 to a request that breaks HTTP's framing; the connection is then closed.
  awaitable<void> RefuseMalformed(beast::tcp_stream& stream);
  // Suspends the connection (not its thread) until the commitment is kept; true when it was.
  static awaitable<bool> AwaitDurable(Commitment& commitment);
  void BeginShutdown();
};

awaitable<void> Server::Impl::Accept() {
  asio::steady_timer pause(ioc);
  auto backoff = options.accept_backoff_first;
  ThrottledLog out_of_descriptors(options.accept_log_interval);
  ThrottledLog at_cap(options.accept_log_interval);
  ThrottledLog other_failure(options.accept_log_interval);
  for (;;) {
    if (sessions.Count() >= options.max_connections) {
      // At the cap, a connection is accepted only once one ends: wait until a client is
      // waiting, then make room by closing the longest-idle keep-alive connection. Until then
      // the newcomer waits in the listen backlog.
      auto [wait_ec] = co_await acceptor.async_wait(tcp::acceptor::wait_read, kNoThrow);
      if (stopping || wait_ec == asio::error::operation_aborted) co_return;
      if (sessions.Count() >= options.max_connections) {
        if (!sessions.ShedLongestIdle()) {
          at_cap.Note("at the connection limit (" + std::to_string(options.max_connections) +
                      ", --max-connections) with every connection busy; new ones wait");
        }
        pause.expires_after(std::chrono::milliseconds(10));  // for the shed one to close
        co_await pause.async_wait(kNoThrow);
        if (stopping) co_return;
        continue;
      }
    }
    asio::io_context& target = *contexts[next_context++ % contexts.size()];
    auto [ec, socket] = co_await acceptor.async_accept(target, kNoThrow);
    if (ec) {
      if (stopping || ec == asio::error::operation_aborted) co_return;
      if (IsOutOfDescriptors(ec)) {
        // Retrying at once would spin: the pending connection stays readable. Free a
        // descriptor (an idle connection) and back off.
        sessions.ShedLongestIdle();
        out_of_descriptors.Note("accept failed: " + ec.message() +
                                "; closing idle connections and retrying after " +
                                std::to_string(backoff.count()) + " ms");
        pause.expires_after(backoff);
        co_await pause.async_wait(kNoThrow);
        if (stopping) co_return;
        backoff = std::min(backoff * 2, options.accept_backoff_last);
      } else {
        // A connection reset before it was accepted, and similar: one client's trouble.
        other_failure.Note("accept failed: " + ec.message());
      }
      continue;
    }
    backoff = options.accept_backoff_first;
    socket.set_option(tcp::no_delay(true), ec);
    auto executor = socket.get_executor();
    auto state = std::make_shared<SessionState>(executor);
    beast::tcp_stream stream(std::move(socket));
    sessions.Add(state);
    asio::co_spawn(executor, Session(std::move(stream), state),
                   [this, state](std::exception_ptr e) {
                     sessions.Remove(state);
                     if (e) {
                       try {
                         std::rethrow_exception(e);
                       } catch (const std::exception& ex) {
                         std::fprintf(stderr, "berth: connection ended by error: %s\n", ex.what());
                       }
                     }
                   });
  }
}

awaitable<void> Server::Impl::Session(beast::tcp_stream stream,
                                      std::shared_ptr<SessionState> state) {
  state->Attach(stream);  // the frame's stream, whose address is stable from here on
  // However the session ends (even by an exception), the state forgets the stream before the
  // frame that holds it is destroyed.
  struct DetachOnExit {
    SessionState& state;
    ~DetachOnExit() { state.Detach(); }
  } detach_on_exit{*state};
  std::string remote_ip;
  {
    beast::error_code ec;
    auto endpoint = stream.socket().remote_endpoint(ec);
    if (!ec) remote_ip = endpoint.address().to_string();
  }
  beast::flat_buffer buffer;
  for (;;) {
    if (stopping) break;
    state->SetBusy(false);
    bhttp::request_parser<bhttp::empty_body> head_parser;
    head_parser.header_limit(options.max_header_bytes);
    // The body limit is the operation's, applied once the head is known; without this Beast
    // would refuse a large declared body while reading the head, before we can answer it.
    head_parser.body_limit(boost::none);
    stream.expires_after(options.keep_alive_timeout);
    auto [head_ec, head_bytes] =
        co_await bhttp::async_read_header(stream, buffer, head_parser, kNoThrow);
    if (head_ec) {
      if (head_ec == bhttp::error::header_limit) {
        bhttp::response<bhttp::string_body> res{bhttp::status::request_header_fields_too_large,
                                                11};
        res.keep_alive(false);
        res.prepare_payload();
        stream.expires_after(options.write_timeout);
        co_await bhttp::async_write(stream, res, kNoThrow);
      } else if (head_ec != bhttp::error::end_of_stream && head_ec != beast::error::timeout &&
                 head_ec != asio::error::operation_aborted &&
                 head_ec != asio::error::connection_reset && head_ec != asio::error::eof) {
        co_await RefuseMalformed(stream);
      }
      break;
    }
    state->SetBusy(true);
    RequestHead head = ToHead(head_parser, remote_ip);
    const bool head_only = head.method == "HEAD";
    const unsigned version = head_parser.get().version();
    const uint64_t limit = handler.BodyLimit(head);
    auto declared = head_parser.content_length();

    Response response;
    bool keep_alive = head_parser.keep_alive();
    bool linger = false;
    std::unique_ptr<BodySink> sink = handler.OpenSink(head);
    if (sink) {
      if (!co_await SendContinueIfExpected(stream, head)) break;
      bool read_whole = false;
      Status sink_status = co_await StreamBody(stream, buffer, std::move(head_parser), *sink,
                                               &read_whole);
      if (!read_whole) {
        keep_alive = false;  // unread body bytes would poison the connection
        linger = true;
      }
      Request request{std::move(head), {}, std::move(sink), std::move(sink_status)};
      response = handler.Handle(std::move(request));
    } else if (declared && *declared > limit) {
      // Refuse before reading a byte of it; the connection cannot be reused because the body
      // is still in flight.
      response = handler.TooLarge(head, limit);
      keep_alive = false;
      linger = true;
    } else {
      if (!co_await SendContinueIfExpected(stream, head)) break;
      bhttp::request_parser<bhttp::string_body> parser(std::move(head_parser));
      parser.body_limit(limit);
      // As for streamed bodies: room for large reads, instead of 512 bytes at a time.
      if (declared && *declared > 0) buffer.reserve(std::min<uint64_t>(*declared, 64 * 1024));
      stream.expires_after(options.read_timeout);
      auto [body_ec, body_bytes] = co_await bhttp::async_read(stream, buffer, parser, kNoThrow);
      if (body_ec == bhttp::error::body_limit) {
        response = handler.TooLarge(head, limit);
        keep_alive = false;
        linger = true;
      } else if (body_ec) {
        // A body that breaks HTTP's framing (a malformed chunk size) is answered like a
        // malformed head; a timeout or reset has no one to answer.
        if (body_ec.category() == bhttp::make_error_code(bhttp::error::bad_chunk).category() &&
            body_ec != bhttp::error::partial_message && body_ec != bhttp::error::end_of_stream) {
          co_await RefuseMalformed(stream);
        }
        break;
      } else {
        Request request{std::move(head), std::move(parser.get().body())};
        response = handler.Handle(std::move(request));
      }
    }
    if (response.durable) {
      const bool kept = co_await AwaitDurable(*response.durable);
      if (!kept) response = handler.NotDurable(std::move(response));
    }
    if (stopping) keep_alive = false;

    stream.expires_after(options.write_timeout);
    if (response.file) {
      bhttp::response<bhttp::empty_body> res;
      CopyHeaders(response, res, keep_alive, version);
      res.content_length(response.file->length);
      bhttp::response_serializer<bhttp::empty_body> serializer(res);
      auto [ec, n] = co_await bhttp::async_write_header(stream, serializer, kNoThrow);
      if (ec) break;
      if (!head_only && !co_await WriteFileBody(stream, *response.file)) break;
    } else {
      bhttp::response<bhttp::string_body> res;
      CopyHeaders(response, res, keep_alive, version);
      const auto length = response.body.size();
      if (!head_only) res.body() = std::move(response.body);
      res.content_length(length);
      bhttp::response_serializer<bhttp::string_body> serializer(res);
      if (head_only) {
        auto [ec, n] = co_await bhttp::async_write_header(stream, serializer, kNoThrow);
        if (ec) break;
      } else {
        auto [ec, n] = co_await bhttp::async_write(stream, serializer, kNoThrow);
        if (ec) break;
      }
    }
    if (!keep_alive) {
      if (linger) co_await DrainBriefly(stream);
      break;
    }
  }
  state->SetBusy(false);
  beast::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  stream.close();
}

awaitable<void> Server::Impl::RefuseMalformed(beast::tcp_stream& stream) {
  bhttp::response<bhttp::string_body> res{bhttp::status::bad_request, 11};
  res.set(bhttp::field::content_type, "text/plain");
  res.body() = "malformed HTTP request\n";
  res.keep_alive(false);
  res.prepare_payload();
  stream.expires_after(options.write_timeout);
  co_await bhttp::async_write(stream, res, kNoThrow);
}

awaitable<bool> Server::Impl::AwaitDurable(Commitment& commitment) {
  auto executor = co_await asio::this_coro::executor;
  co_return co_await asio::async_initiate<decltype(use_awaitable), void(bool)>(
      [&commitment, executor](auto handler) {
        // std::function needs a copyable callable; the handler is move-only.
        auto shared = std::make_shared<decltype(handler)>(std::move(handler));
        commitment.WhenDurable([shared, executor](bool ok) {
          asio::post(executor, [shared, ok]() mutable { (*shared)(ok); });
        });
      },
      use_awaitable);
}

Response RequestHandler::NotDurable(Response&& /*response*/) {
  Response response;
  response.status = 500;
  return response;
}

// A "lingering close" (as nginx does): after answering a request whose body we stopped
// reading, read and drop what the client still sends for a moment, so closing with unread
// data does not reset the connection before the client has read our answer.
awaitable<void> Server::Impl::DrainBriefly(beast::tcp_stream& stream) {
  constexpr size_t kMaxDrain = 4 << 20;
  beast::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  std::vector<char> sink(64 * 1024);
  size_t drained = 0;
  stream.expires_after(std::chrono::seconds(2));
  while (drained < kMaxDrain) {
    auto [read_ec, n] = co_await stream.async_read_some(asio::buffer(sink), kNoThrow);
    if (read_ec) break;
    drained += n;
  }
}

// Answers `Expect: 100-continue` so the client sends its body; false when the write failed.
awaitable<bool> Server::Impl::SendContinueIfExpected(beast::tcp_stream& stream,
                                                     const RequestHead& head) {
  const std::string* expect = head.Find("expect");
  if (expect == nullptr || !beast::iequals(*expect, "100-continue")) co_return true;
  bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, 11};
  stream.expires_after(options.write_timeout);
  auto [ec, n] = co_await bhttp::async_write(stream, cont, kNoThrow);
  co_return !ec;
}

// Reads the body in 64 KiB pieces (Beast's buffer_body) and hands each to the sink, so any
// size passes through constant memory. Stops at the sink's first error; *read_whole says
// whether the body was read to its end.
awaitable<Status> Server::Impl::StreamBody(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                           bhttp::request_parser<bhttp::empty_body>&& head_parser,
                                           BodySink& sink, bool* read_whole) {
  constexpr size_t kChunk = 64 * 1024;
  std::vector<char> chunk(kChunk);
  // Beast sizes each socket read by the free space of `buffer`, which after a head is small:
  // without room reserved, a body arrives 512 bytes per read (and per timer reset).
  buffer.reserve(kChunk);
  bhttp::request_parser<bhttp::buffer_body> parser(std::move(head_parser));
  parser.body_limit(boost::none);
  *read_whole = false;
  while (!parser.is_done()) {
    parser.get().body().data = chunk.data();
    parser.get().body().size = chunk.size();
    stream.expires_after(options.read_timeout);
    auto [ec, n] = co_await bhttp::async_read(stream, buffer, parser, kNoThrow);
    if (ec == bhttp::error::need_buffer) ec = {};
    if (ec) co_return Error{"IncompleteBody", "the request body ended early: " + ec.message(), 400};
    const size_t got = chunk.size() - parser.get().body().size;
    if (got > 0) {
      Status written = sink.Write(std::string_view(chunk.data(), got));
      if (!written.ok()) co_return written;
    }
  }
  *read_whole = true;
  co_return Ok();
}

// Sends a file region with sendfile(2): the bytes go from the page cache to the socket without
// passing through user space, so a 2 GB layer costs no memory.
awaitable<bool> Server::Impl::WriteFileBody(beast::tcp_stream& stream, const FileRange& range) {
  const UniqueFd fd(::open(range.path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) co_return false;
  auto& socket = stream.socket();
  socket.native_non_blocking(true);
  off_t offset = static_cast<off_t>(range.offset);
  uint64_t remaining = range.length;
  while (remaining > 0) {
    const size_t chunk = static_cast<size_t>(std::min<uint64_t>(remaining, 1 << 20));
    ssize_t sent = ::sendfile(socket.native_handle(), fd.get(), &offset, chunk);
    if (sent > 0) {
      remaining -= static_cast<uint64_t>(sent);
      stream.expires_after(options.write_timeout);
      continue;
    }
    if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      auto [ec] = co_await socket.async_wait(tcp::socket::wait_write, kNoThrow);
      if (ec) co_return false;
      continue;
    }
    if (sent < 0 && errno == EINTR) continue;
    co_return false;  // error, or the file shrank under us (cannot happen to a stored blob)
  }
  co_return true;
}

// In-flight calls get `shutdown_grace` to finish; then the io_context is stopped under the rest.
awaitable<void> Server::Impl::DrainThenStop() {
  const auto deadline = std::chrono::steady_clock::now() + options.shutdown_grace;
  asio::steady_timer timer(co_await asio::this_coro::executor);
  while (sessions.Count() > 0 && std::chrono::steady_clock::now() < deadline) {
    timer.expires_after(std::chrono::milliseconds(20));
    co_await timer.async_wait(kNoThrow);
  }
  StopAll();
}

void Server::Impl::BeginShutdown() {
  if (stopping.exchange(true)) return;
  asio::post(ioc, [this] {
    beast::error_code ec;
    acceptor.close(ec);
    signals.cancel(ec);
    sessions.CancelIdle();
    asio::co_spawn(ioc, DrainThenStop(), asio::detached);
  });
}

Result<std::unique_ptr<Server>> Server::Bind(const ServerOptions& options,
                                             RequestHandler& handler) {
  int threads = options.threads > 0
                    ? options.threads
                    : std::max(2, static_cast<int>(std::thread::hardware_concurrency()));
  auto impl = std::make_unique<Impl>(options, handler, threads);
  impl->options.threads = threads;
  if (impl->options.max_connections == 0) impl->options.max_connections = DefaultMaxConnections();
  beast::error_code ec;
  auto address = asio::ip::make_address(options.address, ec);
  if (ec) return Error{"InvalidListenAddress", "cannot parse address " + options.address, 0};
  tcp::endpoint endpoint(address, options.port);
  impl->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl->acceptor.bind(endpoint, ec);
  if (!ec) impl->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Error{"ListenFailed",
                 "cannot listen on " + options.address + ":" + std::to_string(options.port) +
                     ": " + ec.message(),
                 0};
  }
  impl->bound_port = impl->acceptor.local_endpoint().port();
  // A client that hangs up mid-response must cost its connection, not the process: sendfile(2)
  // (unlike Asio's own sends, which pass MSG_NOSIGNAL) raises SIGPIPE on a closed socket.
  std::signal(SIGPIPE, SIG_IGN);
  // SIGINT/SIGTERM are taken from here on, before the caller announces the port: one that
  // arrives before Run() waits for it is queued by the signal_set, not fatal.
  impl->signals.add(SIGINT, ec);
  if (!ec) impl->signals.add(SIGTERM, ec);
  if (ec) return Error{"SignalsFailed", "cannot handle SIGINT/SIGTERM: " + ec.message(), 0};
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() = default;

uint16_t Server::port() const { return impl_->bound_port; }

void Server::Stop() { impl_->BeginShutdown(); }

void Server::Run() {
  Impl& s = *impl_;
  s.signals.async_wait([&s](const beast::error_code& ec, int) {
    if (!ec) s.BeginShutdown();
  });
  asio::co_spawn(s.ioc, s.Accept(), asio::detached);

  std::vector<std::thread> threads;
  for (size_t i = 1; i < s.contexts.size(); ++i) {
    threads.emplace_back([&s, i] {
      NameThisThread("http-io");
      s.contexts[i]->run();
    });
  }
  s.ioc.run();
  for (auto& t : threads) t.join();
}

}  // namespace berth::http
