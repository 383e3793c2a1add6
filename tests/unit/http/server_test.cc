#include "http/server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>

namespace berth::http {
namespace {

// Counts what it is given; refuses more than `fail_after` bytes.
class CountingSink : public BodySink {
 public:
  CountingSink(std::atomic<uint64_t>& total, std::atomic<int>& writes, uint64_t fail_after)
      : total_(total), writes_(writes), fail_after_(fail_after) {}
  Status Write(std::string_view chunk) override {
    if (seen_ + chunk.size() > fail_after_) return Error{"TooMuch", "sink is full", 413};
    for (char c : chunk)
      if (c != 'z') return Error{"Corrupt", "unexpected byte", 400};
    seen_ += chunk.size();
    total_ += chunk.size();
    ++writes_;
    return Ok();
  }

 private:
  std::atomic<uint64_t>& total_;
  std::atomic<int>& writes_;
  uint64_t fail_after_;
  uint64_t seen_ = 0;
};

// Echoes the method, path, query and body; refuses bodies over 64 bytes; streams the bodies of
// /stream (and /stream-small, whose sink takes at most 1000 bytes) into a counting sink.
class EchoHandler : public RequestHandler {
 public:
  uint64_t BodyLimit(const RequestHead&) override { return 64; }
  std::unique_ptr<BodySink> OpenSink(const RequestHead& head) override {
    if (head.path == "/stream")
      return std::make_unique<CountingSink>(streamed, sink_writes, UINT64_MAX);
    if (head.path == "/stream-small")
      return std::make_unique<CountingSink>(streamed, sink_writes, 1000);
    return nullptr;
  }
  Response Handle(Request&& request) override {
    ++calls;
    Response r;
    if (request.sink) {
      r.status = request.sink_status.ok() ? 201 : request.sink_status.error().http_status;
      r.body = "streamed " + std::to_string(streamed.load());
      return r;
    }
    if (request.head.path == "/file") {
      r.file = FileRange{file_path, 2, 5};
      return r;
    }
    r.SetHeader("content-type", "text/plain");
    const std::string* agent = request.head.Find("user-agent");
    r.body = request.head.method + " " + request.head.path + "?" + request.head.query + " " +
             request.body + " ua=" + (agent ? *agent : "");
    return r;
  }
  Response TooLarge(const RequestHead&, uint64_t limit) override {
    Response r;
    r.status = 413;
    r.body = "too large, limit " + std::to_string(limit);
    return r;
  }
  std::atomic<int> calls{0};
  std::atomic<uint64_t> streamed{0};
  std::atomic<int> sink_writes{0};
  std::string file_path;
};

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    handler_.file_path = ::testing::TempDir() + "/berth_server_test_file";
    std::ofstream(handler_.file_path) << "0123456789";
    ServerOptions options;
    options.port = 0;
    options.threads = 2;
    options.max_header_bytes = 1024;
    options.read_timeout = std::chrono::seconds(1);
    options.keep_alive_timeout = std::chrono::seconds(1);
    auto server = Server::Bind(options, handler_);
    ASSERT_TRUE(server.ok()) << server.error().message;
    server_ = std::move(*server);
    thread_ = std::thread([this] { server_->Run(); });
  }
  void TearDown() override {
    server_->Stop();
    thread_.join();
  }

  int Connect() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(server_->port());
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    timeval tv{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    return fd;
  }
  static void Send(int fd, const std::string& data) {
    ASSERT_EQ(::send(fd, data.data(), data.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(data.size()));
  }
  // Reads one response (head + Content-Length body unless head_only), or what arrived before
  // EOF.
  static std::string ReadResponse(int fd, bool head_only = false) {
    std::string data;
    char buf[4096];
    for (;;) {
      auto end = data.find("\r\n\r\n");
      if (end != std::string::npos) {
        auto cl = data.find("Content-Length: ");
        size_t length =
            cl == std::string::npos || head_only ? 0 : std::stoul(data.substr(cl + 16));
        if (data.size() >= end + 4 + length) return data.substr(0, end + 4 + length);
      }
      ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) return data;
      data.append(buf, static_cast<size_t>(n));
    }
  }
  static bool PeerClosed(int fd) {
    char c;
    return ::recv(fd, &c, 1, 0) == 0;
  }

  EchoHandler handler_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
};

TEST_F(ServerTest, AnswersSeveralRequestsOnOneKeepAliveConnection) {
  int fd = Connect();
  Send(fd, "POST /a?x=1 HTTP/1.1\r\nHost: h\r\nUser-Agent: t/1\r\nContent-Length: 3\r\n\r\nabc");
  std::string first = ReadResponse(fd);
  EXPECT_NE(first.find("200 OK"), std::string::npos) << first;
  EXPECT_NE(first.find("POST /a?x=1 abc ua=t/1"), std::string::npos) << first;
  Send(fd, "GET /b HTTP/1.1\r\nHost: h\r\n\r\n");
  std::string second = ReadResponse(fd);
  EXPECT_NE(second.find("GET /b? "), std::string::npos) << second;
  EXPECT_EQ(handler_.calls.load(), 2);
  ::close(fd);
}

TEST_F(ServerTest, RefusesDeclaredBodyOverTheLimitWithoutReadingItAndCloses) {
  int fd = Connect();
  Send(fd, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1000\r\n\r\n");
  std::string response = ReadResponse(fd);
  EXPECT_NE(response.find("413"), std::string::npos) << response;
  EXPECT_NE(response.find("limit 64"), std::string::npos) << response;
  EXPECT_TRUE(PeerClosed(fd));
  EXPECT_EQ(handler_.calls.load(), 0);
  ::close(fd);
}

TEST_F(ServerTest, RefusesChunkedBodyThatGrowsOverTheLimit) {
  int fd = Connect();
  std::string chunk(100, 'x');
  Send(fd, "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n64\r\n" + chunk +
               "\r\n0\r\n\r\n");
  std::string response = ReadResponse(fd);
  EXPECT_NE(response.find("413"), std::string::npos) << response;
  EXPECT_EQ(handler_.calls.load(), 0);
  ::close(fd);
}

TEST_F(ServerTest, AnswersOversizedHeaderWith431) {
  int fd = Connect();
  Send(fd, "GET / HTTP/1.1\r\nHost: h\r\nX-Big: " + std::string(2000, 'a') + "\r\n\r\n");
  std::string response = ReadResponse(fd);
  EXPECT_NE(response.find("431"), std::string::npos) << response;
  ::close(fd);
}

TEST_F(ServerTest, AnswersGarbageWith400AndCloses) {
  int fd = Connect();
  Send(fd, "NOT HTTP AT ALL\r\n\r\n");
  std::string response = ReadResponse(fd);
  EXPECT_NE(response.find("400"), std::string::npos) << response;
  EXPECT_TRUE(PeerClosed(fd));
  ::close(fd);
}

TEST_F(ServerTest, SendsContinueBeforeReadingAnExpectedBody) {
  int fd = Connect();
  Send(fd, "PUT /c HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
  std::string interim = ReadResponse(fd);
  EXPECT_NE(interim.find("100 Continue"), std::string::npos) << interim;
  Send(fd, "hi");
  std::string response = ReadResponse(fd);
  EXPECT_NE(response.find("PUT /c? hi"), std::string::npos) << response;
  ::close(fd);
}

TEST_F(ServerTest, SendsAFileRegion) {
  int fd = Connect();
  Send(fd, "GET /file HTTP/1.1\r\nHost: h\r\n\r\n");
  std::string response = ReadResponse(fd);
  EXPECT_NE(response.find("Content-Length: 5"), std::string::npos) << response;
  EXPECT_EQ(response.substr(response.size() - 5), "23456");
  ::close(fd);
}

TEST_F(ServerTest, HeadResponseCarriesLengthButNoBody) {
  int fd = Connect();
  Send(fd, "HEAD /h HTTP/1.1\r\nHost: h\r\n\r\n");
  std::string response = ReadResponse(fd, /*head_only=*/true);
  EXPECT_NE(response.find("Content-Length: "), std::string::npos) << response;
  // The body would have been "HEAD /h?  ua="; none of it may follow the head.
  EXPECT_EQ(response.find("HEAD /h?"), std::string::npos) << response;
  // The connection stays usable: the next response is not preceded by stray body bytes.
  Send(fd, "GET /next HTTP/1.1\r\nHost: h\r\n\r\n");
  std::string next = ReadResponse(fd);
  EXPECT_EQ(next.rfind("HTTP/1.1 200", 0), 0u) << next;
  ::close(fd);
}

TEST_F(ServerTest, StreamsALargeBodyIntoTheSinkInPieces) {
  int fd = Connect();
  const size_t size = 5 * 1024 * 1024 + 123;  // far over the 64-byte buffered limit
  Send(fd, "PUT /stream HTTP/1.1\r\nHost: h\r\nContent-Length: " + std::to_string(size) +
               "\r\n\r\n");
  std::string body(size, 'z');
  Send(fd, body);
  std::string response = ReadResponse(fd);
  EXPECT_NE(response.find("201"), std::string::npos) << response;
  EXPECT_EQ(handler_.streamed.load(), size);
  EXPECT_GT(handler_.sink_writes.load(), 1);  // in pieces, not at once
  // The connection stays usable.
  Send(fd, "GET /after HTTP/1.1\r\nHost: h\r\n\r\n");
  EXPECT_EQ(ReadResponse(fd).rfind("HTTP/1.1 200", 0), 0u);
  ::close(fd);
}

TEST_F(ServerTest, StreamsAChunkedBody) {
  int fd = Connect();
  Send(fd, "PUT /stream HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
           "5\r\nzzzzz\r\n3\r\nzzz\r\n0\r\n\r\n");
  std::string response = ReadResponse(fd);
  EXPECT_NE(response.find("201"), std::string::npos) << response;
  EXPECT_EQ(handler_.streamed.load(), 8u);
  ::close(fd);
}

TEST_F(ServerTest, SinkErrorStopsTheReadAnswersAndCloses) {
  int fd = Connect();
  Send(fd, "PUT /stream-small HTTP/1.1\r\nHost: h\r\nContent-Length: 200000\r\n\r\n");
  std::string body(200000, 'z');
  ::send(fd, body.data(), body.size(), MSG_NOSIGNAL);  // the server may stop reading early
  std::string response = ReadResponse(fd);
  EXPECT_NE(response.find("413"), std::string::npos) << response;
  EXPECT_TRUE(PeerClosed(fd));
  ::close(fd);
}

// Socket timeouts are real time, so these take a second each.
TEST_F(ServerTest, ClosesAClientThatStallsInTheMiddleOfItsHeaders) {
  int fd = Connect();
  Send(fd, "GET / HTTP/1.1\r\nHost: h\r\nX-Slow: ");
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(PeerClosed(fd));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(4));
  EXPECT_EQ(handler_.calls.load(), 0);
  ::close(fd);
}

TEST_F(ServerTest, ClosesAClientThatStallsInTheMiddleOfItsBody) {
  int fd = Connect();
  Send(fd, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc");
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(PeerClosed(fd));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(4));
  EXPECT_EQ(handler_.calls.load(), 0);
  ::close(fd);
}

TEST_F(ServerTest, StopClosesIdleKeepAliveConnections) {
  int fd = Connect();
  Send(fd, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
  ReadResponse(fd);
  server_->Stop();
  EXPECT_TRUE(PeerClosed(fd));
  ::close(fd);
}

}  // namespace
}  // namespace berth::http
