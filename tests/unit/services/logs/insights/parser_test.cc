#include "services/logs/insights/parser.h"

#include <gtest/gtest.h>

#include <string>

#include "services/logs/insights/lexer.h"
#include "services/logs/insights/query.h"

namespace berth::services::logs::insights {
namespace {

using ast::ExprKind;

std::string Sexp(const ast::Expr& e) {
  auto args = [&](std::string head) {
    std::string out = "(" + head;
    for (const auto& a : e.args) out += " " + Sexp(*a);
    return out + ")";
  };
  switch (e.kind) {
    case ExprKind::kField: return e.text;
    case ExprKind::kNumber: return e.text;
    case ExprKind::kString: return "'" + e.text + "'";
    case ExprKind::kRegex: return "/" + e.text + "/";
    case ExprKind::kPeriod: return "<" + e.text + ">";
    case ExprKind::kBool: return e.flag ? "TRUE" : "FALSE";
    case ExprKind::kStar: return "*";
    case ExprKind::kCall: return args("call:" + e.text);
    case ExprKind::kUnary: return args(e.unary_op == ast::UnaryOp::kNot ? "not" : "neg");
    case ExprKind::kLike: return args(e.flag ? "notlike" : "like");
    case ExprKind::kIn: return args(e.flag ? "notin" : "in");
    case ExprKind::kBinary: {
      static const char* kOps[] = {"or", "and", "=", "!=", "<", "<=", ">",
                                   ">=", "+",   "-", "*",  "/", "%",  "^"};
      return args(kOps[static_cast<int>(e.binary_op)]);
    }
  }
  return "?";
}

std::string Named(const std::vector<ast::NamedExpr>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ", ";
    out += Sexp(*item.expr);
    if (!item.alias.empty()) out += " as " + item.alias;
  }
  return out;
}

std::string Names(const std::vector<ast::Name>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n.name;
  return out;
}

// One line per command: "<command> <details>".
std::string Show(std::string_view text) {
  auto tokens = Lex(text);
  if (!tokens.ok()) return "lex error: " + tokens.error().message;
  auto query = Parse(tokens.value());
  if (!query.ok()) return "parse error: " + query.error().message;
  std::string out;
  for (const ast::Command& c : query.value().commands) {
    if (!out.empty()) out += " | ";
    std::visit(
        [&](const auto& body) {
          using T = std::decay_t<decltype(body)>;
          if constexpr (std::is_same_v<T, ast::Fields>) out += "fields " + Named(body.items);
          if constexpr (std::is_same_v<T, ast::Display>) out += "display " + Names(body.fields);
          if constexpr (std::is_same_v<T, ast::Filter>) out += "filter " + Sexp(*body.condition);
          if constexpr (std::is_same_v<T, ast::Stats>) {
            out += "stats " + Named(body.items);
            if (!body.by.empty()) out += " by " + Named(body.by);
          }
          if constexpr (std::is_same_v<T, ast::Sort>) {
            out += "sort";
            for (const auto& k : body.keys)
              out += " " + Sexp(*k.expr) + (k.descending ? " desc" : " asc");
          }
          if constexpr (std::is_same_v<T, ast::Limit>) out += "limit " + std::to_string(body.count);
          if constexpr (std::is_same_v<T, ast::Parse>) {
            out += "parse " + (body.source ? Sexp(*body.source) : std::string("-")) +
                   (body.is_regex ? " /" + body.pattern + "/" : " '" + body.pattern + "'");
            if (!body.names.empty()) out += " as " + Names(body.names);
          }
          if constexpr (std::is_same_v<T, ast::Dedup>) out += "dedup " + Names(body.fields);
        },
        c.body);
  }
  return out;
}

struct ParseCase {
  const char* text;
  const char* shown;
};

TEST(Parser, ReadsEveryCommand) {
  const ParseCase cases[] = {
      {"fields @timestamp, @message", "fields @timestamp, @message"},
      {"fields abs(f3 - f4) as d, `foo-bar`", "fields (call:abs (- f3 f4)) as d, foo-bar"},
      {"FIELDS a | Filter b", "fields a | filter b"},
      {"display a, `b c`", "display a, b c"},
      {"filter duration > 2000", "filter (> duration 2000)"},
      {"stats count(*)", "stats (call:count *)"},
      {"stats count()", "stats (call:count)"},
      {"stats count(*) as c, avg(x) by eventName, bin(5m) as t",
       "stats (call:count *) as c, (call:avg x) by eventName, (call:bin <5m>) as t"},
      {"stats pct(latency, 95), sum(bytes) / count(*) as per",
       "stats (call:pct latency 95), (/ (call:sum bytes) (call:count *)) as per"},
      {"sort a desc, b asc, c", "sort a desc b asc c asc"},
      {"limit 25", "limit 25"},
      {"parse @message \"user=*, id=*\" as user, id", "parse @message 'user=*, id=*' as user, id"},
      {"parse @message /(?<user>\\w+)/", "parse @message /(?<user>\\w+)/"},
      {"parse 'a=*' as a", "parse - 'a=*' as a"},
      {"parse tolower(msg) \"x*\" as y", "parse (call:tolower msg) 'x*' as y"},
      {"dedup server, region", "dedup server, region"},
      {"fields a | filter b = 1 | stats count(*) by c | sort c desc | limit 3",
       "fields a | filter (= b 1) | stats (call:count *) by c | sort c desc | limit 3"},
      {"filter ispresent(x) and not isempty(y)",
       "filter (and (call:ispresent x) (not (call:isempty y)))"},
      {"filter x in [\"a\", 2] or y not in []", "filter (or (in x 'a' 2) (notin y))"},
      {"filter x like /E/ and y not like \"z\" or z =~ /q/",
       "filter (or (and (like x /E/) (notlike y 'z')) (like z /q/))"},
      {"filter flag = true and other = FALSE", "filter (and (= flag TRUE) (= other FALSE))"},
  };
  for (const ParseCase& c : cases) EXPECT_EQ(Show(c.text), c.shown) << c.text;
}

TEST(Parser, AppliesPrecedenceAndAssociativity) {
  const ParseCase cases[] = {
      {"filter a or b and c", "filter (or a (and b c))"},
      {"filter (a or b) and c", "filter (and (or a b) c)"},
      {"filter not a and b", "filter (and (not a) b)"},
      {"filter not not a", "filter (not (not a))"},
      {"filter a = 1 or b != 2", "filter (or (= a 1) (!= b 2))"},
      {"filter a + b * c = d", "filter (= (+ a (* b c)) d)"},
      {"filter a - b - c > 0", "filter (> (- (- a b) c) 0)"},
      {"filter a / b % c < 1", "filter (< (% (/ a b) c) 1)"},
      {"filter 2 ^ 3 ^ 2 = x", "filter (= (^ 2 (^ 3 2)) x)"},
      {"filter -2 ^ 2 = x", "filter (= (neg (^ 2 2)) x)"},
      {"filter -a * b = x", "filter (= (* (neg a) b) x)"},
      {"filter a * -b = x", "filter (= (* a (neg b)) x)"},
      {"filter (a + b) * c >= d", "filter (>= (* (+ a b) c) d)"},
      {"filter a + 1 like \"x\"", "filter (like (+ a 1) 'x')"},
      {"filter a + 1 in [2, 3]", "filter (in (+ a 1) 2 3)"},
      {"filter concat(a, b) = lower", "filter (= (call:concat a b) lower)"},
      {"filter f(g(h(x)), 1 + 2)", "filter (call:f (call:g (call:h x)) (+ 1 2))"},
  };
  for (const ParseCase& c : cases) EXPECT_EQ(Show(c.text), c.shown) << c.text;
}

TEST(Parser, KeepsSpansForNamingColumns) {
  auto tokens = Lex("stats  count( * ) by bin(5m)");
  ASSERT_TRUE(tokens.ok());
  auto query = Parse(tokens.value());
  ASSERT_TRUE(query.ok());
  const auto& stats = std::get<ast::Stats>(query.value().commands[0].body);
  EXPECT_EQ(stats.items[0].expr->span.begin, 7);
  EXPECT_EQ(stats.items[0].expr->span.end, 17);
  EXPECT_EQ(stats.by[0].expr->span.begin, 21);
  EXPECT_EQ(stats.by[0].expr->span.end, 28);
}

struct Malformed {
  const char* text;
  int line;
  int column;
  const char* message;  // a part of the message
};

// Every stage's refusals, through the public Compile: the error is MalformedQueryException
// with AWS's "at line L and position P", and the location points at the same place.
TEST(Compile, RejectsMalformedQueriesWithLineAndPosition) {
  const Malformed cases[] = {
      {"", 1, 0, "the query is empty"},
      {"   # only a comment", 1, 19, "the query is empty"},
      {"bogus command", 1, 0, "unexpected symbol found bogus at line 1 and position 0"},
      {"fields", 1, 6, "unexpected symbol found <EOF>"},
      {"fields a,", 1, 9, "unexpected symbol found <EOF>"},
      {"fields a b", 1, 9, "unexpected symbol found b"},
      {"fields a |", 1, 10, "unexpected symbol found <EOF>"},
      {"| fields a", 1, 0, "unexpected symbol found |"},
      {"fields a || fields b", 1, 10, "unexpected symbol found |"},
      {"fields a as", 1, 11, "expected a field name"},
      {"fields a as and", 1, 12, "unexpected symbol found and"},
      {"filter", 1, 6, "unexpected symbol found <EOF>"},
      {"filter (a = 1", 1, 13, "expected )"},
      {"filter a = 1)", 1, 12, "unexpected symbol found )"},
      {"filter a = = 1", 1, 11, "unexpected symbol found ="},
      {"filter a < b < c", 1, 13, "unexpected symbol found <"},
      {"filter a in 1", 1, 12, "`in` takes a [list"},
      {"filter a in [1, 2", 1, 17, "expected , or ]"},
      {"filter a not = 1", 1, 9, "unexpected symbol found not"},
      {"filter f(a,)", 1, 11, "unexpected symbol found )"},
      {"filter x = /re/", 1, 11, "a regular expression can only follow like"},
      {"filter x = 5m", 1, 11, "a time period can only be an argument"},
      {"filter nosuch(x)", 1, 7, "unknown function nosuch"},
      {"filter abs(1, 2)", 1, 7, "abs takes 1 argument, found 2"},
      {"filter substr(x)", 1, 7, "substr takes 2 to 3 arguments, found 1"},
      {"filter count(*) > 1", 1, 7, "count is a stats function"},
      {"fields sum(x)", 1, 7, "sum is a stats function"},
      {"filter x like /a(/", 1, 14, "invalid regular expression"},
      {"filter x like /(a)\\1/", 1, 14, "invalid regular expression"},
      {"filter x =~ /(?=a)/", 1, 12, "invalid regular expression"},
      {"stats", 1, 5, "unexpected symbol found <EOF>"},
      {"stats count(*) by", 1, 17, "unexpected symbol found <EOF>"},
      {"stats x", 1, 6, "field x must be inside an aggregate function"},
      {"stats 1 + 2", 1, 6, "stats needs an aggregate function"},
      {"stats sum(avg(x))", 1, 10, "cannot be nested"},
      {"stats sum(*)", 1, 10, "only count takes *"},
      {"stats pct(x, 101)", 1, 13, "pct takes a percentile from 0 to 100"},
      {"stats pct(x, y)", 1, 13, "pct takes a percentile"},
      {"stats count(*) by bin(x)", 1, 22, "expected a time period"},
      {"stats count(*) by bin()", 1, 18, "bin takes 1 argument, found 0"},
      {"fields datefloor(@timestamp, 5)", 1, 29, "expected a time period"},
      {"sort", 1, 4, "unexpected symbol found <EOF>"},
      {"sort a up", 1, 7, "unexpected symbol found up"},
      {"limit", 1, 5, "limit takes a whole number"},
      {"limit 0", 1, 6, "limit takes a whole number from 1 to 10000"},
      {"limit 10001", 1, 6, "limit takes a whole number"},
      {"limit 2.5", 1, 6, "limit takes a whole number"},
      {"limit x", 1, 6, "limit takes a whole number"},
      {"parse @message", 1, 14, "parse takes a \"glob * pattern\""},
      {"parse @message \"a=*\"", 1, 20, "a glob pattern needs `as`"},
      {"parse @message \"a=* b=*\" as a", 1, 15, "has 2 * but 1 names"},
      {"parse @message /(\\w+)/", 1, 15, "needs named groups"},
      {"parse @message /(?<a>/", 1, 15, "invalid regular expression"},
      {"dedup", 1, 5, "expected a field name"},
      {"dedup a | sort a", 1, 10, "only limit can follow dedup"},
      {"display", 1, 7, "expected a field name"},
      {"display abs(x)", 1, 11, "unexpected symbol found ("},
      {"fields a\n| filter b ==\n 1", 2, 11,
       "unexpected symbol found == at line 2 and position 11"},
      {"fields a\n\n  | bogus", 3, 4, "unexpected symbol found bogus at line 3 and position 4"},
  };
  for (const Malformed& c : cases) {
    CompileErrorLocation location;
    auto q = Compile(c.text, &location);
    ASSERT_FALSE(q.ok()) << c.text;
    EXPECT_EQ(q.error().code, "MalformedQueryException") << c.text;
    EXPECT_EQ(q.error().http_status, 400);
    EXPECT_NE(q.error().message.find(c.message), std::string::npos)
        << c.text << " → " << q.error().message;
    EXPECT_EQ(location.line, c.line) << c.text << " → " << q.error().message;
    EXPECT_EQ(location.column, c.column) << c.text << " → " << q.error().message;
    const std::string suffix = "at line " + std::to_string(location.line) + " and position " +
                               std::to_string(location.column);
    EXPECT_NE(q.error().message.find(suffix), std::string::npos) << q.error().message;
  }
}

TEST(Compile, RefusesNestingThatWouldExhaustTheStack) {
  for (const std::string& text : {
           "fields " + std::string(150, '(') + "a" + std::string(150, ')'),
           "filter " + std::string(150, '-') + "a",
           [] {
             std::string q = "filter ";
             for (int i = 0; i < 150; ++i) q += "not ";
             return q + "a";
           }(),
           [] {
             std::string q = "fields a";
             for (int i = 0; i < 1200; ++i) q += "+a";
             return q;
           }(),
           [] {
             std::string q = "fields a";
             for (int i = 0; i < 3000; ++i) q += "^a";
             return q;
           }(),
           "fields " +
               [] {
                 std::string q;
                 for (int i = 0; i < 120; ++i) q += "abs(";
                 return q + "a" + std::string(120, ')');
               }(),
       }) {
    auto q = Compile(text);
    ASSERT_FALSE(q.ok());
    EXPECT_NE(q.error().message.find("nested too deeply"), std::string::npos) << q.error().message;
  }
  // Long but reasonable: 500 alternatives and 60 levels of brackets.
  std::string alternatives = "filter x = 0";
  for (int i = 1; i < 500; ++i) alternatives += " or x = " + std::to_string(i);
  EXPECT_TRUE(Compile(alternatives).ok());
  EXPECT_TRUE(Compile("fields " + std::string(60, '(') + "a" + std::string(60, ')')).ok());
}

TEST(Compile, LimitsThePatternsOfAQuery) {
  std::string query = "filter x like /a0/";
  for (int i = 1; i < 50; ++i) query += " or x like /a" + std::to_string(i) + "/";
  EXPECT_TRUE(Compile(query).ok());
  auto refused = Compile(query + " | parse @message /(?<y>b)/");
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("at most 50 patterns"), std::string::npos);
}

TEST(Compile, ReportsTheCharacterOffsetsOfTheProblem) {
  CompileErrorLocation location;
  auto q = Compile("fields a | filter nosuch(b)", &location);
  ASSERT_FALSE(q.ok());
  EXPECT_EQ(location.start_char_offset, 18);
  EXPECT_EQ(location.end_char_offset, 26);  // the last character of nosuch(b)
}

TEST(Compile, AcceptsTheDocumentedExamples) {
  for (const char* text : {
           "fields @timestamp, @message | sort @timestamp desc | limit 25",
           "fields `foo-bar`, action, abs(f3-f4)",
           "fields f1, f2, f3 | filter (duration>2000)",
           "fields f1, f2 | filter (f1=10 or f3>25)",
           "fields f1 | filter statusCode like /2\\d\\d/",
           "stats avg (f1) by f2",
           "fields f1, f2, f3 | sort f1 desc",
           "parse @message \"user=*, method:*, latency := *\" as @user, @method, @latency | "
           "stats avg(@latency) by @method, @user",
           "parse @message /(?<time>[0-9]{10}\\.[0-9]{1,3}) .* (?<code>[A-Z_]+\\/[0-9]{3}) "
           "(?<url>[a-zA-Z.]+:[0-9]{1,5})/",
           "fields f1, f2, f3 | filter f1 like /(?i)Exception/",
           "fields f1, f2, f3 | filter f1 =~ /^(?i)Exception$/",
           "fields abs(myField) as AbsoluteValuemyField, myField2",
           "stats avg(f1) as myAvgF1 | sort myAvgF1 desc",
           "filter @message like /Exception/ | stats count(*) as exceptionCount by bin(1h) | "
           "sort exceptionCount desc",
           "stats sum(packets) as packetsTransferred by srcAddr, dstAddr | sort packetsTransferred "
           "desc | limit 15",
           "fields @timestamp, server, severity, message | sort @timestamp desc | dedup server",
           "filter eventSource = \"ecr.amazonaws.com\" | stats count(*) by eventName, bin(5m)",
           "filter isIpv4InSubnet(sourceIPAddress, \"10.0.0.0/8\") | stats "
           "count_distinct(userIdentity.userName)",
       }) {
    auto q = Compile(text);
    EXPECT_TRUE(q.ok()) << text << " → " << (q.ok() ? "" : q.error().message);
  }
}

TEST(Compile, NamesResultColumnsAsAwsDoes) {
  struct Case {
    const char* query;
    std::vector<std::string> columns;
  };
  const Case cases[] = {
      {"filter x = 1", {"@timestamp", "@message", "@ptr"}},
      {"fields a, abs(b) as c, concat(a, b) | fields a, d",
       {"a", "c", "concat(a, b)", "d", "@ptr"}},
      {"stats count(*), avg(x) as m by eventName, bin(5m)",
       {"eventName", "bin(5m)", "count(*)", "m"}},
      {"stats count(*) as c by k | fields c * 2 as twice", {"k", "c", "twice"}},
      {"fields a, b | display b", {"b", "@ptr"}},
      {"display a | stats count(*) by b", {"b", "count(*)"}},
      {"stats count(*) by b | display b", {"b"}},
  };
  for (const Case& c : cases) {
    auto q = Compile(c.query);
    ASSERT_TRUE(q.ok()) << c.query;
    EXPECT_EQ((*q)->ResultColumns(), c.columns) << c.query;
  }
}

}  // namespace
}  // namespace berth::services::logs::insights
