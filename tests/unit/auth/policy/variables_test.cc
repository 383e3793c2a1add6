// Policy variables and address ranges, below the evaluator.

#include "auth/policy/variables.h"

#include <gtest/gtest.h>

#include "auth/policy/ip_range.h"

namespace berth::auth::policy {
namespace {

RequestContext Alice() {
  RequestContext context;
  context.Add("aws:username", "alice");
  context.Add("aws:TagKeys", "a");
  context.Add("aws:TagKeys", "b");
  return context;
}

TEST(Template, ResolvesVariablesKeyNamesIgnoringCase) {
  Template t = Template::Parse("home/${AWS:UserName}/x", true);
  EXPECT_TRUE(t.has_variables());
  EXPECT_EQ(t.ResolveText(Alice()), "home/alice/x");
}

TEST(Template, DefaultsAndQuotes) {
  Template t = Template::Parse("${aws:PrincipalTag/team , 'it''s shared' }", true);
  EXPECT_EQ(t.ResolveText(Alice()), "it's shared");
  // A multi-valued key is no single value: the default, or nothing.
  EXPECT_EQ(Template::Parse("${aws:TagKeys, 'none'}", true).ResolveText(Alice()), "none");
  EXPECT_FALSE(Template::Parse("${aws:TagKeys}", true).ResolveText(Alice()).has_value());
  EXPECT_FALSE(Template::Parse("${aws:missing}", true).ResolveText(Alice()).has_value());
}

TEST(Template, MalformedVariablesAreText) {
  EXPECT_EQ(Template::Parse("a${b", true).ResolveText(Alice()), "a${b");
  EXPECT_EQ(Template::Parse("${}", true).ResolveText(Alice()), "${}");
  EXPECT_EQ(Template::Parse("${k, unquoted}", true).ResolveText(Alice()), "${k, unquoted}");
  EXPECT_FALSE(Template::Parse("a${b", true).has_variables());
}

TEST(Template, OldVersionHasNoVariables) {
  Template t = Template::Parse("${aws:username}${*}", false);
  EXPECT_FALSE(t.has_variables());
  EXPECT_EQ(t.constant_text(), "${aws:username}${*}");
}

TEST(Template, EscapesAreLiteralInGlobs) {
  Template t = Template::Parse("a${*}b*", true);
  EXPECT_FALSE(t.has_variables());
  EXPECT_EQ(t.constant_text(), "a*b*");
  EXPECT_TRUE(t.constant_glob().Matches("a*bcd"));
  EXPECT_FALSE(t.constant_glob().Matches("axbcd"));
}

TEST(Template, SubstitutedValuesAreLiteralInGlobs) {
  RequestContext context;
  context.Add("aws:username", "a?");
  auto glob = Template::Parse("${aws:username}/*", true).ResolveGlob(context);
  ASSERT_TRUE(glob.has_value());
  EXPECT_TRUE(glob->Matches("a?/x"));
  EXPECT_FALSE(glob->Matches("ab/x"));
}

TEST(IpRange, ParsesAndContains) {
  auto v4 = IpRange::Parse("192.0.2.0/24");
  ASSERT_TRUE(v4.has_value());
  EXPECT_TRUE(v4->Contains(*IpAddress::Parse("192.0.2.255")));
  EXPECT_FALSE(v4->Contains(*IpAddress::Parse("192.0.3.0")));
  auto everything = IpRange::Parse("::/0");
  ASSERT_TRUE(everything.has_value());
  EXPECT_TRUE(everything->Contains(*IpAddress::Parse("2001:db8::1")));
  EXPECT_FALSE(everything->Contains(*IpAddress::Parse("10.0.0.1")));
  auto mapped = IpRange::Parse("::ffff:10.0.0.0/104");  // 10.0.0.0/8, written as IPv6
  ASSERT_TRUE(mapped.has_value());
  EXPECT_TRUE(mapped->Contains(*IpAddress::Parse("10.200.0.1")));
  for (const char* bad : {"", "10.0.0.0/", "10.0.0.0/x", "10.0.0.0/-1", "10.0.0.0/33", "::/129",
                          "10.0.0", "example.com", "10.0.0.0/8/8"}) {
    EXPECT_FALSE(IpRange::Parse(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace berth::auth::policy
