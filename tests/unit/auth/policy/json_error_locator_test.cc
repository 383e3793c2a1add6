// Where a JSON text goes wrong, for MalformedPolicyDocument's line and column.

#include "auth/policy/json_error_locator.h"

#include <gtest/gtest.h>

#include <string>

namespace berth::auth::policy {
namespace {

struct LocateCase {
  const char* text;
  const char* what;  // nullptr: well-formed
  int line;
  int column;
};

const LocateCase kCases[] = {
    {R"({"a": [1, 2.5e3, -0, true, false, null, "x\u00e9\n"], "b": {}})", nullptr, 0, 0},
    {"  {}  \n", nullptr, 0, 0},
    {"", "Unexpected end of document", 1, 1},
    {"{\"a\" 1}", "Expected ':'", 1, 6},
    {"{\"a\": 1,\n\n   ]", "Expected a string key", 3, 4},
    {"{\"a\": [1 2]}", "Expected ',' or ']'", 1, 10},
    {"{\"a\": 01}", "Expected ',' or '}'", 1, 8},
    {"{\"a\": -}", "Invalid number", 1, 8},
    {"{\"a\": 1.}", "Invalid number", 1, 9},
    {"{\"a\": tru}", "Unexpected character 't'", 1, 7},
    {"{\"a\": \"\\x\"}", "Invalid escape", 1, 9},
    {"{\"a\": \"\\u12g4\"}", "Invalid \\u escape", 1, 9},
    {"{\"a\": \"x\ny\"}", "Control character in string", 1, 9},
    {"{\"a\": \"\xC3\"}", "Invalid UTF-8", 1, 8},
    {"{\"a\": \"\xED\xA0\x80\"}", "Invalid UTF-8", 1, 8},
    {"{} {}", "Unexpected content after the document", 1, 4},
    {"{'a': 1}", "Expected a string key or '}'", 1, 2},
};

TEST(LocateJsonError, FindsTheFirstErrorAndItsPlace) {
  for (const LocateCase& c : kCases) {
    auto found = LocateJsonError(c.text);
    if (c.what == nullptr) {
      EXPECT_FALSE(found.has_value()) << c.text << ": " << found->what;
      continue;
    }
    ASSERT_TRUE(found.has_value()) << c.text;
    EXPECT_EQ(found->what, c.what) << c.text;
    EXPECT_EQ(found->line, c.line) << c.text;
    EXPECT_EQ(found->column, c.column) << c.text;
  }
}

TEST(LocateJsonError, WalksDeepNestingWithoutRecursion) {
  std::string deep = std::string(200000, '[') + std::string(200000, ']');
  EXPECT_FALSE(LocateJsonError(deep).has_value());
  std::string unclosed(200000, '{');
  auto found = LocateJsonError(unclosed);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->what, "Expected a string key or '}'");
}

}  // namespace
}  // namespace berth::auth::policy
