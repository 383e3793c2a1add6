// PutLogEvents' limits and answers, GetLogEvents' and FilterLogEvents' paging, retention on
// reads and in the sweeper, and the seams other services call (AppendEvents, ScanEvents).
#include <set>

#include "logs_fixture.h"

namespace berth::services::logs {
namespace {

using logs_test::kDay;
using logs_test::kHour;
using logs_test::kNow;
using logs_test::LogsHandlersTest;

class EventsTest : public LogsHandlersTest {
 protected:
  void SetUp() override {
    LogsHandlersTest::SetUp();
    CreateGroup("app");
    CreateStream("app", "s");
  }
  // `n` events one millisecond apart ending at `last`, messages "e0"…
  static std::vector<std::pair<int64_t, std::string>> Run(int n, int64_t last, int from = 0) {
    std::vector<std::pair<int64_t, std::string>> events;
    for (int i = 0; i < n; ++i) events.emplace_back(last - (n - 1 - i), "e" + std::to_string(from + i));
    return events;
  }
};

TEST_F(EventsTest, AcceptsAFullBatchAndRefusesOneEventMore) {
  std::vector<std::pair<int64_t, std::string>> batch(10000, {kNow, "m"});
  Document out = Put("app", "s", batch);
  EXPECT_TRUE(At(out, "nextSequenceToken").is_string());
  EXPECT_EQ(out.Find("rejectedLogEventsInfo"), nullptr);
  batch.emplace_back(kNow, "m");
  Error e = Fails("PutLogEvents", Batch("app", "s", batch));
  EXPECT_EQ(e.code, "InvalidParameterException");
  EXPECT_NE(e.message.find("Member must have length less than or equal to 10000"),
            std::string::npos);
  EXPECT_EQ(ErrorCode("PutLogEvents", Batch("app", "s", {})), "InvalidParameterException");
}

TEST_F(EventsTest, CountsTwentySixBytesPerEventAgainstTheMebibyte) {
  // 4 events: 4 × 26 overhead + messages = exactly 1,048,576 bytes.
  const size_t each = (1048576 - 4 * 26) / 4;
  std::vector<std::pair<int64_t, std::string>> batch(4, {kNow, std::string(each, 'x')});
  Put("app", "s", batch);
  batch.back().second.push_back('x');
  Error e = Fails("PutLogEvents", Batch("app", "s", batch));
  EXPECT_EQ(e.code, "InvalidParameterException");
  EXPECT_EQ(e.message, "Upload too large: 1048577 bytes exceeds limit of 1048576");
}

TEST_F(EventsTest, RequiresChronologicalOrderAndADaySpan) {
  Error order = Fails("PutLogEvents", Batch("app", "s", {{kNow, "b"}, {kNow - 1, "a"}}));
  EXPECT_EQ(order.message,
            "Log events in a single PutLogEvents request must be in chronological order.");
  Put("app", "s", {{kNow - kDay, "a"}, {kNow, "b"}});  // exactly 24 hours: fine
  Error span = Fails("PutLogEvents", Batch("app", "s", {{kNow - kDay - 1, "a"}, {kNow, "b"}}));
  EXPECT_EQ(span.message, "The batch of log events in a single PutLogEvents request cannot span "
                          "more than 24 hours.");
  EXPECT_EQ(ErrorCode("PutLogEvents", Batch("app", "s", {{-1, "a"}})),
            "InvalidParameterException");
  EXPECT_EQ(ErrorCode("PutLogEvents", Batch("app", "s", {{kNow, ""}})),
            "InvalidParameterException");
}

TEST_F(EventsTest, ReportsTooOldTooNewAndExpiredEventsAndStoresTheRest) {
  Ok("PutRetentionPolicy", R"({"logGroupName":"app","retentionInDays":1})");
  Document out = Put("app", "s", {{kNow - 15 * kDay, "too old"},
                                  {kNow - 2 * kDay, "expired"},
                                  {kNow - 1000, "kept 1"},
                                  {kNow + kHour, "kept 2"},
                                  {kNow + 3 * kHour, "too new"}});
  const Document& rejected = At(out, "rejectedLogEventsInfo");
  EXPECT_EQ(At(rejected, "tooOldLogEventEndIndex").as_int(), 0);
  EXPECT_EQ(At(rejected, "expiredLogEventEndIndex").as_int(), 1);
  EXPECT_EQ(At(rejected, "tooNewLogEventStartIndex").as_int(), 4);
  Document got = Ok("GetLogEvents", R"({"logGroupName":"app","logStreamName":"s",
      "startFromHead":true})");
  EXPECT_EQ(Messages(got), (std::vector<std::string>{"kept 1", "kept 2"}));
  // The span rule counts accepted events only: 15 days apart, yet accepted.
  Document only_old = Put("app", "s", {{kNow - 20 * kDay, "x"}});
  EXPECT_EQ(At(At(only_old, "rejectedLogEventsInfo"), "tooOldLogEventEndIndex").as_int(), 0);
}

TEST_F(EventsTest, NeedsAnExistingStreamAndIgnoresSequenceTokens) {
  Error e = Fails("PutLogEvents", Batch("app", "missing", {{kNow, "x"}}));
  EXPECT_EQ(e.code, "ResourceNotFoundException");
  EXPECT_EQ(e.message, "The specified log stream does not exist.");
  EXPECT_EQ(Fails("PutLogEvents", Batch("nope", "s", {{kNow, "x"}})).message,
            "The specified log group does not exist.");
  EXPECT_EQ(ErrorCode("PutLogEvents", Batch("app", "missing", {{kNow - 30 * kDay, "x"}})),
            "ResourceNotFoundException");
  std::string with_token = Batch("app", "s", {{kNow, "x"}});
  with_token.insert(1, R"("sequenceToken":"whatever",)");
  Ok("PutLogEvents", with_token);
  Ok("PutLogEvents", with_token);  // the same token twice: no DataAlreadyAcceptedException
}

TEST_F(EventsTest, GetLogEventsReturnsTheNewestEventsByDefault) {
  Put("app", "s", Run(30, kNow - 100));
  Document out = Ok("GetLogEvents", R"({"logGroupName":"app","logStreamName":"s","limit":5})");
  EXPECT_EQ(Messages(out), (std::vector<std::string>{"e25", "e26", "e27", "e28", "e29"}));
  const Document& first = At(out, "events").as_list()[0];
  EXPECT_EQ(At(first, "timestamp").as_int(), kNow - 100 - 4);
  EXPECT_EQ(At(first, "ingestionTime").as_int(), kNow);
}

TEST_F(EventsTest, PagesForwardToTheEndAndThenRepeatsTheToken) {
  Put("app", "s", Run(25, kNow - 1000));
  Put("app", "s", Run(10, kNow - 2000, 100));  // an older batch, stored later
  std::vector<std::string> seen;
  std::set<std::string> tokens;
  std::string body = R"({"logGroupName":"app","logStreamName":"s","startFromHead":true,"limit":7})";
  std::string token;
  for (int page = 0; page < 20; ++page) {
    std::string request = body;
    if (!token.empty()) request.insert(request.size() - 1, R"(,"nextToken":")" + token + "\"");
    Document out = Ok("GetLogEvents", request);
    for (auto& m : Messages(out)) seen.push_back(m);
    const std::string next = At(out, "nextForwardToken").as_string();
    if (next == token) {
      EXPECT_TRUE(At(out, "events").as_list().empty());
      break;
    }
    EXPECT_TRUE(tokens.insert(next).second) << "a token came back for another position";
    token = next;
  }
  ASSERT_EQ(seen.size(), 35u);
  EXPECT_EQ(seen.front(), "e100");  // time order, not storage order
  EXPECT_EQ(seen[10], "e0");
  EXPECT_EQ(seen.back(), "e24");
  // New events show up on the same token.
  Put("app", "s", {{kNow, "late"}});
  Document more = Ok("GetLogEvents", R"({"logGroupName":"app","logStreamName":"s",
      "nextToken":")" + token + "\"}");
  EXPECT_EQ(Messages(more), (std::vector<std::string>{"late"}));
}

TEST_F(EventsTest, PagesBackwardToTheStart) {
  Put("app", "s", Run(20, kNow - 1000));
  Document out = Ok("GetLogEvents", R"({"logGroupName":"app","logStreamName":"s","limit":6})");
  std::vector<std::string> seen = Messages(out);
  std::string token = At(out, "nextBackwardToken").as_string();
  for (int page = 0; page < 10; ++page) {
    Document back = Ok("GetLogEvents", R"({"logGroupName":"app","logStreamName":"s","limit":6,
        "nextToken":")" + token + "\"}");
    std::vector<std::string> m = Messages(back);
    seen.insert(seen.begin(), m.begin(), m.end());
    const std::string next = At(back, "nextBackwardToken").as_string();
    if (next == token) break;
    token = next;
  }
  ASSERT_EQ(seen.size(), 20u);
  EXPECT_EQ(seen.front(), "e0");
  EXPECT_EQ(seen.back(), "e19");
}

TEST_F(EventsTest, HonoursTimeRangesAndRefusesForeignTokens) {
  Put("app", "s", {{kNow - 300, "a"}, {kNow - 200, "b"}, {kNow - 100, "c"}});
  Document out = Ok("GetLogEvents", R"({"logGroupName":"app","logStreamName":"s",
      "startTime":)" + std::to_string(kNow - 200) + R"(,"endTime":)" + std::to_string(kNow - 100) +
                                        R"(,"startFromHead":true})");
  EXPECT_EQ(Messages(out), (std::vector<std::string>{"b"}));  // endTime is exclusive
  EXPECT_EQ(ErrorCode("GetLogEvents", R"({"logGroupName":"app","logStreamName":"s",
      "nextToken":"f/123/s"})"),
            "InvalidParameterException");
  EXPECT_EQ(ErrorCode("GetLogEvents", R"({"logGroupName":"app","logStreamName":"nope"})"),
            "ResourceNotFoundException");
  // An empty stream answers tokens that later find new events.
  CreateStream("app", "empty");
  Document empty = Ok("GetLogEvents", R"({"logGroupName":"app","logStreamName":"empty"})");
  EXPECT_TRUE(At(empty, "events").as_list().empty());
  const std::string forward = At(empty, "nextForwardToken").as_string();
  Put("app", "empty", {{kNow, "arrived"}});
  Document later = Ok("GetLogEvents", R"({"logGroupName":"app","logStreamName":"empty",
      "nextToken":")" + forward + "\"}");
  EXPECT_EQ(Messages(later), (std::vector<std::string>{"arrived"}));
}

TEST_F(EventsTest, CapsAPageAtAMebibyte) {
  const std::string big(300000, 'x');
  Put("app", "s", {{kNow - 5, big}, {kNow - 4, big}});
  Put("app", "s", {{kNow - 3, big}, {kNow - 2, big}});
  Document out = Ok("GetLogEvents", R"({"logGroupName":"app","logStreamName":"s",
      "startFromHead":true})");
  EXPECT_EQ(At(out, "events").as_list().size(), 3u);
  // FilterLogEvents too; the event that did not fit opens the next page.
  Document first = Ok("FilterLogEvents", R"({"logGroupName":"app"})");
  EXPECT_EQ(At(first, "events").as_list().size(), 3u);
  Document second = Ok("FilterLogEvents", R"({"logGroupName":"app","nextToken":")" +
                                              At(first, "nextToken").as_string() + "\"}");
  ASSERT_EQ(At(second, "events").as_list().size(), 1u);
  EXPECT_EQ(At(At(second, "events").as_list()[0], "timestamp").as_int(), kNow - 2);
  EXPECT_EQ(second.Find("nextToken"), nullptr);
}

TEST_F(EventsTest, FilterLogEventsInterleavesStreamsAndPagesToTheEnd) {
  CreateStream("app", "t");
  std::vector<std::pair<int64_t, std::string>> s_events, t_events;
  for (int i = 0; i < 40; ++i) {
    auto& into = i % 2 == 0 ? s_events : t_events;
    into.emplace_back(kNow - 1000 + i, (i % 3 == 0 ? "ERROR " : "INFO ") + std::to_string(i));
  }
  Put("app", "s", s_events);
  Put("app", "t", t_events);
  std::vector<std::string> seen;
  std::set<std::string> ids, tokens;
  std::string token;
  for (int page = 0; page < 20; ++page) {
    std::string request = R"({"logGroupName":"app","filterPattern":"ERROR","limit":4)";
    if (!token.empty()) request += R"(,"nextToken":")" + token + "\"";
    Document out = Ok("FilterLogEvents", request + "}");
    for (const auto& e : At(out, "events").as_list()) {
      seen.push_back(At(e, "message").as_string());
      EXPECT_TRUE(ids.insert(At(e, "eventId").as_string()).second);
      const std::string stream = At(e, "logStreamName").as_string();
      EXPECT_TRUE(stream == "s" || stream == "t");
    }
    EXPECT_TRUE(At(out, "searchedLogStreams").as_list().empty());
    const Document* next = out.Find("nextToken");
    if (next == nullptr) break;
    EXPECT_TRUE(tokens.insert(next->as_string()).second);
    token = next->as_string();
  }
  std::vector<std::string> want;
  for (int i = 0; i < 40; i += 3) want.push_back("ERROR " + std::to_string(i));
  EXPECT_EQ(seen, want);
  // Event ids stay the same from call to call (aws logs tail --follow relies on it).
  Document again = Ok("FilterLogEvents", R"({"logGroupName":"app","filterPattern":"ERROR","limit":1})");
  EXPECT_TRUE(ids.count(At(At(again, "events").as_list()[0], "eventId").as_string()));
}

TEST_F(EventsTest, FilterLogEventsSelectsStreamsAndTime) {
  CreateStream("app", "web-1");
  CreateStream("app", "web-2");
  Put("app", "s", {{kNow - 30, "s"}});
  Put("app", "web-1", {{kNow - 20, "w1"}});
  Put("app", "web-2", {{kNow - 10, "w2"}});
  EXPECT_EQ(Messages(Ok("FilterLogEvents", R"({"logGroupName":"app","logStreamNames":["web-2","s","nope"]})")),
            (std::vector<std::string>{"s", "w2"}));
  EXPECT_EQ(Messages(Ok("FilterLogEvents", R"({"logGroupName":"app","logStreamNamePrefix":"web"})")),
            (std::vector<std::string>{"w1", "w2"}));
  EXPECT_TRUE(Messages(Ok("FilterLogEvents", R"({"logGroupName":"app","logStreamNamePrefix":"zz"})")).empty());
  EXPECT_EQ(Messages(Ok("FilterLogEvents", R"({"logGroupName":"app","startTime":)" +
                                               std::to_string(kNow - 25) + R"(,"endTime":)" +
                                               std::to_string(kNow - 10) + "}")),
            (std::vector<std::string>{"w1"}));
  EXPECT_EQ(ErrorCode("FilterLogEvents", R"({"logGroupName":"app","logStreamNames":["s"],
      "logStreamNamePrefix":"s"})"),
            "InvalidParameterException");
  Error bad = Fails("FilterLogEvents", R"({"logGroupName":"app","filterPattern":"{ $.x = "})");
  EXPECT_EQ(bad.code, "InvalidParameterException");
  EXPECT_EQ(bad.message.rfind("Invalid filter pattern: ", 0), 0u) << bad.message;
  EXPECT_EQ(ErrorCode("FilterLogEvents", R"({"logGroupName":"app","nextToken":"zzz"})"),
            "InvalidParameterException");
  EXPECT_EQ(ErrorCode("FilterLogEvents", R"({"logGroupName":"none"})"), "ResourceNotFoundException");
}

TEST_F(EventsTest, FilterLogEventsMatchesCloudTrailShapedJson) {
  Put("app", "s", {{kNow - 3, R"({"eventSource":"ecr.amazonaws.com","errorCode":"AccessDenied"})"},
                   {kNow - 2, R"({"eventSource":"s3.amazonaws.com","errorCode":"AccessDenied"})"},
                   {kNow - 1, R"({"eventSource":"ecr.amazonaws.com","eventName":"PutImage"})"}});
  Document out = Ok("FilterLogEvents",
                    R"({"logGroupName":"app","filterPattern":"{ $.eventSource = \"ecr.amazonaws.com\" && ($.errorCode = \"AccessDenied*\" || $.errorCode = \"*Unauthorized*\") }"})");
  ASSERT_EQ(At(out, "events").as_list().size(), 1u);
  EXPECT_EQ(At(At(out, "events").as_list()[0], "timestamp").as_int(), kNow - 3);
}

TEST_F(EventsTest, RetentionHidesExpiredEventsAndTheSweepReclaimsThem) {
  // Two batches in one stream: one wholly older, one straddling the cutoff to come.
  Put("app", "s", {{kNow - 3 * kDay, "old"}});
  Put("app", "s", {{kNow - kDay, "edge"}, {kNow - kHour, "recent"}});
  const int64_t bytes_before =
      At(At(Ok("DescribeLogGroups", "{}"), "logGroups").as_list()[0], "storedBytes").as_int();
  Document recent_ids = Ok("FilterLogEvents", R"({"logGroupName":"app","filterPattern":"recent"})");
  const std::string recent_id = At(At(recent_ids, "events").as_list()[0], "eventId").as_string();

  Ok("PutRetentionPolicy", R"({"logGroupName":"app","retentionInDays":1})");
  clock_.Advance(std::chrono::milliseconds(20));
  // Not swept yet, but never returned.
  Document read = Ok("GetLogEvents", R"({"logGroupName":"app","logStreamName":"s","startFromHead":true})");
  EXPECT_EQ(Messages(read), (std::vector<std::string>{"recent"}));
  EXPECT_EQ(Messages(Ok("FilterLogEvents", R"({"logGroupName":"app"})")),
            (std::vector<std::string>{"recent"}));

  auto swept = service_->SweepExpiredEvents(clock_.Now());
  ASSERT_TRUE(swept.ok());
  EXPECT_EQ(swept->blocks_deleted, 1);
  EXPECT_EQ(swept->blocks_rewritten, 1);
  EXPECT_GT(swept->bytes_freed, 0);
  const int64_t bytes_after =
      At(At(Ok("DescribeLogGroups", "{}"), "logGroups").as_list()[0], "storedBytes").as_int();
  EXPECT_EQ(bytes_after, bytes_before - swept->bytes_freed);
  Document stream = Ok("DescribeLogStreams", R"({"logGroupName":"app"})");
  EXPECT_EQ(At(At(stream, "logStreams").as_list()[0], "storedBytes").as_int(), bytes_after);
  EXPECT_EQ(At(At(stream, "logStreams").as_list()[0], "firstEventTimestamp").as_int(),
            kNow - kHour);
  // The kept event keeps its id; a second sweep finds nothing.
  Document after = Ok("FilterLogEvents", R"({"logGroupName":"app"})");
  EXPECT_EQ(At(At(after, "events").as_list()[0], "eventId").as_string(), recent_id);
  EXPECT_EQ(service_->SweepExpiredEvents(clock_.Now())->blocks_deleted, 0);
  // Lifting retention does not bring back what was deleted.
  Ok("DeleteRetentionPolicy", R"({"logGroupName":"app"})");
  EXPECT_EQ(Messages(Ok("FilterLogEvents", R"({"logGroupName":"app"})")),
            (std::vector<std::string>{"recent"}));
}

TEST_F(EventsTest, AppendEventsCreatesTheStreamAndDropsRejectedEvents) {
  ASSERT_TRUE(*service_->LogGroupExists("123456789012", "app"));
  ASSERT_FALSE(*service_->LogGroupExists("123456789012", "nope"));
  ASSERT_FALSE(*service_->LogGroupExists("999999999999", "app"));
  std::vector<EventInput> events = {
      {kNow - 20 * kDay, "too old"}, {kNow - 2, "trail 1"}, {kNow - 1, "trail 2"}};
  ASSERT_TRUE(service_->AppendEvents("123456789012", "app", "123456789012_CloudTrail_us-east-1",
                                     events)
                  .ok());
  Document out = Ok("GetLogEvents", R"({"logGroupName":"app",
      "logStreamName":"123456789012_CloudTrail_us-east-1","startFromHead":true})");
  EXPECT_EQ(Messages(out), (std::vector<std::string>{"trail 1", "trail 2"}));
  Status missing = service_->AppendEvents("123456789012", "nope", "s", events);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "ResourceNotFoundException");
  std::vector<EventInput> unordered = {{kNow, "b"}, {kNow - 1, "a"}};
  EXPECT_EQ(service_->AppendEvents("123456789012", "app", "s", unordered).error().code,
            "InvalidParameterException");
}

TEST_F(EventsTest, ScanEventsMergesGroupsInTimeOrderEitherWay) {
  CreateGroup("other");
  CreateStream("other", "o");
  Put("app", "s", {{kNow - 50, "a1"}, {kNow - 30, "a2"}, {kNow - 10, "a3"}});
  Put("other", "o", {{kNow - 40, "o1"}, {kNow - 20, "o2"}});
  auto scan = [&](Direction direction) {
    std::vector<std::string> seen;
    Status scanned = service_->store().ScanEvents(
        "123456789012", {"app", "other"}, FromMillis(kNow - 45), FromMillis(kNow), direction,
        [&](const StoredEvent& e) {
          seen.push_back(std::to_string(e.group_index) + ":" + std::string(e.group_name) + "/" +
                         std::string(e.stream_name) + "/" + std::string(e.message));
          return true;
        });
    EXPECT_TRUE(scanned.ok());
    return seen;
  };
  EXPECT_EQ(scan(Direction::kForward),
            (std::vector<std::string>{"1:other/o/o1", "0:app/s/a2", "1:other/o/o2",
                                      "0:app/s/a3"}));
  EXPECT_EQ(scan(Direction::kBackward),
            (std::vector<std::string>{"0:app/s/a3", "1:other/o/o2", "0:app/s/a2",
                                      "1:other/o/o1"}));
  int visits = 0;
  ASSERT_TRUE(service_->store()
                  .ScanEvents("123456789012", {"app", "other"}, FromMillis(0), FromMillis(kNow),
                              Direction::kForward,
                              [&](const StoredEvent&) { return ++visits < 2; })
                  .ok());
  EXPECT_EQ(visits, 2);
  Status missing = service_->store().ScanEvents("123456789012", {"app", "nope"}, FromMillis(0),
                                                FromMillis(kNow), Direction::kBackward,
                                                [](const StoredEvent&) { return true; });
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "ResourceNotFoundException");
}

}  // namespace
}  // namespace berth::services::logs
