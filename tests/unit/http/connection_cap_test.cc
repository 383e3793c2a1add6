// --max-connections (issue 16): at the cap the longest-idle keep-alive connection makes room
// for a new one; connections in the middle of a request are kept.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "http/server.h"

namespace berth::http {
namespace {

class OkHandler : public RequestHandler {
 public:
  uint64_t BodyLimit(const RequestHead&) override { return 64; }
  std::unique_ptr<BodySink> OpenSink(const RequestHead&) override { return nullptr; }
  Response Handle(Request&&) override {
    Response r;
    r.body = "ok";
    return r;
  }
  Response TooLarge(const RequestHead&, uint64_t) override {
    Response r;
    r.status = 413;
    return r;
  }
};

class ConnectionCapTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerOptions options;
    options.port = 0;
    options.threads = 2;
    options.max_connections = 2;
    auto server = Server::Bind(options, handler_);
    ASSERT_TRUE(server.ok()) << server.error().message;
    server_ = std::move(*server);
    thread_ = std::thread([this] { server_->Run(); });
  }
  void TearDown() override {
    server_->Stop();
    thread_.join();
  }
  int Connect(int timeout_s = 5) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(server_->port());
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    timeval tv{timeout_s, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    return fd;
  }
  // Sends a request and returns the first bytes of its answer ("" on timeout or close).
  static std::string Call(int fd) {
    const std::string request = "GET / HTTP/1.1\r\nHost: h\r\n\r\n";
    ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
    char buf[256];
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    return n > 0 ? std::string(buf, static_cast<size_t>(n)) : "";
  }

  OkHandler handler_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
};

TEST_F(ConnectionCapTest, TheLongestIdleConnectionMakesRoomForANewOne) {
  const int first = Connect();
  ASSERT_NE(Call(first).find("200 OK"), std::string::npos);
  const int second = Connect();
  ASSERT_NE(Call(second).find("200 OK"), std::string::npos);
  const int third = Connect();
  EXPECT_NE(Call(third).find("200 OK"), std::string::npos);
  char c;
  EXPECT_EQ(::recv(first, &c, 1, 0), 0);  // closed by the server
  EXPECT_NE(Call(second).find("200 OK"), std::string::npos);  // the more recent one is kept
  ::close(first);
  ::close(second);
  ::close(third);
}

TEST_F(ConnectionCapTest, ConnectionsInTheMiddleOfARequestAreKeptAndNewOnesWait) {
  const std::string partial = "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\nab";
  const int a = Connect(), b = Connect();
  ::send(a, partial.data(), partial.size(), MSG_NOSIGNAL);
  ::send(b, partial.data(), partial.size(), MSG_NOSIGNAL);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const int waiting = Connect(1);
  EXPECT_EQ(Call(waiting), "");  // not accepted within a second
  ::send(a, "cd", 2, MSG_NOSIGNAL);  // a's call completes; it then idles and is shed
  char buf[256];
  EXPECT_GT(::recv(a, buf, sizeof buf, 0), 0);
  timeval tv{5, 0};
  ::setsockopt(waiting, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  char answer[256];
  const ssize_t n = ::recv(waiting, answer, sizeof answer, 0);  // its request was sent already
  ASSERT_GT(n, 0);
  EXPECT_NE(std::string(answer, static_cast<size_t>(n)).find("200 OK"), std::string::npos);
  ::close(a);
  ::close(b);
  ::close(waiting);
}

}  // namespace
}  // namespace berth::http
