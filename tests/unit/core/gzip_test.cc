#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "core/gzip.h"

namespace berth::gzip {
namespace {

std::string Text(size_t n) {
  std::string s;
  for (size_t i = 0; s.size() < n; ++i) s += "{\"MetricName\":\"Latency\",\"Value\":" + std::to_string(i) + "},";
  s.resize(n);
  return s;
}

TEST(Gzip, RoundTripsEverySize) {
  for (size_t n : {0u, 1u, 100u, 65536u, 65537u, 300000u}) {
    const std::string plain = Text(n);
    auto gz = Compress(plain);
    ASSERT_TRUE(gz.ok());
    auto back = Decompress(*gz, 1 << 20);
    ASSERT_TRUE(back.ok()) << n << ": " << back.error().message;
    EXPECT_EQ(*back, plain);
  }
}

TEST(Gzip, RefusesTooLargeTruncatedAndGarbage) {
  const std::string plain = Text(200000);
  auto gz = Compress(plain);
  ASSERT_TRUE(gz.ok());
  EXPECT_NE(Decompress(*gz, 199999).error().message.find("too large"), std::string::npos);
  EXPECT_TRUE(Decompress(*gz, 200000).ok());
  EXPECT_FALSE(Decompress(gz->substr(0, gz->size() / 2), 1 << 20).ok());
  EXPECT_FALSE(Decompress(gz->substr(0, gz->size() - 4), 1 << 20).ok());
  EXPECT_FALSE(Decompress("not gzip at all, not at all", 1 << 20).ok());
  EXPECT_FALSE(Decompress("", 1 << 20).ok());
}

// The trailer's length only sizes the first allocation: a lying one changes nothing else.
TEST(Gzip, ALyingLengthInTheTrailerIsOnlyAHint) {
  const std::string plain = Text(100000);
  auto gz = Compress(plain);
  ASSERT_TRUE(gz.ok());
  for (uint32_t lie : {0u, 1u, 4096u, 0xffffffffu}) {
    std::string bad = *gz;
    std::memcpy(bad.data() + bad.size() - 4, &lie, 4);
    auto back = Decompress(bad, 1 << 20);
    // zlib checks ISIZE at the end: the stream is refused, whatever was allocated for it.
    EXPECT_FALSE(back.ok()) << lie;
  }
}

}  // namespace
}  // namespace berth::gzip
