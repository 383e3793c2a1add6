#include "services/logs/insights/lexer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace berth::services::logs::insights {
namespace {

// "kind:text" for each token except the end, for compact expectations.
std::string Kinds(std::string_view text) {
  auto tokens = Lex(text);
  if (!tokens.ok()) return "error: " + tokens.error().message;
  std::string out;
  for (const Token& t : tokens.value()) {
    if (t.kind == TokenKind::kEnd) break;
    if (!out.empty()) out += ' ';
    switch (t.kind) {
      case TokenKind::kIdentifier: out += "id:" + t.text; break;
      case TokenKind::kQuotedIdentifier: out += "qid:" + t.text; break;
      case TokenKind::kNumber: out += "num:" + t.text; break;
      case TokenKind::kString: out += "str:" + t.text; break;
      case TokenKind::kRegex: out += "re:" + t.text; break;
      case TokenKind::kPeriod: out += "period:" + t.text; break;
      default: out += t.text; break;
    }
  }
  return out;
}

struct LexCase {
  const char* text;
  const char* tokens;
};

TEST(Lexer, TokenizesTheLanguage) {
  const LexCase cases[] = {
      {"fields @timestamp, @message", "id:fields id:@timestamp , id:@message"},
      {"filter userIdentity.userName = 'alice'", "id:filter id:userIdentity.userName = str:alice"},
      {"fields resources.0.ARN", "id:fields id:resources.0.ARN"},
      {"fields `foo-bar`", "id:fields qid:foo-bar"},
      {"stats count(*) by bin(5m)", "id:stats id:count ( * ) id:by id:bin ( period:5m )"},
      {"a != b <= c >= d < e > f = g", "id:a != id:b <= id:c >= id:d < id:e > id:f = id:g"},
      {"x =~ /Ex+/", "id:x =~ re:Ex+"},
      {"x like /a\\/b/", "id:x id:like re:a/b"},
      {"x like/\\d+/", "id:x id:like re:\\d+"},
      {"a / b", "id:a / id:b"},
      {"(a) / 2 / c", "( id:a ) / num:2 / id:c"},
      {"count(*) / 2", "id:count ( * ) / num:2"},
      {"parse @message /(?<x>\\w+)/", "id:parse id:@message re:(?<x>\\w+)"},
      {"parse /(?<x>\\w+)/", "id:parse re:(?<x>\\w+)"},
      {"parse `my field` /(?<x>.)/", "id:parse qid:my field re:(?<x>.)"},
      {"1 + 2.5 - 3e2 * 4 % 5 ^ 6", "num:1 + num:2.5 - num:3e2 * num:4 % num:5 ^ num:6"},
      {"\"a\\\"b\\n\" 'it\\'s'", "str:a\"b\n str:it's"},
      {"\"keep \\d\"", "str:keep \\d"},
      {"fields a # a comment | not a command\n| limit 5", "id:fields id:a | id:limit num:5"},
      {"bin(30s) bin(1h) bin(2mins) bin(1hrs) bin(100ms) bin(1mo) bin(1q) bin(1y) bin(3days)",
       "id:bin ( period:30s ) id:bin ( period:1h ) id:bin ( period:2mins ) id:bin ( period:1hrs ) "
       "id:bin ( period:100ms ) id:bin ( period:1mo ) id:bin ( period:1q ) id:bin ( period:1y ) "
       "id:bin ( period:3days )"},
      {"x in [1, \"a\"]", "id:x id:in [ num:1 , str:a ]"},
      {"", ""},
      {"   \n\t ", ""},
  };
  for (const LexCase& c : cases) EXPECT_EQ(Kinds(c.text), c.tokens) << c.text;
}

TEST(Lexer, RecordsLinesColumnsAndOffsets) {
  auto tokens = Lex("fields a\n  | filter \"x\ny\" = b");
  ASSERT_TRUE(tokens.ok());
  const auto& t = tokens.value();
  ASSERT_EQ(t.size(), 8u);
  EXPECT_EQ(t[1].span.line, 1);
  EXPECT_EQ(t[1].span.column, 7);
  EXPECT_EQ(t[2].span.line, 2);  // |
  EXPECT_EQ(t[2].span.column, 2);
  EXPECT_EQ(t[2].span.begin, 11);
  EXPECT_EQ(t[4].text, "x\ny");
  EXPECT_EQ(t[5].span.line, 3);  // = after the string that spans a line
  EXPECT_EQ(t[5].span.column, 3);
  EXPECT_EQ(t[7].kind, TokenKind::kEnd);
}

TEST(Lexer, ReadsPeriodsAsCountAndUnit) {
  auto tokens = Lex("15min 2w 1qtr 250msec");
  ASSERT_TRUE(tokens.ok());
  const auto& t = tokens.value();
  EXPECT_EQ(t[0].period.count, 15);
  EXPECT_EQ(t[0].period.unit, PeriodUnit::kMinute);
  EXPECT_EQ(t[1].period.unit, PeriodUnit::kWeek);
  EXPECT_EQ(t[2].period.unit, PeriodUnit::kQuarter);
  EXPECT_EQ(t[3].period.count, 250);
  EXPECT_EQ(t[3].period.unit, PeriodUnit::kMillisecond);
}

struct LexError {
  const char* text;
  int line;
  int column;
  const char* message;
};

TEST(Lexer, RejectsBadInputWithPosition) {
  const LexError cases[] = {
      {"fields a ; b", 1, 9, "unexpected symbol found ; at line 1 and position 9"},
      {"filter x == 1", 1, 9, "unexpected symbol found =="},
      {"filter x ! 1", 1, 9, "unexpected symbol found !"},
      {"filter x = \"open", 1, 11, "unterminated string"},
      {"filter x like /open", 1, 14, "unterminated regular expression"},
      {"fields `open", 1, 7, "unterminated field name"},
      {"fields ``", 1, 7, "cannot be empty"},
      {"stats count(*) by bin(5x)", 1, 22, "unexpected symbol found 5x"},
      {"stats count(*) by bin(1.5h)", 1, 22, "unexpected symbol found 1.5h"},
      {"fields a\n| filter b = 5abc", 2, 13, "unexpected symbol found 5abc at line 2"},
      {"fields \xC3\xA9", 1, 7, "unexpected symbol found \xC3\xA9"},
  };
  for (const LexError& c : cases) {
    auto tokens = Lex(c.text);
    ASSERT_FALSE(tokens.ok()) << c.text;
    EXPECT_EQ(tokens.error().span.line, c.line) << c.text;
    EXPECT_EQ(tokens.error().span.column, c.column) << c.text;
    EXPECT_NE(tokens.error().message.find(c.message), std::string::npos)
        << c.text << " → " << tokens.error().message;
  }
}

TEST(Lexer, RefusesOverlongQueries) {
  EXPECT_FALSE(Lex(std::string(kMaxQueryLength + 1, ' ')).ok());
  EXPECT_TRUE(Lex(std::string(kMaxQueryLength, ' ')).ok());
}

}  // namespace
}  // namespace berth::services::logs::insights
