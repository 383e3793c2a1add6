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

constexpr std::string_view kDigest =
    "sha256:0000000000000000000000000000000000000000000000000000000000000001";
constexpr std::string_view kOtherDigest =
    "sha256:0000000000000000000000000000000000000000000000000000000000000002";

TEST(RegistryTokens, DownloadTokenVerifiesForItsOneBlob) {
  FakeClock clock(Start());
  RegistryTokens tokens(std::string(32, 'k'), clock);
  std::string token = tokens.IssueDownload("AKIA", "123456789012", "team/app", kDigest,
                                           kDownloadUrlLifetime);
  auto claims = tokens.VerifyDownload(token, "team/app", kDigest);
  ASSERT_TRUE(claims.ok()) << claims.error().message;
  EXPECT_EQ(claims->access_key_id, "AKIA");
  EXPECT_EQ(claims->account_id, "123456789012");
  EXPECT_EQ(claims->repository, "team/app");
  EXPECT_EQ(claims->digest, kDigest);
  EXPECT_EQ(claims->expires_at, Start() + std::chrono::hours(1));
}

TEST(RegistryTokens, DownloadTokenIsRefusedForAnyOtherBlobOrRepository) {
  FakeClock clock(Start());
  RegistryTokens tokens(std::string(32, 'k'), clock);
  std::string token = tokens.IssueDownload("AKIA", "1", "app", kDigest, kDownloadUrlLifetime);
  EXPECT_EQ(tokens.VerifyDownload(token, "app", kOtherDigest).error().code, "InvalidToken");
  EXPECT_EQ(tokens.VerifyDownload(token, "other", kDigest).error().code, "InvalidToken");
  EXPECT_EQ(tokens.VerifyDownload(token, "app/", kDigest).error().code, "InvalidToken");
  EXPECT_EQ(tokens.VerifyDownload(token, "", "").error().code, "InvalidToken");
}

TEST(RegistryTokens, DownloadTokenIsNoPasswordAndAPasswordIsNoDownloadToken) {
  FakeClock clock(Start());
  RegistryTokens tokens(std::string(32, 'k'), clock);
  std::string token = tokens.IssueDownload("AKIA", "1", "app", kDigest, kDownloadUrlLifetime);
  EXPECT_FALSE(tokens.Verify(token).ok());
  std::string password = tokens.Issue("AKIA", "1", std::chrono::hours(12));
  EXPECT_FALSE(tokens.VerifyDownload(password, "app", kDigest).ok());
}

TEST(RegistryTokens, DownloadTokenExpiresAfterAnHour) {
  FakeClock clock(Start());
  RegistryTokens tokens(std::string(32, 'k'), clock);
  std::string token = tokens.IssueDownload("AKIA", "1", "app", kDigest, kDownloadUrlLifetime);
  clock.Advance(std::chrono::minutes(59));
  EXPECT_TRUE(tokens.VerifyDownload(token, "app", kDigest).ok());
  clock.Advance(std::chrono::minutes(1));
  auto claims = tokens.VerifyDownload(token, "app", kDigest);
  ASSERT_FALSE(claims.ok());
  EXPECT_EQ(claims.error().code, "ExpiredToken");
}

TEST(RegistryTokens, DownloadTokenFromAnotherServerOrTamperedIsRefused) {
  FakeClock clock(Start());
  RegistryTokens tokens(std::string(32, 'k'), clock);
  RegistryTokens other(std::string(32, 'o'), clock);
  std::string token = tokens.IssueDownload("AKIA", "1", "app", kDigest, kDownloadUrlLifetime);
  EXPECT_FALSE(other.VerifyDownload(token, "app", kDigest).ok());
  std::string tampered = token;
  tampered[5] = tampered[5] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(tokens.VerifyDownload(tampered, "app", kDigest).ok());
  // A name that would split the claim is never signed.
  EXPECT_FALSE(tokens.VerifyDownload(tokens.IssueDownload("AKIA", "1", "a|b", kDigest,
                                                          kDownloadUrlLifetime),
                                     "a|b", kDigest)
                   .ok());
}

}  // namespace
}  // namespace berth::auth
