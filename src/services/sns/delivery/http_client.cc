#include "services/sns/delivery/http_client.h"

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <optional>

#include "services/sns/model/errors.h"

namespace berth::services::sns {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

Error Unreachable(const std::string& why) { return Error{"DeliveryFailed", why, 502}; }

http::request<http::string_body> MakeRequest(const HttpPost& post) {
  http::request<http::string_body> req{http::verb::post, post.url.target, 11};
  const bool default_port = post.url.port == (post.url.tls ? "443" : "80");
  req.set(http::field::host, default_port ? post.url.host : post.url.host + ":" + post.url.port);
  for (const auto& [name, value] : post.headers) req.set(name, value);
  req.body() = post.body;
  req.prepare_payload();
  req.keep_alive(true);
  return req;
}

template <typename Stream>
asio::awaitable<int> Exchange(Stream& stream, const HttpPost& post, bool* keep_alive) {
  auto req = MakeRequest(post);
  co_await http::async_write(stream, req, asio::use_awaitable);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(1 << 20);  // the answer is not read; a huge one is cut off
  co_await http::async_read(stream, buffer, parser, asio::use_awaitable);
  *keep_alive = parser.get().keep_alive();
  co_return static_cast<int>(parser.get().result_int());
}

}  // namespace

Result<HttpUrl> ParseHttpUrl(std::string_view url) {
  HttpUrl out;
  std::string_view rest;
  if (url.substr(0, 7) == "http://") {
    rest = url.substr(7);
  } else if (url.substr(0, 8) == "https://") {
    out.tls = true;
    rest = url.substr(8);
  } else {
    return errors::InvalidParameter("Endpoint must match the specified protocol");
  }
  const size_t slash = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, slash);
  out.target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (!out.target.empty() && out.target[0] != '/') out.target = "/" + out.target;
  if (const size_t hash = out.target.find('#'); hash != std::string::npos) out.target.resize(hash);
  if (authority.find('@') != std::string_view::npos) authority = authority.substr(authority.find('@') + 1);
  std::string_view host = authority;
  std::string_view port;
  if (!authority.empty() && authority[0] == '[') {  // [v6]:port
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return errors::InvalidParameter("Endpoint");
    host = authority.substr(1, close - 1);
    if (close + 1 < authority.size() && authority[close + 1] == ':') port = authority.substr(close + 2);
  } else if (const size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty() || host.find_first_of(" \t\r\n") != std::string_view::npos) {
    return errors::InvalidParameter("Endpoint must match the specified protocol");
  }
  if (!port.empty() && (port.size() > 5 || port.find_first_not_of("0123456789") != std::string_view::npos)) {
    return errors::InvalidParameter("Endpoint must match the specified protocol");
  }
  out.host = std::string(host);
  out.port = port.empty() ? (out.tls ? "443" : "80") : std::string(port);
  return out;
}

struct HttpClient::Impl {
  asio::io_context io;
  asio::ssl::context tls{asio::ssl::context::tls_client};
  // The kept-alive plain connection and whom it goes to.
  std::optional<beast::tcp_stream> plain;
  std::string plain_peer;

  Impl() {
    tls.set_default_verify_paths();
    tls.set_verify_mode(asio::ssl::verify_peer);
  }

  // Runs one coroutine to completion on this thread's io_context. Every socket operation is
  // bounded by its stream's expiry (connect, write and read together), so this ends within
  // the timeout once the name is resolved; the coroutine is never abandoned half-way (its
  // frame refers to this call's state).
  Result<int> Run(asio::awaitable<int> work) {
    std::optional<Result<int>> outcome;
    asio::co_spawn(io, std::move(work), [&](std::exception_ptr e, int status) {
      if (!e) {
        outcome = status;
        return;
      }
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        outcome = Unreachable(ex.what());
      } catch (...) {
        outcome = Unreachable("delivery failed");
      }
    });
    io.restart();
    io.run();
    if (!outcome) return Unreachable("delivery failed");
    return *outcome;
  }

  asio::awaitable<int> Plain(const HttpPost& post, std::chrono::milliseconds timeout,
                             bool reuse) {
    const std::string peer = post.url.host + ":" + post.url.port;
    if (!reuse || !plain || plain_peer != peer) {
      plain.reset();
      tcp::resolver resolver(io);
      auto endpoints = co_await resolver.async_resolve(post.url.host, post.url.port,
                                                       asio::use_awaitable);
      plain.emplace(io);
      plain_peer = peer;
      plain->expires_after(timeout);
      co_await plain->async_connect(endpoints, asio::use_awaitable);
    }
    plain->expires_after(timeout);
    bool keep_alive = false;
    const int status = co_await Exchange(*plain, post, &keep_alive);
    if (!keep_alive) plain.reset();
    co_return status;
  }

  asio::awaitable<int> Tls(const HttpPost& post, std::chrono::milliseconds timeout) {
    tcp::resolver resolver(io);
    auto endpoints = co_await resolver.async_resolve(post.url.host, post.url.port,
                                                     asio::use_awaitable);
    beast::ssl_stream<beast::tcp_stream> stream(io, tls);
    if (!SSL_set_tlsext_host_name(stream.native_handle(), post.url.host.c_str())) {
      throw beast::system_error(beast::error_code(static_cast<int>(::ERR_get_error()),
                                                  asio::error::get_ssl_category()));
    }
    stream.set_verify_callback(asio::ssl::host_name_verification(post.url.host));
    beast::get_lowest_layer(stream).expires_after(timeout);
    co_await beast::get_lowest_layer(stream).async_connect(endpoints, asio::use_awaitable);
    co_await stream.async_handshake(asio::ssl::stream_base::client, asio::use_awaitable);
    bool keep_alive = false;
    const int status = co_await Exchange(stream, post, &keep_alive);
    beast::error_code ignored;
    beast::get_lowest_layer(stream).socket().shutdown(tcp::socket::shutdown_both, ignored);
    co_return status;
  }
};

HttpClient::HttpClient() : impl_(std::make_unique<Impl>()) {}
HttpClient::~HttpClient() = default;

Result<int> HttpClient::Post(const HttpPost& post, std::chrono::milliseconds timeout) {
  if (post.url.tls) return impl_->Run(impl_->Tls(post, timeout));
  const bool had_connection = impl_->plain.has_value();
  auto status = impl_->Run(impl_->Plain(post, timeout, /*reuse=*/true));
  // A kept-alive connection the endpoint has closed meanwhile fails at once: try a new one.
  if (!status.ok() && had_connection) {
    impl_->plain.reset();
    status = impl_->Run(impl_->Plain(post, timeout, /*reuse=*/false));
  }
  if (!status.ok()) impl_->plain.reset();
  return status;
}

}  // namespace berth::services::sns
