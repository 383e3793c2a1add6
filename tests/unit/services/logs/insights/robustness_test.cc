// Hostile and random input: Compile and the run must answer (a query or an error), never
// crash, throw or assert. Under the sanitizer build this also checks for undefined behaviour.

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "services/logs/insights/query.h"

namespace berth::services::logs::insights {
namespace {

const std::vector<std::string> kPieces = {"fields",
                                          "filter",
                                          "stats",
                                          "sort",
                                          "limit",
                                          "parse",
                                          "dedup",
                                          "display",
                                          "by",
                                          "as",
                                          "and",
                                          "or",
                                          "not",
                                          "like",
                                          "in",
                                          "asc",
                                          "desc",
                                          "count(*)",
                                          "count",
                                          "sum",
                                          "avg",
                                          "pct",
                                          "bin",
                                          "(",
                                          ")",
                                          "[",
                                          "]",
                                          ",",
                                          "|",
                                          "=",
                                          "!=",
                                          "<",
                                          "<=",
                                          ">",
                                          ">=",
                                          "=~",
                                          "+",
                                          "-",
                                          "*",
                                          "/",
                                          "%",
                                          "^",
                                          "5m",
                                          "1h",
                                          "0",
                                          "1",
                                          "-3",
                                          "2.5",
                                          "1e308",
                                          "\"s\"",
                                          "'x'",
                                          "/a+/",
                                          "/(?<n>\\w+)/",
                                          "\"* *\"",
                                          "@message",
                                          "@timestamp",
                                          "eventName",
                                          "a.b.0",
                                          "`q f`",
                                          "#c\n",
                                          "\n",
                                          " ",
                                          "concat",
                                          "substr",
                                          "datefloor",
                                          "fromMillis",
                                          "isIpInSubnet",
                                          "ispresent",
                                          "\"\\",
                                          "\xff",
                                          "true",
                                          "false",
                                          "earliest",
                                          "count_distinct",
                                          "`",
                                          "/",
                                          "\"",
                                          "''"};

std::string RandomQuery(std::mt19937& rng) {
  std::uniform_int_distribution<int> length(1, 25);
  std::uniform_int_distribution<size_t> piece(0, kPieces.size() - 1);
  std::string q;
  const int n = length(rng);
  for (int i = 0; i < n; ++i) {
    q += kPieces[piece(rng)];
    if (rng() % 3) q += ' ';
  }
  return q;
}

// A random expression from a small grammar, `depth` levels deep at most.
std::string RandomExpr(std::mt19937& rng, int depth) {
  static const char* kLeaves[] = {"eventName",  "n",    "a.b.0",   "@message",
                                  "@timestamp", "1",    "2.5",     "\"PutImage\"",
                                  "'x'",        "true", "missing", "`a.b.1`"};
  static const char* kBinary[] = {" = ", " != ", " < ", " >= ", " + ",   " - ",
                                  " * ", " / ",  " % ", " ^ ",  " and ", " or "};
  static const char* kCalls[] = {"abs(",       "concat(",    "strlen(",  "tolower(",
                                 "ispresent(", "coalesce(",  "isempty(", "fromMillis(",
                                 "toMillis(",  "isValidIp(", "trim(",    "greatest("};
  const int choice = depth <= 0 ? 0 : static_cast<int>(rng() % 6);
  switch (choice) {
    case 0: return kLeaves[rng() % std::size(kLeaves)];
    case 1:
      return RandomExpr(rng, depth - 1) + kBinary[rng() % std::size(kBinary)] +
             RandomExpr(rng, depth - 1);
    case 2:
      return std::string(kCalls[rng() % std::size(kCalls)]) + RandomExpr(rng, depth - 1) + ")";
    case 3: return "not " + RandomExpr(rng, depth - 1);
    case 4: return "(" + RandomExpr(rng, depth - 1) + ")";
    default: return RandomExpr(rng, depth - 1) + (rng() % 2 ? " like /P.t/" : " in [1, \"x\"]");
  }
}

// A random, mostly valid query: two to four commands over random expressions.
std::string RandomCommands(std::mt19937& rng) {
  std::string q;
  const int n = 2 + static_cast<int>(rng() % 3);
  for (int i = 0; i < n; ++i) {
    if (i) q += " | ";
    switch (rng() % 7) {
      case 0: q += "fields " + RandomExpr(rng, 3) + " as f" + std::to_string(i); break;
      case 1: q += "filter " + RandomExpr(rng, 3); break;
      case 2:
        q += "stats count(*), sum(" + RandomExpr(rng, 2) + ") by " + RandomExpr(rng, 1);
        break;
      case 3: q += "sort " + RandomExpr(rng, 1) + (rng() % 2 ? " desc" : ""); break;
      case 4: q += "limit " + std::to_string(1 + rng() % 5); break;
      case 5:
        q += "parse @message \"* *\" as p" + std::to_string(i) + ", q" + std::to_string(i);
        break;
      default: q += "display eventName, n"; break;
    }
  }
  return q;
}

// The same query with one piece cut out or one random piece put in.
std::string Mutate(std::string q, std::mt19937& rng) {
  if (q.empty()) return q;
  const size_t at = rng() % q.size();
  if (rng() % 2) return q.erase(at, 1 + rng() % 4);
  return q.insert(at, kPieces[rng() % kPieces.size()]);
}

void RunOn(const std::shared_ptr<const CompiledQuery>& q) {
  QueryRun run(q);
  const std::string messages[] = {
      R"({"eventName":"PutImage","a":{"b":[7,"x"]},"n":3,"@message":"inner"})",
      "plain text 12 user=bob",
      "{not json",
      "",
  };
  int64_t t = 1'700'000'000'000;
  for (int round = 0; round < 3; ++round)
    for (const std::string& m : messages) run.Add(LogRecord{t += 61'000, t, m, "s", "g", "p"});
  (void)run.Results();
  (void)run.Statistics();
}

TEST(Robustness, RandomQueriesCompileOrFailCleanly) {
  std::mt19937 rng(20240601);
  int compiled = 0;
  for (int i = 0; i < 20'000; ++i) {
    std::string text;
    switch (i % 3) {
      case 0: text = RandomQuery(rng); break;
      case 1: text = RandomCommands(rng); break;
      default: text = Mutate(RandomCommands(rng), rng); break;
    }
    CompileErrorLocation location;
    auto q = Compile(text, &location);
    if (q.ok()) {
      ++compiled;
      RunOn(*q);
    } else {
      EXPECT_EQ(q.error().code, "MalformedQueryException") << text;
      EXPECT_GE(location.start_char_offset, 0) << text;
      EXPECT_LE(location.start_char_offset, static_cast<int>(text.size())) << text;
    }
  }
  EXPECT_GT(compiled, 4'000);  // the generators do produce valid queries too
}

TEST(Robustness, RandomBytesFailCleanly) {
  std::mt19937 rng(7);
  for (int i = 0; i < 5'000; ++i) {
    std::string text(rng() % 64, '\0');
    for (char& c : text) c = static_cast<char>(rng());
    auto q = Compile(text);
    if (q.ok()) RunOn(*q);
  }
}

TEST(Robustness, ValidQueriesOverOddRecords) {
  for (const char* text : {
           "fields a.b.0 + 1 as x, a.b.1, `@@message`, n / 0, -n ^ 0.5, substr(@message, -5, 1e9)",
           "stats count(*), pct(n, 0), pct(n, 100), stddev(n), avg(@message) by bin(1y), n",
           "parse @message \"* *\" as x, y | sort x desc, y | limit 2 | stats count_distinct(x)",
           "fields fromMillis(1e17) as far, datefloor(fromMillis(-1e17), 1q) as past",
           "dedup eventName, n | limit 1",
           "fields 1e300 as @timestamp | stats earliest(n), latest(n) by bin(1h)",
           "stats count(*) as c by n | fields 1e300 as @timestamp | stats latest(c) by bin(1d)",
           "filter n in [] or not (n in [3]) | display n",
       }) {
    auto q = Compile(text);
    ASSERT_TRUE(q.ok()) << text << ": " << q.error().message;
    RunOn(*q);
  }
}

}  // namespace
}  // namespace berth::services::logs::insights
