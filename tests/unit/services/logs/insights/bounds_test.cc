// What a run holds and how long hostile input takes: user regexes cannot backtrack
// exponentially (RE2), and a run keeps groups or a bounded number of rows — never the events.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "insights_fixture.h"

namespace berth::services::logs::insights {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::shared_ptr<const CompiledQuery> MustCompile(std::string_view text) {
  auto q = Compile(text);
  EXPECT_TRUE(q.ok()) << text << ": " << (q.ok() ? "" : q.error().message);
  return q.ok() ? *q : nullptr;
}

TEST(Bounds, PathologicalRegexesFinishFast) {
  const std::string long_a = std::string(200'000, 'a') + "b";
  const char* queries[] = {
      "filter @message like /(a+)+$/",
      "filter @message =~ /^(a|aa)+$/",
      "filter @message like /(a*)*c/",
      "filter @message like /(?i)(A+A+)+$/",
      "parse @message /(?<x>(a|a)+)c/ | filter ispresent(x)",
      "parse @message \"*a*a*a*a*a*a*a*c\" as a, b, c, d, e, f, g, h | filter ispresent(a)",
  };
  for (const char* text : queries) {
    auto q = MustCompile(text);
    ASSERT_TRUE(q);
    QueryRun run(q);
    const auto start = Clock::now();
    for (int i = 0; i < 10; ++i) run.Add(LogRecord{i, i, long_a, "s", "g"});
    const auto rows = run.Results();
    EXPECT_LT(SecondsSince(start), 5.0) << text;
    EXPECT_TRUE(rows.empty()) << text;  // none of them matches "aaa…ab"
  }
}

// Messages shaped like CloudTrail records, with 20 event names and a unique request id each.
std::string TrailMessage(int i, std::string& out) {
  static const char* kNames[] = {"PutImage",
                                 "BatchGetImage",
                                 "GetAuthorizationToken",
                                 "CreateRepository",
                                 "DescribeRepositories",
                                 "ListImages",
                                 "DescribeImages",
                                 "BatchCheckLayerAvailability",
                                 "InitiateLayerUpload",
                                 "UploadLayerPart",
                                 "CompleteLayerUpload",
                                 "DeleteRepository",
                                 "TagResource",
                                 "UntagResource",
                                 "PutLifecyclePolicy",
                                 "GetLifecyclePolicy",
                                 "SetRepositoryPolicy",
                                 "GetRepositoryPolicy",
                                 "PutImageScanningConfiguration",
                                 "DescribeRegistry"};
  const std::string name = kNames[(i * 7 + i / 3) % 20];
  out = R"({"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE",)"
        R"("arn":"arn:aws:iam::123456789012:user/alice","accountId":"123456789012",)"
        R"("userName":"alice"},"eventTime":"2024-06-01T00:00:00Z","eventSource":")";
  out += i % 3 == 0 ? "logs.amazonaws.com" : "ecr.amazonaws.com";
  out += R"(","eventName":")" + name +
         R"(","awsRegion":"us-east-1","sourceIPAddress":"10.0.0.1","userAgent":"aws-cli/2.9",)"
         R"("requestParameters":{"repositoryName":"web"},"requestID":"req-)" +
         std::to_string(i) + R"(","eventID":"ev-)" + std::to_string(i) +
         R"(","readOnly":false,"eventType":"AwsApiCall","recipientAccountId":"123456789012"})";
  return name;
}

TEST(Bounds, MillionRecordStatsHoldsOnlyItsGroups) {
  auto q = MustCompile("stats count(*) as c by eventName");
  ASSERT_TRUE(q);
  QueryRun run(q);
  std::map<std::string, int> expected;
  std::string message;
  size_t max_rows = 0, max_bytes = 0;
  constexpr int kRecords = 1'000'000;
  for (int i = 0; i < kRecords; ++i) {
    ++expected[TrailMessage(i, message)];
    run.Add(LogRecord{testing::kBaseTime + i, testing::kBaseTime + i, message, "s", "g"});
    if (i % 10'000 == 0) {
      max_rows = std::max(max_rows, run.RetainedRows());
      max_bytes = std::max(max_bytes, run.RetainedBytes());
    }
  }
  max_rows = std::max(max_rows, run.RetainedRows());
  max_bytes = std::max(max_bytes, run.RetainedBytes());
  EXPECT_EQ(max_rows, 20u);
  EXPECT_LT(max_bytes, 64u * 1024);
  const auto rows = run.Results();
  ASSERT_EQ(rows.size(), expected.size());
  size_t i = 0;
  for (const auto& [name, count] : expected) {
    EXPECT_EQ(rows[i],
              (std::vector<ResultField>{{"eventName", name}, {"c", std::to_string(count)}}));
    ++i;
  }
  EXPECT_EQ(run.Statistics().records_scanned, kRecords);
}

TEST(Bounds, SortWithLimitHoldsOnlyTheLimit) {
  auto q = MustCompile(
      "filter eventSource = \"ecr.amazonaws.com\" | sort requestID desc | limit 10 "
      "| fields requestID");
  ASSERT_TRUE(q);
  QueryRun run(q);
  std::string message;
  std::vector<std::string> ids;
  size_t max_rows = 0;
  for (int i = 0; i < 200'000; ++i) {
    TrailMessage(i, message);
    if (i % 3 != 0) ids.push_back("req-" + std::to_string(i));
    run.Add(LogRecord{i, i, message, "s", "g"});
    max_rows = std::max(max_rows, run.RetainedRows());
  }
  EXPECT_EQ(max_rows, 10u);
  // Natural order: "req-" then the number, longer digit runs later.
  std::sort(ids.begin(), ids.end(), [](const std::string& a, const std::string& b) {
    if (a.size() != b.size()) return a.size() > b.size();
    return a > b;
  });
  const auto rows = run.Results();
  ASSERT_EQ(rows.size(), 10u);
  for (size_t i = 0; i < 10; ++i) EXPECT_EQ(testing::ToMap(rows[i]).at("requestID"), ids[i]);
}

TEST(Bounds, TooManyGroupsFailTheRunInsteadOfGrowing) {
  auto q = MustCompile("stats count(*) by requestID");
  ASSERT_TRUE(q);
  RunOptions options;
  options.max_retained_bytes = 1 << 20;
  QueryRun run(q, options);
  std::string message;
  int fed = 0;
  for (; fed < 1'000'000 && !run.Saturated(); ++fed) {
    TrailMessage(fed, message);
    run.Add(LogRecord{fed, fed, message, "s", "g"});
  }
  ASSERT_TRUE(run.Failure().has_value());
  EXPECT_EQ(run.Failure()->code, "LimitExceededException");
  EXPECT_LT(fed, 1'000'000);
  EXPECT_LT(run.RetainedBytes(), (1u << 20) + 4096);
  EXPECT_TRUE(run.Results().empty());
}

TEST(Bounds, HighCardinalityAggregatesStayBounded) {
  auto q = MustCompile("stats count_distinct(requestID) as ids, pct(n, 50) as median");
  ASSERT_TRUE(q);
  QueryRun run(q);
  constexpr int kValues = 300'000;
  for (int i = 0; i < kValues; ++i) {
    const std::string message = R"({"requestID":"r)" + std::to_string(i * 2654435761u) +
                                R"(","n":)" + std::to_string((int64_t{i} * 7919) % kValues) + "}";
    run.Add(LogRecord{i, i, message, "s", "g"});
  }
  EXPECT_LT(run.RetainedBytes(), 256u * 1024);
  const auto row = testing::ToMap(run.Results().at(0));
  EXPECT_NEAR(std::stod(row.at("ids")), kValues, kValues * 0.05);
  EXPECT_NEAR(std::stod(row.at("median")), kValues / 2.0, kValues * 0.03);
}

// Not a benchmark (bench/ has those): a rough figure for the report, printed, never asserted.
TEST(Throughput, PrintsRecordsPerSecondForFilterAndStats) {
  auto q = MustCompile("filter eventSource = \"ecr.amazonaws.com\" | stats count(*) by eventName");
  ASSERT_TRUE(q);
  std::vector<std::string> messages(512);
  size_t bytes = 0;
  for (int i = 0; i < 512; ++i) TrailMessage(i, messages[i]);
  constexpr int kRecords = 400'000;
  QueryRun run(q);
  const auto start = Clock::now();
  for (int i = 0; i < kRecords; ++i) {
    const std::string& m = messages[i % 512];
    bytes += m.size();
    run.Add(LogRecord{i, i, m, "s", "g"});
  }
  const auto rows = run.Results();
  const double seconds = SecondsSince(start);
  EXPECT_FALSE(rows.empty());
  std::printf("[ insights ] %d records (%.0f bytes each) in %.3f s: %.0f records/s, %.0f MB/s\n",
              kRecords, static_cast<double>(bytes) / kRecords, seconds, kRecords / seconds,
              static_cast<double>(bytes) / seconds / 1e6);
}

}  // namespace
}  // namespace berth::services::logs::insights
