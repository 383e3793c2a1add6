// The delivery client: endpoint URLs, and an endpoint that never answers.
#include "services/sns/delivery/http_client.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>

namespace berth::services::sns {
namespace {

TEST(ParseHttpUrl, SplitsSchemeHostPortAndTarget) {
  auto u = ParseHttpUrl("http://127.0.0.1:8080/hooks/sns?x=1");
  ASSERT_TRUE(u.ok());
  EXPECT_FALSE(u->tls);
  EXPECT_EQ(u->host, "127.0.0.1");
  EXPECT_EQ(u->port, "8080");
  EXPECT_EQ(u->target, "/hooks/sns?x=1");
  auto s = ParseHttpUrl("https://example.com");
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(s->tls);
  EXPECT_EQ(s->port, "443");
  EXPECT_EQ(s->target, "/");
  EXPECT_EQ(ParseHttpUrl("http://[::1]:9/a")->host, "::1");
  EXPECT_FALSE(ParseHttpUrl("ftp://example.com/").ok());
  EXPECT_FALSE(ParseHttpUrl("http://:80/").ok());
  EXPECT_FALSE(ParseHttpUrl("http://h:99999999/").ok());
}

TEST(HttpClient, GivesUpOnAnEndpointThatNeverAnswers) {
  // A listening socket nobody accepts from: the kernel completes the connection, no answer
  // ever comes.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(fd, 8), 0);
  socklen_t len = sizeof addr;
  ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  HttpPost post;
  post.url = *ParseHttpUrl("http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/");
  post.body = "{}";
  HttpClient client;
  const auto start = std::chrono::steady_clock::now();
  auto status = client.Post(post, std::chrono::milliseconds(300));
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_FALSE(status.ok());
  EXPECT_LT(took, std::chrono::seconds(3));
  // A refused connection fails too (the port is closed now).
  ::close(fd);
  EXPECT_FALSE(client.Post(post, std::chrono::milliseconds(300)).ok());
}

}  // namespace
}  // namespace berth::services::sns
