#include "auth/registry_token.h"

#include <gtest/gtest.h>

namespace berth::auth {
namespace {

TimePoint Start() { return TimePoint(std::chrono::milliseconds(1795583947000)); }

TEST(RegistryTokens, IssuedTokenVerifiesWithItsClaims) {
  FakeClock clock(Start());
  RegistryTokens tokens(std::string(32, 'k'), clock);
  TimePoint expires;
  std::string password = tokens.Issue("AKIAEXAMPLE", "123456789012", std::chrono::hours(12),
                                      &expires);
  EXPECT_EQ(password.find(':'), std::string::npos);
  auto claims = tokens.Verify(password);
  ASSERT_TRUE(claims.ok()) << claims.error().message;
  EXPECT_EQ(claims->access_key_id, "AKIAEXAMPLE");
  EXPECT_EQ(claims->account_id, "123456789012");
  EXPECT_EQ(claims->expires_at, Start() + std::chrono::hours(12));
  EXPECT_EQ(expires, claims->expires_at);
}

TEST(RegistryTokens, RejectsTokenAfterItExpires) {
  FakeClock clock(Start());
  RegistryTokens tokens(std::string(32, 'k'), clock);
  std::string password = tokens.Issue("AKIA", "1", std::chrono::hours(12));
  clock.Advance(std::chrono::hours(12));
  auto claims = tokens.Verify(password);
  ASSERT_FALSE(claims.ok());
  EXPECT_EQ(claims.error().code, "ExpiredToken");
}

TEST(RegistryTokens, RejectsTamperedAndForeignTokens) {
  FakeClock clock(Start());
  RegistryTokens tokens(std::string(32, 'k'), clock);
  RegistryTokens other(std::string(32, 'o'), clock);
  std::string password = tokens.Issue("AKIA", "1", std::chrono::hours(1));
  std::string tampered = password;
  tampered[3] = tampered[3] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(tokens.Verify(tampered).ok());
  EXPECT_FALSE(other.Verify(password).ok());
  for (const char* garbage : {"", ".", "a.b", "....", "v1|a|b|c", "%%%.%%%"}) {
    EXPECT_FALSE(tokens.Verify(garbage).ok()) << garbage;
  }
}

}  // namespace
}  // namespace berth::auth
