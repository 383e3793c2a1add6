// Every scalar function, on one event, against values worked out by hand.

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "services/logs/insights/query.h"

namespace berth::services::logs::insights {
namespace {

constexpr int64_t kTime = 1'717'200'123'456;  // 2024-06-01 00:02:03.456 UTC, a Saturday
constexpr const char* kMessage =
    R"({"s":"  Hello World  ","n":-2.5,"i":7,"ip":"192.168.1.20","ip6":"2001:db8::1","e":"",)"
    R"("b":"   ","u":"h\u00e9llo","ms":1717200000123,"num":"12","@odd":"at","a.b":{"c":"dotted"}})";

// The value of `expr` on the event, or nullopt when the field is absent from the row.
std::optional<std::string> Eval(const std::string& expr) {
  auto q = Compile("fields " + expr + " as r");
  if (!q.ok()) return "compile error: " + q.error().message;
  QueryRun run(*q);
  run.Add(LogRecord{kTime, kTime + 5, kMessage, "stream", "group"});
  const auto rows = run.Results();
  if (rows.size() != 1) return "rows: " + std::to_string(rows.size());
  for (const ResultField& f : rows[0])
    if (f.field == "r") return f.value;
  return std::nullopt;
}

struct Case {
  const char* expr;
  std::optional<std::string> value;
};

void Check(std::initializer_list<Case> cases) {
  for (const Case& c : cases) EXPECT_EQ(Eval(c.expr), c.value) << c.expr;
}

TEST(Functions, Numeric) {
  Check({
      {"abs(n)", "2.5"},
      {"ceil(n)", "-2"},
      {"floor(n)", "-3"},
      {"greatest(1, i, n)", "7"},
      {"least(1, i, n)", "-2.5"},
      {"greatest(nosuch, 3)", "3"},
      {"log(1)", "0"},
      {"sqrt(16)", "4"},
      {"sqrt(-1)", std::nullopt},
      {"log(0)", std::nullopt},
      {"abs(s)", std::nullopt},
      {"abs(num)", "12"},
      {"10 % 3", "1"},
      {"2 ^ 10", "1024"},
      {"i / 2", "3.5"},
      {"i / 0", std::nullopt},
      {"1 / 3", "0.3333333333333333"},
      {"0.1 + 0.2", "0.30000000000000004"},
      {"num + 1", "13"},
      {"s + 1", std::nullopt},
      {"-i", "-7"},
      {"1e20", "100000000000000000000"},
      {"1e15 + 0.5", "1000000000000000.5"},
      {"i > 5", "true"},
      {"i = \"7\"", "true"},
      {"num = 12", "true"},
      {"nosuch = 1", std::nullopt},
  });
}

TEST(Functions, General) {
  Check({
      {"ispresent(s)", "true"},
      {"ispresent(nosuch)", "false"},
      {"isPresent(e)", "true"},
      {"coalesce(nosuch, i, s)", "7"},
      {"coalesce(nosuch, other)", std::nullopt},
      {"`@@odd`", "at"},
      {"`a.b.c`", "dotted"},
      {"@odd", std::nullopt},  // a single @ names only fields the query makes
  });
}

TEST(Functions, Strings) {
  Check({
      {"isempty(e)", "true"},
      {"isempty(s)", "false"},
      {"isempty(nosuch)", "true"},
      {"isblank(b)", "true"},
      {"isblank(e)", "true"},
      {"isblank(s)", "false"},
      {"concat(i, \"-\", n)", "7--2.5"},
      {"concat(\"a\", nosuch, \"b\")", "ab"},
      {"ltrim(s)", "Hello World  "},
      {"rtrim(s)", "  Hello World"},
      {"trim(s)", "Hello World"},
      {"trim(\"xyZfooxyZ\", \"xyZ\")", "foo"},
      {"ltrim(\"xyZfooxyZ\", \"xyZ\")", "fooxyZ"},
      {"rtrim(\"xyZfooxyZ\", \"xyZ\")", "xyZfoo"},
      {"strlen(u)", "5"},
      {"strlen(s)", "15"},
      {"strlen(i)", "1"},
      {"toupper(u)", "H\xC3\xA9LLO"},
      {"tolower(\"AbC\")", "abc"},
      {"substr(\"xyZfooxyZ\", 3, 3)", "foo"},
      {"substr(\"xyZfooxyZ\", 6)", "xyZ"},
      {"substr(u, 1, 3)", "\xC3\xA9ll"},
      {"substr(\"abc\", 10)", ""},
      {"substr(\"abc\", -2, 2)", "ab"},
      {"substr(trim(s), 6)", "World"},
      {"replace(\"foo\", \"o\", \"0\")", "f00"},
      {"replace(s, \" \", \"\")", "HelloWorld"},
      {"replace(\"aaa\", \"\", \"x\")", "aaa"},
      {"strcontains(\"foobar\", \"oba\")", "1"},
      {"strcontains(\"foo\", \"x\")", "0"},
      {"strcontains(nosuch, \"x\")", std::nullopt},
  });
}

TEST(Functions, DateTime) {
  Check({
      {"@timestamp", "2024-06-01 00:02:03.456"},
      {"@ingestionTime", "2024-06-01 00:02:03.461"},
      {"bin(1h)", "2024-06-01 00:00:00.000"},
      {"bin(1m)", "2024-06-01 00:02:00.000"},
      {"bin(30s)", "2024-06-01 00:02:00.000"},
      {"bin(100ms)", "2024-06-01 00:02:03.400"},
      {"datefloor(@timestamp, 15m)", "2024-06-01 00:00:00.000"},
      {"datefloor(@timestamp, 1d)", "2024-06-01 00:00:00.000"},
      {"datefloor(@timestamp, 1w)", "2024-05-27 00:00:00.000"},
      {"datefloor(@timestamp, 1mo)", "2024-06-01 00:00:00.000"},
      {"datefloor(@timestamp, 1q)", "2024-04-01 00:00:00.000"},
      {"datefloor(@timestamp, 1y)", "2024-01-01 00:00:00.000"},
      {"datefloor(@timestamp, 5y)", "2020-01-01 00:00:00.000"},
      {"dateceil(@timestamp, 1d)", "2024-06-02 00:00:00.000"},
      {"dateceil(@timestamp, 1mo)", "2024-07-01 00:00:00.000"},
      {"dateceil(@timestamp, 1y)", "2025-01-01 00:00:00.000"},
      {"dateceil(datefloor(@timestamp, 1h), 1h)", "2024-06-01 00:00:00.000"},
      {"fromMillis(ms)", "2024-06-01 00:00:00.123"},
      {"fromMillis(0)", "1970-01-01 00:00:00.000"},
      {"fromMillis(-1)", "1969-12-31 23:59:59.999"},
      {"toMillis(@timestamp)", "1717200123456"},
      {"toMillis(@timestamp) - toMillis(fromMillis(ms))", "123333"},
      {"fromMillis(s)", std::nullopt},
  });
}

TEST(Functions, IpAddresses) {
  Check({
      {"isValidIp(ip)", "true"},
      {"isValidIp(ip6)", "true"},
      {"isValidIp(\"1.2.3.256\")", "false"},
      {"isValidIp(s)", "false"},
      {"isValidIp(nosuch)", "false"},
      {"isValidIpV4(ip)", "true"},
      {"isValidIpV4(ip6)", "false"},
      {"isValidIpV6(ip6)", "true"},
      {"isValidIpV6(ip)", "false"},
      {"isIpInSubnet(ip, \"192.168.0.0/16\")", "true"},
      {"isIpInSubnet(ip, \"192.168.1.20\")", "true"},
      {"isIpInSubnet(ip, \"10.0.0.0/8\")", "false"},
      {"isIpInSubnet(ip, \"192.168.0.0/33\")", "false"},
      {"isIpv4InSubnet(ip, \"192.168.1.16/28\")", "true"},
      {"isIpv4InSubnet(ip, \"192.168.1.0/28\")", "false"},
      {"isIpv4InSubnet(ip6, \"::/0\")", "false"},
      {"isIpv6InSubnet(ip6, \"2001:db8::/32\")", "true"},
      {"isIpv6InSubnet(ip6, \"2001:db9::/32\")", "false"},
      {"isIpInSubnet(ip, \"0.0.0.0/0\")", "true"},
  });
}

}  // namespace
}  // namespace berth::services::logs::insights
