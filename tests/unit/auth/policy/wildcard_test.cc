// The * and ? matcher: a table of patterns, and hostile patterns that would make a
// backtracking matcher take exponential time.

#include "auth/policy/wildcard.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace berth::auth::policy {
namespace {

struct GlobCase {
  const char* pattern;
  const char* subject;
  bool matches;
};

const GlobCase kGlobs[] = {
    {"*", "", true},
    {"*", "anything at all", true},
    {"", "", true},
    {"", "x", false},
    {"ecr:getauthorizationtoken", "ecr:getauthorizationtoken", true},
    {"ecr:get*", "ecr:getdownloadurlforlayer", true},
    {"ecr:get*", "ecr:get", true},
    {"ecr:get*", "ecr:batchgetimage", false},
    {"ecr:*image*", "ecr:batchgetimage", true},
    {"ecr:*image*", "ecr:putimagescanningconfiguration", true},
    {"ecr:*image", "ecr:describeimages", false},
    {"*:get*", "s3:getobject", true},
    {"s3:?etobject", "s3:getobject", true},
    {"s3:?etobject", "s3:etobject", false},
    {"arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b/c", true},
    {"arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket", false},
    {"arn:aws:s3:::bucket*", "arn:aws:s3:::bucket-two/x", true},
    {"arn:aws:ecr:*:*:repository/team/*", "arn:aws:ecr:us-east-1:1:repository/team/app", true},
    {"arn:aws:ecr:*:*:repository/team/*", "arn:aws:ecr:us-east-1:1:repository/other/app", false},
    {"a*b*c", "aXbYc", true},
    {"a*b*c", "aXbYcZ", false},
    {"a*b*c", "abcbc", true},
    {"*a", "baaa", true},
    {"a?c",
     "a\xC3\xA9"
     "c",
     true},                       // ? is one character, é being two bytes
    {"?", "\xE2\x82\xAC", true},  // €, three bytes
    {"??", "\xE2\x82\xAC", false},
    {"*\xC3\xA9", "xy\xC3\xA9", true},
    {"Case", "case", false},  // case-sensitive: callers fold when they must
};

TEST(Glob, MatchesTheTable) {
  for (const GlobCase& c : kGlobs) {
    EXPECT_EQ(Glob::FromPattern(c.pattern).Matches(c.subject), c.matches)
        << c.pattern << " vs " << c.subject;
  }
}

TEST(Glob, LiteralPiecesAreNotWildcards) {
  Glob glob;
  glob.AddPattern("home/").AddLiteral("a*b?").AddPattern("/*").Done();
  EXPECT_TRUE(glob.Matches("home/a*b?/x"));
  EXPECT_FALSE(glob.Matches("home/aXXb1/x"));
  EXPECT_EQ(glob.ToString(), "home/a*b?/*");
}

TEST(Glob, LiteralWithMarkerBytesMatchesNothing) {
  Glob glob;
  glob.AddPattern("x").AddLiteral("\xFF").Done();  // invalid UTF-8 must not become a *
  EXPECT_FALSE(glob.Matches("xanything"));
  EXPECT_FALSE(glob.Matches("x\xFF"));
}

TEST(Glob, HostilePatternsStayFast) {
  std::string pattern;
  for (int i = 0; i < 200; ++i) pattern += "*a";
  pattern += "b";
  std::string subject(20000, 'a');
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(Glob::FromPattern(pattern).Matches(subject));
  auto elapsed = std::chrono::steady_clock::now() - start;
  // Quadratic at worst (200 × 20,000 steps), never exponential: far below a second even under
  // sanitizers on a loaded machine.
  EXPECT_LT(elapsed, std::chrono::seconds(5));
}

TEST(AsciiCase, FoldsOnlyAscii) {
  EXPECT_EQ(AsciiLower("ECR:PutImage"), "ecr:putimage");
  EXPECT_TRUE(AsciiEqualsIgnoreCase("Alice", "aLICE"));
  EXPECT_FALSE(AsciiEqualsIgnoreCase("\xC3\x89", "\xC3\xA9"));  // É vs é: not folded
}

}  // namespace
}  // namespace berth::auth::policy
