// The engine against answers computed independently: every expectation below comes from a
// plain loop over the fixture's structs (insights_fixture.h), never from the engine.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "insights_fixture.h"

namespace berth::services::logs::insights {
namespace {

using testing::Outcome;
using testing::RowMap;
using testing::RunOver;
using testing::TextLine;
using testing::TextLines;
using testing::TrailEvent;
using testing::TrailEvents;

// Formatting done here with the C library, independently of the engine's calendar code.
std::string Stamp(int64_t ms) {
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%03d", buf, static_cast<int>(ms % 1000));
  return out;
}

std::string Int(int64_t n) { return std::to_string(n); }

double Num(const std::string& s) { return std::stod(s); }

void ExpectOk(const Outcome& o) {
  ASSERT_FALSE(o.failure.has_value()) << o.failure->code << ": " << o.failure->message;
}

TEST(Executor, CountsEcrCallsPerNameAndFiveMinuteBin) {
  const Outcome o =
      RunOver("filter eventSource = \"ecr.amazonaws.com\" | stats count(*) by eventName, bin(5m)");
  ExpectOk(o);
  std::map<std::pair<std::string, int64_t>, int> expected;
  for (const TrailEvent& e : TrailEvents())
    if (e.event_source == "ecr.amazonaws.com")
      ++expected[{e.event_name, e.timestamp_ms / 300'000 * 300'000}];
  ASSERT_EQ(o.rows.size(), expected.size());
  size_t i = 0;
  for (const auto& [key, count] : expected) {  // std::map order: by name, then bin
    EXPECT_EQ(o.rows[i], (std::vector<ResultField>{{"eventName", key.first},
                                                   {"bin(5m)", Stamp(key.second)},
                                                   {"count(*)", Int(count)}}))
        << "row " << i;
    ++i;
  }
  EXPECT_EQ(o.statistics.records_scanned, 62);
  int ecr = 0;
  for (const TrailEvent& e : TrailEvents()) ecr += e.event_source == "ecr.amazonaws.com";
  EXPECT_EQ(o.statistics.records_matched, ecr);
  double bytes = 0;
  for (const TrailEvent& e : TrailEvents()) bytes += static_cast<double>(e.Json().size());
  for (const TextLine& l : TextLines()) bytes += static_cast<double>(l.Text().size());
  EXPECT_EQ(o.statistics.bytes_scanned, bytes);
}

TEST(Executor, ComputesEveryAggregatePerGroup) {
  const Outcome o = RunOver(
      "stats count(*) as n, count(userIdentity.userName) as named, "
      "count_distinct(sourceIPAddress) as ips, sum(additionalEventData.bytes) as total, "
      "avg(additionalEventData.bytes) as mean, min(additionalEventData.bytes) as low, "
      "max(additionalEventData.bytes) as high, stddev(additionalEventData.bytes) as sd, "
      "pct(additionalEventData.bytes, 90) as p90, earliest(eventName) as first, "
      "latest(eventName) as last by eventSource");
  ExpectOk(o);
  struct Acc {
    int n = 0, named = 0;
    std::set<std::string> ips;
    std::vector<double> bytes;
    int64_t first_ts = INT64_MAX, last_ts = INT64_MIN;
    std::string first, last;
  };
  std::map<std::string, Acc> groups;
  for (const TrailEvent& e : TrailEvents()) {
    Acc& a = groups[e.event_source];
    ++a.n;
    a.named += e.user_name.has_value();
    a.ips.insert(e.source_ip);
    a.bytes.push_back(static_cast<double>(e.bytes));
    if (e.timestamp_ms < a.first_ts) a.first_ts = e.timestamp_ms, a.first = e.event_name;
    if (e.timestamp_ms > a.last_ts) a.last_ts = e.timestamp_ms, a.last = e.event_name;
  }
  const auto maps = o.Maps();
  ASSERT_EQ(maps.size(), groups.size() + 1);  // + the text lines, which have no eventSource
  size_t i = 0;
  for (const auto& [source, a] : groups) {
    const RowMap& row = maps[i++];
    EXPECT_EQ(row.at("eventSource"), source);
    EXPECT_EQ(row.at("n"), Int(a.n));
    EXPECT_EQ(row.at("named"), Int(a.named));
    EXPECT_EQ(row.at("ips"), Int(static_cast<int64_t>(a.ips.size())));
    double sum = 0;
    for (double b : a.bytes) sum += b;
    EXPECT_EQ(row.at("total"), Int(static_cast<int64_t>(sum)));
    const double mean = sum / static_cast<double>(a.bytes.size());
    EXPECT_DOUBLE_EQ(Num(row.at("mean")), mean) << source;
    EXPECT_EQ(row.at("low"),
              Int(static_cast<int64_t>(*std::min_element(a.bytes.begin(), a.bytes.end()))));
    EXPECT_EQ(row.at("high"),
              Int(static_cast<int64_t>(*std::max_element(a.bytes.begin(), a.bytes.end()))));
    double squares = 0;
    for (double b : a.bytes) squares += (b - mean) * (b - mean);
    EXPECT_NEAR(Num(row.at("sd")), std::sqrt(squares / static_cast<double>(a.bytes.size() - 1)),
                1e-9);
    std::vector<double> sorted = a.bytes;
    std::sort(sorted.begin(), sorted.end());
    const size_t rank = static_cast<size_t>(std::ceil(0.9 * static_cast<double>(sorted.size())));
    EXPECT_EQ(row.at("p90"), Int(static_cast<int64_t>(sorted[rank - 1]))) << source;
    EXPECT_EQ(row.at("first"), a.first);
    EXPECT_EQ(row.at("last"), a.last);
  }
  // The group of events without eventSource comes last, its key left out.
  const RowMap& text = maps.back();
  EXPECT_EQ(text.count("eventSource"), 0u);
  EXPECT_EQ(text.at("n"), Int(static_cast<int64_t>(TextLines().size())));
  EXPECT_EQ(text.at("named"), "0");
  EXPECT_EQ(text.count("mean"), 0u);  // no numbers: no average
}

TEST(Executor, ComputesExpressionsOverAggregatesAndSortOrderExtremes) {
  const Outcome o = RunOver(
      "filter ispresent(eventSource) | stats sum(additionalEventData.bytes) / count() as per, "
      "sortsFirst(eventName) as first, sortsLast(eventName) as last, "
      "count(*) - count(errorCode) as clean");
  ExpectOk(o);
  double sum = 0;
  int n = 0, errors = 0;
  std::string first = "~", last;
  for (const TrailEvent& e : TrailEvents()) {
    sum += static_cast<double>(e.bytes);
    ++n;
    errors += e.error_code.has_value();
    first = std::min(first, e.event_name);
    last = std::max(last, e.event_name);
  }
  ASSERT_EQ(o.rows.size(), 1u);
  const RowMap row = testing::ToMap(o.rows[0]);
  EXPECT_DOUBLE_EQ(Num(row.at("per")), sum / n);
  EXPECT_EQ(row.at("first"), first);
  EXPECT_EQ(row.at("last"), last);
  EXPECT_EQ(row.at("clean"), Int(n - errors));
}

TEST(Executor, FiltersOnJsonFieldsAndSortsAscending) {
  const Outcome o = RunOver(
      "filter ispresent(errorCode) | fields eventName, userIdentity.userName | "
      "sort @timestamp asc");
  ExpectOk(o);
  std::vector<TrailEvent> expected;
  for (const TrailEvent& e : TrailEvents())
    if (e.error_code) expected.push_back(e);
  std::stable_sort(expected.begin(), expected.end(), [](const TrailEvent& a, const TrailEvent& b) {
    return a.timestamp_ms < b.timestamp_ms;
  });
  ASSERT_EQ(o.rows.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    std::vector<ResultField> want{{"eventName", expected[i].event_name}};
    if (expected[i].user_name) want.push_back({"userIdentity.userName", *expected[i].user_name});
    want.push_back({"@ptr", "ptr-" + std::to_string(expected[i].timestamp_ms)});
    EXPECT_EQ(o.rows[i], want) << "row " << i;
  }
}

TEST(Executor, ListsEventsMostRecentFirstByDefault) {
  const Outcome o = RunOver("filter eventSource = \"iam.amazonaws.com\"");
  ExpectOk(o);
  std::vector<TrailEvent> expected;
  for (const TrailEvent& e : TrailEvents())
    if (e.event_source == "iam.amazonaws.com") expected.push_back(e);
  std::stable_sort(expected.begin(), expected.end(), [](const TrailEvent& a, const TrailEvent& b) {
    return a.timestamp_ms > b.timestamp_ms;
  });
  ASSERT_EQ(o.rows.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i)
    EXPECT_EQ(o.rows[i], (std::vector<ResultField>{
                             {"@timestamp", Stamp(expected[i].timestamp_ms)},
                             {"@message", expected[i].Json()},
                             {"@ptr", "ptr-" + std::to_string(expected[i].timestamp_ms)}}));
}

TEST(Executor, ThreeValuedLogicLeavesOutEventsWithoutTheField) {
  int not_denied = 0, without_error = 0, either = 0;
  for (const TrailEvent& e : TrailEvents()) {
    not_denied += e.error_code && *e.error_code != "AccessDenied";
    without_error += !e.error_code;
    either += !e.error_code || *e.error_code != "AccessDenied";
  }
  const int text = static_cast<int>(TextLines().size());
  const struct {
    const char* query;
    int count;
  } cases[] = {
      {"filter errorCode != \"AccessDenied\" | stats count(*) as c", not_denied},
      {"filter not (errorCode = \"AccessDenied\") | stats count(*) as c", not_denied},
      {"filter not ispresent(errorCode) | stats count(*) as c", without_error + text},
      {"filter not ispresent(errorCode) or errorCode != \"AccessDenied\" | stats count(*) as c",
       either + text},
      {"filter isempty(errorCode) | stats count(*) as c", without_error + text},
  };
  for (const auto& c : cases) {
    const Outcome o = RunOver(c.query);
    ExpectOk(o);
    ASSERT_EQ(o.rows.size(), 1u) << c.query;
    EXPECT_EQ(testing::ToMap(o.rows[0]).at("c"), Int(c.count)) << c.query;
  }
}

TEST(Executor, MatchesLikeRegexInAndArrays) {
  struct Case {
    const char* query;
    int (*count)(const TrailEvent&);
  };
  const Case cases[] = {
      {"filter resources.1.ARN like /shared$/",
       [](const TrailEvent& e) { return int(e.resource_arns.size() >= 2); }},
      {"filter resources.0.ARN like \"repository/web\"",
       [](const TrailEvent& e) { return int(e.repository == "web"); }},
      {"filter eventName =~ /^(Put|BatchGet)Image$/",
       [](const TrailEvent& e) {
         return int(e.event_name == "PutImage" || e.event_name == "BatchGetImage");
       }},
      {"filter eventName like /(?i)^putimage$/",
       [](const TrailEvent& e) { return int(e.event_name == "PutImage"); }},
      {"filter eventName not like /Image/",
       [](const TrailEvent& e) { return int(e.event_name.find("Image") == std::string::npos); }},
      {"filter eventName in [\"PutImage\", \"GetUser\"] and sourceIPAddress not like \"10.0.3.\"",
       [](const TrailEvent& e) {
         return int((e.event_name == "PutImage" || e.event_name == "GetUser") &&
                    e.source_ip.find("10.0.3.") == std::string::npos);
       }},
      {"filter eventName not in [\"PutImage\", \"GetUser\"]",
       [](const TrailEvent& e) {
         return int(e.event_name != "PutImage" && e.event_name != "GetUser");
       }},
      {"filter additionalEventData.bytes > 500 and additionalEventData.bytes <= 900",
       [](const TrailEvent& e) { return int(e.bytes > 500 && e.bytes <= 900); }},
      {"filter additionalEventData.bytes % 2 = 0 and additionalEventData.bytes * 2 - 1 >= 99",
       [](const TrailEvent& e) { return int(e.bytes % 2 == 0 && e.bytes * 2 - 1 >= 99); }},
      {"filter readOnly = true", [](const TrailEvent& e) { return int(e.read_only); }},
      {"filter isIpv4InSubnet(sourceIPAddress, \"10.0.2.0/24\")",
       [](const TrailEvent& e) { return int(e.source_ip.starts_with("10.0.2.")); }},
      {"filter userIdentity.type = \"AssumedRole\"",
       [](const TrailEvent& e) { return int(!e.user_name); }},
      {"filter strcontains(requestParameters.repositoryName, \"or\")",
       [](const TrailEvent& e) {
         return int(e.repository && e.repository->find("or") != std::string::npos);
       }},
  };
  for (const Case& c : cases) {
    const std::string query = std::string(c.query) + " | stats count(*) as c";
    const Outcome o = RunOver(query);
    ExpectOk(o);
    int expected = 0;
    for (const TrailEvent& e : TrailEvents()) expected += c.count(e);
    ASSERT_EQ(o.rows.size(), 1u) << query;
    EXPECT_EQ(testing::ToMap(o.rows[0]).at("c"), Int(expected)) << query;
  }
}

TEST(Executor, ParsesPlainTextWithGlobs) {
  const Outcome o = RunOver(
      "filter @message like /ERROR|WARN/ | "
      "parse @message \"* [*] request done latency=*ms user=*\" as level, worker, latency, user | "
      "stats avg(latency) as mean, max(latency) as worst, count_distinct(user) as users by level");
  ExpectOk(o);
  struct Acc {
    double sum = 0;
    int n = 0, max = 0;
    std::set<std::string> users;
  };
  std::map<std::string, Acc> groups;
  for (const TextLine& l : TextLines()) {
    if (l.level != "ERROR" && l.level != "WARN") continue;
    Acc& a = groups[l.level];
    a.sum += l.latency;
    ++a.n;
    a.max = std::max(a.max, l.latency);
    a.users.insert(l.user);
  }
  const auto maps = o.Maps();
  ASSERT_EQ(maps.size(), groups.size());
  size_t i = 0;
  for (const auto& [level, a] : groups) {
    EXPECT_EQ(maps[i].at("level"), level);
    EXPECT_DOUBLE_EQ(Num(maps[i].at("mean")), a.sum / a.n);
    EXPECT_EQ(maps[i].at("worst"), Int(a.max));
    EXPECT_EQ(maps[i].at("users"), Int(static_cast<int64_t>(a.users.size())));
    ++i;
  }
}

TEST(Executor, ParsesWithNamedRegexGroups) {
  const Outcome o = RunOver(
      "parse @message /user=(?<u>\\w+)$/ | filter ispresent(u) | "
      "stats count(*) as n, sum(strlen(u)) as letters by u");
  ExpectOk(o);
  std::map<std::string, int> counts;
  for (const TextLine& l : TextLines()) ++counts[l.user];
  const auto maps = o.Maps();
  ASSERT_EQ(maps.size(), counts.size());
  size_t i = 0;
  for (const auto& [user, n] : counts) {
    EXPECT_EQ(maps[i].at("u"), user);
    EXPECT_EQ(maps[i].at("n"), Int(n));
    EXPECT_EQ(maps[i].at("letters"), Int(n * static_cast<int>(user.size())));
    ++i;
  }
}

TEST(Executor, KeepsTheTopRowsForSortAndLimit) {
  const Outcome o = RunOver(
      "sort additionalEventData.bytes desc, @timestamp asc | limit 5 | "
      "fields eventName, additionalEventData.bytes as bytes");
  ExpectOk(o);
  std::vector<TrailEvent> events = TrailEvents();
  std::stable_sort(events.begin(), events.end(), [](const TrailEvent& a, const TrailEvent& b) {
    if (a.bytes != b.bytes) return a.bytes > b.bytes;
    return a.timestamp_ms < b.timestamp_ms;
  });
  ASSERT_EQ(o.rows.size(), 5u);
  for (size_t i = 0; i < 5; ++i)
    EXPECT_EQ(o.rows[i], (std::vector<ResultField>{
                             {"eventName", events[i].event_name},
                             {"bytes", Int(events[i].bytes)},
                             {"@ptr", "ptr-" + std::to_string(events[i].timestamp_ms)}}));
}

TEST(Executor, SortsNullsLastAndByNaturalOrder) {
  const Outcome o = RunOver("sort userIdentity.userName asc | fields userIdentity.userName as u");
  ExpectOk(o);
  std::vector<std::string> names;
  for (const TrailEvent& e : TrailEvents())
    if (e.user_name) names.push_back(*e.user_name);
  std::sort(names.begin(), names.end());
  ASSERT_EQ(o.rows.size(), TrailEvents().size() + TextLines().size());
  for (size_t i = 0; i < names.size(); ++i) EXPECT_EQ(testing::ToMap(o.rows[i]).at("u"), names[i]);
  for (size_t i = names.size(); i < o.rows.size(); ++i)
    EXPECT_EQ(testing::ToMap(o.rows[i]).count("u"), 0u);
}

TEST(Executor, PlainLimitKeepsTheFirstRowsFedAndSaturates) {
  auto q = Compile("filter eventSource = \"logs.amazonaws.com\" | limit 3");
  ASSERT_TRUE(q.ok());
  QueryRun run(*q);
  std::vector<TrailEvent> fed;
  for (const TrailEvent& e : TrailEvents()) {
    if (run.Saturated()) break;
    const std::string m = e.Json();
    run.Add(LogRecord{e.timestamp_ms, e.timestamp_ms, m, e.stream, "g"});
    if (e.event_source == "logs.amazonaws.com") fed.push_back(e);
  }
  EXPECT_TRUE(run.Saturated());
  ASSERT_EQ(fed.size(), 3u);
  const auto rows = run.Results();
  ASSERT_EQ(rows.size(), 3u);
  for (size_t i = 0; i < 3; ++i)  // shown most recent first
    EXPECT_EQ(testing::ToMap(rows[i]).at("@timestamp"), Stamp(fed[2 - i].timestamp_ms));
  EXPECT_EQ(run.RetainedRows(), 3u);
}

TEST(Executor, DedupKeepsTheLatestEventPerValue) {
  const Outcome o =
      RunOver("fields userIdentity.userName as u, eventName | filter ispresent(u) | dedup u");
  ExpectOk(o);
  std::map<std::string, TrailEvent> latest;
  for (const TrailEvent& e : TrailEvents()) {
    if (!e.user_name) continue;
    auto it = latest.find(*e.user_name);
    if (it == latest.end() || e.timestamp_ms > it->second.timestamp_ms)
      latest.insert_or_assign(*e.user_name, e);
  }
  std::vector<TrailEvent> expected;
  for (const auto& [u, e] : latest) expected.push_back(e);
  std::sort(expected.begin(), expected.end(), [](const TrailEvent& a, const TrailEvent& b) {
    return a.timestamp_ms > b.timestamp_ms;
  });
  ASSERT_EQ(o.rows.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i)
    EXPECT_EQ(o.rows[i], (std::vector<ResultField>{
                             {"u", *expected[i].user_name},
                             {"eventName", expected[i].event_name},
                             {"@ptr", "ptr-" + std::to_string(expected[i].timestamp_ms)}}));
}

TEST(Executor, DedupFollowsAnExplicitSortAndKeepsNullsAndLimit) {
  const Outcome earliest = RunOver(
      "filter ispresent(eventSource) | sort @timestamp asc | dedup userIdentity.userName | limit "
      "100");
  ExpectOk(earliest);
  std::map<std::string, int64_t> first;
  int nulls = 0;
  for (const TrailEvent& e : TrailEvents()) {
    if (!e.user_name) {
      ++nulls;
      continue;
    }
    if (!first.count(*e.user_name)) first[*e.user_name] = e.timestamp_ms;
  }
  EXPECT_EQ(earliest.rows.size(), first.size() + nulls);
  std::set<std::string> stamps;
  for (const auto& row : earliest.Maps()) stamps.insert(row.at("@timestamp"));
  for (const auto& [user, ts] : first) EXPECT_TRUE(stamps.count(Stamp(ts))) << user;
  // Ascending, as sorted.
  for (size_t i = 1; i < earliest.rows.size(); ++i)
    EXPECT_LE(earliest.Maps()[i - 1].at("@timestamp"), earliest.Maps()[i].at("@timestamp"));

  const Outcome limited =
      RunOver("filter ispresent(eventSource) | dedup userIdentity.userName | limit 2");
  ExpectOk(limited);
  EXPECT_EQ(limited.rows.size(), 2u);
}

TEST(Executor, RunsCommandsAfterStatsInMemory) {
  std::map<std::string, int> per_source;
  for (const TrailEvent& e : TrailEvents()) ++per_source[e.event_source];
  std::vector<std::pair<std::string, int>> ranked(per_source.begin(), per_source.end());
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });

  const Outcome top = RunOver(
      "filter ispresent(eventSource) | stats count(*) as c by eventSource | sort c desc | limit 2");
  ExpectOk(top);
  ASSERT_EQ(top.rows.size(), 2u);
  for (size_t i = 0; i < 2; ++i)
    EXPECT_EQ(top.rows[i], (std::vector<ResultField>{{"eventSource", ranked[i].first},
                                                     {"c", Int(ranked[i].second)}}));

  const Outcome big =
      RunOver("stats count(*) as c by eventSource | filter c > 10 | fields c * 2 as twice");
  ExpectOk(big);
  std::vector<RowMap> expected;
  for (const auto& [source, c] : per_source)
    if (c > 10) expected.push_back({{"eventSource", source}, {"c", Int(c)}, {"twice", Int(2 * c)}});
  const int text = static_cast<int>(TextLines().size());  // the group without eventSource
  if (text > 10) expected.push_back({{"c", Int(text)}, {"twice", Int(2 * text)}});
  EXPECT_EQ(big.Maps(), expected);
}

TEST(Executor, ChainsTwoStats) {
  const Outcome o = RunOver(
      "filter ispresent(eventSource) | stats count(*) as c by eventSource, eventName | "
      "stats max(c) as top, count(*) as names, sum(c) as all by eventSource");
  ExpectOk(o);
  std::map<std::string, std::map<std::string, int>> counts;
  for (const TrailEvent& e : TrailEvents()) ++counts[e.event_source][e.event_name];
  std::vector<RowMap> expected;
  for (const auto& [source, names] : counts) {
    int top = 0, all = 0;
    for (const auto& [name, c] : names) top = std::max(top, c), all += c;
    expected.push_back({{"eventSource", source},
                        {"top", Int(top)},
                        {"names", Int(static_cast<int64_t>(names.size()))},
                        {"all", Int(all)}});
  }
  EXPECT_EQ(o.Maps(), expected);
}

TEST(Executor, ComputesFieldsBeforeGrouping) {
  const Outcome o = RunOver(
      "filter ispresent(eventName) | fields tolower(eventName) as en, "
      "datefloor(@timestamp, 1h) as hour | stats count(*) as c by en, hour");
  ExpectOk(o);
  std::map<std::pair<std::string, int64_t>, int> expected;
  for (const TrailEvent& e : TrailEvents()) {
    std::string lower = e.event_name;
    for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    ++expected[{lower, e.timestamp_ms / 3'600'000 * 3'600'000}];
  }
  std::vector<RowMap> want;
  for (const auto& [key, c] : expected)
    want.push_back({{"en", key.first}, {"hour", Stamp(key.second)}, {"c", Int(c)}});
  EXPECT_EQ(o.Maps(), want);
}

TEST(Executor, ShowsBuiltInFields) {
  const Outcome o = RunOver(
      "fields @logStream, @log, @ingestionTime, toMillis(@timestamp) as ms | "
      "sort @timestamp asc | limit 2");
  ExpectOk(o);
  const auto events = TrailEvents();
  ASSERT_EQ(o.rows.size(), 2u);
  EXPECT_EQ(o.rows[0],
            (std::vector<ResultField>{{"@logStream", events[0].stream},
                                      {"@log", "123456789012:trail"},
                                      {"@ingestionTime", Stamp(events[0].timestamp_ms + 250)},
                                      {"ms", Int(events[0].timestamp_ms)},
                                      {"@ptr", "ptr-" + std::to_string(events[0].timestamp_ms)}}));
}

TEST(Executor, DisplayChoosesTheColumns) {
  const Outcome o = RunOver(
      "filter @message like \"ERROR\" | parse @message \"[*]\" as worker | display worker, "
      "@logStream");
  ExpectOk(o);
  std::vector<TextLine> errors;
  for (const TextLine& l : TextLines())
    if (l.level == "ERROR") errors.push_back(l);
  std::reverse(errors.begin(), errors.end());  // most recent first
  ASSERT_EQ(o.rows.size(), errors.size());
  for (size_t i = 0; i < errors.size(); ++i)
    EXPECT_EQ(o.rows[i], (std::vector<ResultField>{{"worker", errors[i].worker},
                                                   {"@logStream", "app"}}));  // no @ptr given
}

TEST(Executor, CapsResultsAtTheRequestedLimit) {
  RunOptions options;
  options.max_rows = 7;
  const Outcome o = RunOver("fields eventName", true, options);
  ExpectOk(o);
  EXPECT_EQ(o.rows.size(), 7u);
  const Outcome stats = RunOver("stats count(*) by @timestamp", true, options);
  EXPECT_EQ(stats.rows.size(), 7u);
}

TEST(Executor, IsReusableAcrossRuns) {
  auto q = Compile("stats count(*) as c");
  ASSERT_TRUE(q.ok());
  for (int runs = 1; runs <= 3; ++runs) {
    QueryRun run(*q);
    for (int i = 0; i < runs * 10; ++i) run.Add(LogRecord{i, i, "x", "s", "g"});
    EXPECT_EQ(testing::ToMap(run.Results()[0]).at("c"), Int(runs * 10));
  }
}

TEST(Executor, ResultsMayBeReadWhileRunning) {
  auto q = Compile("stats count(*) as c by @logStream");
  ASSERT_TRUE(q.ok());
  QueryRun run(*q);
  run.Add(LogRecord{1, 1, "a", "s1", "g"});
  EXPECT_EQ(run.Results().size(), 1u);
  run.Add(LogRecord{2, 2, "b", "s2", "g"});
  run.Add(LogRecord{3, 3, "c", "s1", "g"});
  const auto rows = run.Results();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(testing::ToMap(rows[0]).at("c"), "2");
  EXPECT_EQ(testing::ToMap(rows[1]).at("c"), "1");
}

}  // namespace
}  // namespace berth::services::logs::insights
