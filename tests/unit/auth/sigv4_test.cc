#include "auth/sigv4.h"

#include <dirent.h>

#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/crypto.h"
#include "core/time_format.h"

namespace berth::auth {
namespace {

// A request signed by botocore (tests/cases/sigv4/generate.py) and what verifying it must give.
struct Case {
  std::string name;
  std::string secret;
  TimePoint now;
  bool s3 = false;
  RequestHead head;
  std::string body;
  std::string expect;  // "ok", "<Code>" or "<Code>:<message prefix>"
};

std::vector<Case> LoadCases() {
  const std::string dir = std::string(BERTH_TEST_CASES_DIR) + "/sigv4";
  std::vector<Case> cases;
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return cases;
  while (dirent* entry = ::readdir(d)) {
    std::string file = entry->d_name;
    if (file.size() < 6 || file.substr(file.size() - 5) != ".case") continue;
    Case c;
    c.name = file.substr(0, file.size() - 5);
    std::ifstream in(dir + "/" + file);
    std::string line;
    while (std::getline(in, line)) {
      const auto colon = line.find(": ");
      const std::string key = line.substr(0, colon);
      const std::string value = colon == std::string::npos ? "" : line.substr(colon + 2);
      if (key == "secret") c.secret = value;
      if (key == "now") c.now = *timefmt::ParseAmzDate(value);
      if (key == "s3") c.s3 = value == "true";
      if (key == "method") c.head.method = value;
      if (key == "path") c.head.path = value;
      if (key == "query" || key == "query:") c.head.query = value;
      if (key == "header") {
        const auto sep = value.find(": ");
        c.head.headers.push_back({value.substr(0, sep), value.substr(sep + 2)});
      }
      if (key == "body-hex") c.body = crypto::HexDecode(value).value_or("");
      if (key == "expect") c.expect = value;
    }
    cases.push_back(std::move(c));
  }
  ::closedir(d);
  return cases;
}

class SigV4GoldenTest : public ::testing::TestWithParam<Case> {};

TEST_P(SigV4GoldenTest, VerifiesAsBotocoreSigned) {
  const Case& c = GetParam();
  FakeClock clock(c.now);
  SigV4Verifier verifier(clock);
  auto parsed = ParseSigV4(c.head);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->access_key_id, "AKIAIOSFODNN7EXAMPLE");
  EXPECT_EQ(parsed->region, "us-east-1");
  Status status = verifier.Verify(c.head, c.body, *parsed, c.secret, c.s3);
  if (c.expect == "ok") {
    EXPECT_TRUE(status.ok()) << status.error().message;
    return;
  }
  ASSERT_FALSE(status.ok());
  const auto colon = c.expect.find(':');
  EXPECT_EQ(status.error().code, c.expect.substr(0, colon));
  if (colon != std::string::npos) {
    EXPECT_EQ(status.error().message.rfind(c.expect.substr(colon + 1), 0), 0u)
        << status.error().message;
  }
}

INSTANTIATE_TEST_SUITE_P(Botocore, SigV4GoldenTest, ::testing::ValuesIn(LoadCases()),
                         [](const auto& info) { return info.param.name; });

TEST(SigV4GoldenCases, AreThere) { EXPECT_GE(LoadCases().size(), 15u); }

RequestHead HeadWith(std::vector<Header> headers) {
  RequestHead head;
  head.method = "POST";
  head.path = "/";
  head.headers = std::move(headers);
  return head;
}

TEST(ParseSigV4, MissingSignatureIsMissingAuthenticationToken) {
  auto parsed = ParseSigV4(HeadWith({{"host", "h"}}));
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, "MissingAuthenticationTokenException");
  EXPECT_EQ(parsed.error().http_status, 400);
}

TEST(ParseSigV4, AuthorizationWithoutSignatureIsIncomplete) {
  auto parsed = ParseSigV4(HeadWith(
      {{"host", "h"},
       {"x-amz-date", "20261125T044418Z"},
       {"authorization",
        "AWS4-HMAC-SHA256 Credential=AKID/20261125/us-east-1/ecr/aws4_request, "
        "SignedHeaders=host;x-amz-date"}}));
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, "IncompleteSignatureException");
  EXPECT_NE(parsed.error().message.find("'Signature'"), std::string::npos);
}

TEST(ParseSigV4, MalformedCredentialScopeIsIncomplete) {
  auto parsed = ParseSigV4(HeadWith(
      {{"host", "h"},
       {"x-amz-date", "20261125T044418Z"},
       {"authorization",
        "AWS4-HMAC-SHA256 Credential=AKID/2026/us-east-1, SignedHeaders=host, Signature=ab"}}));
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, "IncompleteSignatureException");
}

TEST(ParseSigV4, OtherAlgorithmIsIncomplete) {
  auto parsed = ParseSigV4(HeadWith({{"host", "h"}, {"authorization", "Basic dXNlcjpwYXNz"}}));
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, "IncompleteSignatureException");
}

TEST(ParseSigV4, NeverThrowsOnGarbage) {
  const char* inputs[] = {"AWS4-HMAC-SHA256", "AWS4-HMAC-SHA256 ,,,,", "AWS4-HMAC-SHA256 =,=,=",
                          "AWS4-HMAC-SHA256 Credential=////, SignedHeaders=, Signature=zz", ""};
  for (const char* auth : inputs) {
    auto parsed = ParseSigV4(HeadWith({{"authorization", auth}, {"x-amz-date", "x"}}));
    EXPECT_FALSE(parsed.ok()) << auth;
  }
}

TEST(SigV4Verifier, RejectsUnsignedHost) {
  FakeClock clock(*timefmt::ParseAmzDate("20261125T044418Z"));
  SigV4Verifier verifier(clock);
  RequestHead head = HeadWith(
      {{"host", "h"},
       {"x-amz-date", "20261125T044418Z"},
       {"authorization", "AWS4-HMAC-SHA256 Credential=AKID/20261125/us-east-1/ecr/aws4_request, "
                         "SignedHeaders=x-amz-date, Signature=abcd"}});
  auto parsed = ParseSigV4(head);
  ASSERT_TRUE(parsed.ok());
  Status status = verifier.Verify(head, "", *parsed, "secret");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, "IncompleteSignatureException");
}

}  // namespace
}  // namespace berth::auth
