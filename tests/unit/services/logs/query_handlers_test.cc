// Logs Insights through the operation table: StartQuery running on the service's workers,
// GetQueryResults, StopQuery, DescribeQueries and the query definitions.
#include <limits>
#include <map>
#include <set>

#include "logs_fixture.h"

namespace berth::services::logs {
namespace {

using logs_test::kHour;
using logs_test::kMinute;
using logs_test::kNow;
using logs_test::LogsHandlersTest;

constexpr int64_t kNowSeconds = kNow / 1000;
using Row = std::map<std::string, std::string>;

class QueriesTest : public LogsHandlersTest {
 protected:
  void SetUp() override {
    LogsHandlersTest::SetUp();
    CreateGroup("trail");
    CreateStream("trail", "s");
  }

  static std::string Trail(const std::string& source, const std::string& name,
                           const std::string& user, const std::string& error = "") {
    std::string json = R"({"eventSource":")" + source + R"(","eventName":")" + name +
                       R"(","userIdentity":{"userName":")" + user + R"("})";
    if (!error.empty()) json += R"(,"errorCode":")" + error + "\"";
    return json + "}";
  }

  // Six events, one a minute, the newest a minute ago.
  void PutTrail(const std::string& group = "trail") {
    Put(group, "s",
        {{kNow - 6 * kMinute, Trail("ecr.amazonaws.com", "PutImage", "alice")},
         {kNow - 5 * kMinute, Trail("ecr.amazonaws.com", "BatchGetImage", "bob", "AccessDenied")},
         {kNow - 4 * kMinute, Trail("ecr.amazonaws.com", "PutImage", "alice")},
         {kNow - 3 * kMinute, Trail("s3.amazonaws.com", "GetObject", "bob")},
         {kNow - 2 * kMinute, Trail("ecr.amazonaws.com", "BatchGetImage", "carol", "AccessDenied")},
         {kNow - 1 * kMinute, Trail("ecr.amazonaws.com", "PutImage", "bob")}});
  }

  // StartQuery's body over `groups_json` (e.g. `"logGroupName":"trail"`), the last hour.
  static std::string StartBody(const std::string& query, const std::string& groups_json =
                                                             R"("logGroupName":"trail")",
                               int64_t start_s = kNowSeconds - 3600,
                               int64_t end_s = kNowSeconds) {
    return "{" + groups_json + R"(,"startTime":)" + std::to_string(start_s) +
           R"(,"endTime":)" + std::to_string(end_s) + R"(,"queryString":)" + Quote(query) + "}";
  }

  std::string Start(const std::string& query,
                    const std::string& groups_json = R"("logGroupName":"trail")",
                    int64_t start_s = kNowSeconds - 3600, int64_t end_s = kNowSeconds) {
    Document out = Ok("StartQuery", StartBody(query, groups_json, start_s, end_s));
    const Document* id = out.Find("queryId");
    return id != nullptr && id->is_string() ? id->as_string() : "";
  }

  // Waits for the query to finish, then answers GetQueryResults.
  Document Finished(const std::string& id, const std::string& extra = "") {
    EXPECT_TRUE(service_->queries().WaitFinished(id, std::chrono::seconds(30))) << id;
    return Ok("GetQueryResults", R"({"queryId":")" + id + "\"" + extra + "}");
  }

  static std::vector<Row> Rows(const Document& out) {
    std::vector<Row> rows;
    for (const Document& row : At(out, "results").as_list()) {
      Row r;
      for (const Document& f : row.as_list()) {
        r[At(f, "field").as_string()] = At(f, "value").as_string();
      }
      rows.push_back(std::move(r));
    }
    return rows;
  }
  std::vector<Row> Run(const std::string& query,
                       const std::string& groups_json = R"("logGroupName":"trail")",
                       int64_t start_s = kNowSeconds - 3600, int64_t end_s = kNowSeconds) {
    Document out = Finished(Start(query, groups_json, start_s, end_s));
    EXPECT_EQ(At(out, "status").as_string(), "Complete");
    return Rows(out);
  }
};

TEST_F(QueriesTest, RunsAStatsQueryToCompletionWithStatistics) {
  PutTrail();
  const std::string id = Start(
      "filter eventSource = 'ecr.amazonaws.com' | stats count(*) as n by eventName");
  EXPECT_EQ(id.size(), 36u);
  Document out = Finished(id);
  EXPECT_EQ(At(out, "status").as_string(), "Complete");
  EXPECT_EQ(out.Find("encryptionKey"), nullptr);
  EXPECT_EQ(out.Find("nextToken"), nullptr);
  EXPECT_EQ(Rows(out), (std::vector<Row>{{{"eventName", "BatchGetImage"}, {"n", "2"}},
                                         {{"eventName", "PutImage"}, {"n", "3"}}}));
  const Document& stats = At(out, "statistics");
  EXPECT_EQ(At(stats, "recordsScanned").as_double(), 6);
  EXPECT_EQ(At(stats, "recordsMatched").as_double(), 5);
  EXPECT_GT(At(stats, "bytesScanned").as_double(), 6 * 90);
  EXPECT_EQ(At(stats, "logGroupsScanned").as_double(), 1);
}

TEST_F(QueriesTest, APlainLimitReturnsTheLatestEventsWithTheirPointers) {
  PutTrail();
  Document out = Finished(Start("fields @timestamp, eventName, @log, @logStream | limit 2"));
  std::vector<Row> rows = Rows(out);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0]["eventName"], "PutImage");
  EXPECT_EQ(rows[1]["eventName"], "BatchGetImage");
  EXPECT_EQ(rows[0]["@log"], "123456789012:trail");
  EXPECT_EQ(rows[0]["@logStream"], "s");
  EXPECT_EQ(rows[0]["@timestamp"].size(), 23u);  // yyyy-MM-dd HH:mm:ss.SSS
  EXPECT_EQ(rows[0]["@ptr"].size(), 56u);
  EXPECT_NE(rows[0]["@ptr"], rows[1]["@ptr"]);
  // The scan stopped once the limit was full: the newest two were all it read.
  EXPECT_EQ(At(At(out, "statistics"), "recordsScanned").as_double(), 2);
}

TEST_F(QueriesTest, TheTimeRangeHoldsBothEndsInWholeSeconds) {
  PutTrail();
  // [now-5min, now-3min] in seconds: three events, the one at now-3min included.
  std::vector<Row> rows = Run("stats count(*) as n", R"("logGroupName":"trail")",
                              kNowSeconds - 5 * 60, kNowSeconds - 3 * 60);
  EXPECT_EQ(rows, (std::vector<Row>{{{"n", "3"}}}));
  rows = Run("stats count(*) as n", R"("logGroupName":"trail")", kNowSeconds - 30,
             kNowSeconds);
  EXPECT_TRUE(rows.empty());  // stats over no events has no groups
}

TEST_F(QueriesTest, TheWidestTimeRangeHoldsEverything) {
  PutTrail();
  EXPECT_EQ(Run("stats count(*) as n", R"("logGroupName":"trail")", 0,
                std::numeric_limits<int64_t>::max()),
            (std::vector<Row>{{{"n", "6"}}}));
}

TEST_F(QueriesTest, QueriesSeveralGroupsByNamesOrIdentifiers) {
  PutTrail();
  CreateGroup("other");
  CreateStream("other", "s");
  PutTrail("other");
  const std::string query = "stats count(*) as n by @log | sort @log";
  const std::vector<Row> want = {{{"@log", "123456789012:other"}, {"n", "6"}},
                                 {{"@log", "123456789012:trail"}, {"n", "6"}}};
  EXPECT_EQ(Run(query, R"("logGroupNames":["trail","other","trail"])"), want);
  EXPECT_EQ(Run(query, R"("logGroupIdentifiers":["arn:aws:logs:us-east-1:123456789012:)"
                       R"(log-group:trail","other"])"),
            want);
  Document out = Finished(Start(query, R"("logGroupNames":["trail","other"])"));
  EXPECT_EQ(At(At(out, "statistics"), "logGroupsScanned").as_double(), 2);
}

TEST_F(QueriesTest, AMalformedQueryIsRefusedWithWhereItWentWrong) {
  Error e = Fails("StartQuery", StartBody("fields @message | stats count(* by x"));
  EXPECT_EQ(e.code, "MalformedQueryException");
  EXPECT_EQ(e.http_status, 400);
  EXPECT_NE(e.message.find("at line 1 and position"), std::string::npos) << e.message;
  ASSERT_NE(e.members, nullptr);
  const Document& compile_error = At(*e.members, "queryCompileError");
  EXPECT_EQ(At(compile_error, "message").as_string(), e.message);
  const Document& location = At(compile_error, "location");
  EXPECT_GT(At(location, "startCharOffset").as_int(), 16);
  EXPECT_GE(At(location, "endCharOffset").as_int(), At(location, "startCharOffset").as_int());
  EXPECT_EQ(ErrorCode("StartQuery", StartBody("bogus command")), "MalformedQueryException");
  EXPECT_EQ(ErrorCode("StartQuery", StartBody("filter @message like /(/")),
            "MalformedQueryException");
}

TEST_F(QueriesTest, RefusesUnknownGroupsAndBadParameters) {
  Error missing = Fails("StartQuery", StartBody("fields @message", R"("logGroupName":"nope")"));
  EXPECT_EQ(missing.code, "ResourceNotFoundException");
  EXPECT_NE(missing.message.find("nope"), std::string::npos);
  EXPECT_EQ(ErrorCode("StartQuery", StartBody("fields @message",
                                              R"("logGroupNames":["trail","nope"])")),
            "ResourceNotFoundException");
  EXPECT_EQ(ErrorCode("StartQuery",
                      StartBody("fields @message", R"("logGroupIdentifiers":)"
                                                   R"(["arn:aws:logs:us-east-1:999999999999:)"
                                                   R"(log-group:trail"])")),
            "ResourceNotFoundException");
  const std::vector<std::string> invalid = {
      StartBody("fields @message", R"("logGroupName":"trail","logGroupNames":["trail"])"),
      StartBody("fields @message", R"("queryLanguage":"CWLI")"),
      StartBody("fields @message", R"("logGroupNames":[])"),
      StartBody("fields @message", R"("logGroupName":"a b")"),
      StartBody("fields @message", R"("logGroupName":"trail")", kNowSeconds, kNowSeconds - 1),
      StartBody("fields @message", R"("logGroupName":"trail")", -1, kNowSeconds),
      StartBody("fields @message", R"("logGroupName":"trail","limit":0)"),
      StartBody("fields @message", R"("logGroupName":"trail","limit":100001)"),
      StartBody("fields @message", R"("logGroupName":"trail","queryLanguage":"SQL")"),
      StartBody("fields @message", R"("logGroupName":"trail","queryLanguage":"KQL")"),
      StartBody(std::string(10001, ' ')),
  };
  for (const std::string& body : invalid) {
    EXPECT_EQ(ErrorCode("StartQuery", body), "InvalidParameterException") << body;
  }
  EXPECT_EQ(ErrorCode("StartQuery", R"({"logGroupName":"trail","startTime":1,"queryString":""})"),
            "ValidationException");
  EXPECT_EQ(ErrorCode("StartQuery", R"({"logGroupName":"trail","startTime":"x","endTime":1,)"
                                    R"("queryString":""})"),
            "SerializationException");
  EXPECT_EQ(ErrorCode("GetQueryResults", R"({"queryId":"nope"})"), "ResourceNotFoundException");
  EXPECT_EQ(ErrorCode("GetQueryResults", R"({"queryId":""})"), "InvalidParameterException");
  EXPECT_EQ(ErrorCode("StopQuery", R"({"queryId":"nope"})"), "ResourceNotFoundException");
  EXPECT_EQ(ErrorCode("DescribeQueries", R"({"status":"Done"})"), "InvalidParameterException");
  EXPECT_EQ(ErrorCode("DescribeQueries", R"({"maxResults":1001})"), "InvalidParameterException");
}

TEST_F(QueriesTest, ResultsPageWithMaxItems) {
  PutTrail();
  const std::string id = Start("fields eventName");
  Finished(id);
  std::vector<Row> all;
  std::string token;
  for (int page = 0; page < 10; ++page) {
    Document out = Ok("GetQueryResults", R"({"queryId":")" + id + R"(","maxItems":4)" +
                                             (token.empty() ? "" : R"(,"nextToken":")" + token +
                                                                       "\"") +
                                             "}");
    for (Row& r : Rows(out)) all.push_back(std::move(r));
    const Document* next = out.Find("nextToken");
    if (next == nullptr) break;
    token = next->as_string();
  }
  EXPECT_EQ(all.size(), 6u);
  EXPECT_EQ(all.front()["eventName"], "PutImage");
  const std::string other = Start("fields eventName");
  Finished(other);
  EXPECT_EQ(ErrorCode("GetQueryResults",
                      R"({"queryId":")" + other + R"(","nextToken":")" + token + "\"}"),
            "InvalidParameterException");
}

TEST_F(QueriesTest, AStartQueryLimitCapsTheRows) {
  PutTrail();
  Document out = Finished(Start("fields eventName", R"("logGroupName":"trail","limit":3)"));
  EXPECT_EQ(Rows(out).size(), 3u);
}

TEST_F(QueriesTest, DescribesQueriesNewestFirstFilteredAndPaged) {
  PutTrail();
  CreateGroup("other");
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) ids.push_back(Start("stats count(*) by eventName"));
  ids.push_back(Start("fields @message", R"("logGroupName":"other")"));
  for (const std::string& id : ids) Finished(id);

  Document all = Ok("DescribeQueries", "{}");
  const auto& queries = At(all, "queries").as_list();
  ASSERT_EQ(queries.size(), 4u);
  EXPECT_EQ(At(queries[0], "queryId").as_string(), ids[3]);
  EXPECT_EQ(At(queries[0], "logGroupName").as_string(), "other");
  EXPECT_EQ(At(queries[0], "queryString").as_string(), "fields @message");
  EXPECT_EQ(At(queries[0], "status").as_string(), "Complete");
  EXPECT_EQ(At(queries[0], "createTime").as_int(), kNow);
  EXPECT_EQ(At(queries[0], "userIdentity").as_string(), "arn:aws:iam::123456789012:user/t");
  EXPECT_EQ(At(queries[3], "queryId").as_string(), ids[0]);
  EXPECT_GT(At(queries[3], "bytesScanned").as_double(), 0);
  EXPECT_EQ(At(queries[3], "queryDuration").as_int(), 0);  // the fake clock stands still

  Document of_other = Ok("DescribeQueries", R"({"logGroupName":"other"})");
  EXPECT_EQ(At(of_other, "queries").as_list().size(), 1u);
  EXPECT_EQ(At(Ok("DescribeQueries", R"({"status":"Running"})"), "queries").as_list().size(), 0u);
  EXPECT_EQ(At(Ok("DescribeQueries", R"({"status":"Unknown"})"), "queries").as_list().size(),
            0u);
  EXPECT_EQ(At(Ok("DescribeQueries", R"({"status":"Complete"})"), "queries").as_list().size(),
            4u);
  EXPECT_EQ(At(Ok("DescribeQueries", R"({"queryLanguage":"SQL"})"), "queries").as_list().size(),
            0u);
  EXPECT_EQ(ErrorCode("DescribeQueries", R"({"queryLanguage":"KQL"})"),
            "InvalidParameterException");

  std::vector<std::string> paged;
  std::string token;
  for (int page = 0; page < 10; ++page) {
    Document out = Ok("DescribeQueries", R"({"maxResults":3)" +
                                             (token.empty() ? "" : R"(,"nextToken":")" + token +
                                                                       "\"") +
                                             "}");
    for (const Document& q : At(out, "queries").as_list()) {
      paged.push_back(At(q, "queryId").as_string());
    }
    const Document* next = out.Find("nextToken");
    if (next == nullptr) break;
    token = next->as_string();
  }
  EXPECT_EQ(paged, (std::vector<std::string>{ids[3], ids[2], ids[1], ids[0]}));
}

TEST_F(QueriesTest, FinishedQueriesAreForgottenAfterAnHour) {
  PutTrail();
  const std::string id = Start("stats count(*)");
  Finished(id);
  clock_.Advance(std::chrono::minutes(59));
  Ok("GetQueryResults", R"({"queryId":")" + id + "\"}");
  clock_.Advance(std::chrono::minutes(2));
  EXPECT_EQ(ErrorCode("GetQueryResults", R"({"queryId":")" + id + "\"}"),
            "ResourceNotFoundException");
  EXPECT_EQ(At(Ok("DescribeQueries", "{}"), "queries").as_list().size(), 0u);
}

TEST_F(QueriesTest, AQueryOnADeletedGroupFails) {
  PutTrail();
  Ok("DeleteLogGroup", R"({"logGroupName":"trail"})");
  // The group went between the check and the scan: simulated by a direct Start.
  auto compiled = insights::Compile("stats count(*)");
  ASSERT_TRUE(compiled.ok());
  QueryRequest request;
  request.account_id = "123456789012";
  request.log_groups = {"trail"};
  request.start = FromMillis(0);
  request.end = FromMillis(kNow);
  request.query = *compiled;
  auto id = service_->queries().Start(std::move(request));
  ASSERT_TRUE(id.ok());
  Document out = Finished(*id);
  EXPECT_EQ(At(out, "status").as_string(), "Failed");
  EXPECT_EQ(At(out, "results").as_list().size(), 0u);
}

TEST_F(QueriesTest, StopQueryOfAFinishedQueryIsInvalid) {
  PutTrail();
  const std::string id = Start("stats count(*)");
  Finished(id);
  Error e = Fails("StopQuery", R"({"queryId":")" + id + "\"}");
  EXPECT_EQ(e.code, "InvalidParameterException");
}

TEST_F(QueriesTest, GetLogRecordAnswersEveryFieldOfTheEventAPointerNames) {
  PutTrail();
  Put("trail", "s", {{kNow - 30000, R"({"a":[1,{"b":2.5}],"ok":true,"n":null,"s":"x"})"}});
  std::vector<Row> rows = Rows(Finished(Start("fields @message | limit 2")));
  ASSERT_EQ(rows.size(), 2u);
  Document nested = Ok("GetLogRecord", R"({"logRecordPointer":")" + rows[0]["@ptr"] + "\"}");
  const Document& n = At(nested, "logRecord");
  EXPECT_EQ(At(n, "@timestamp").as_string(), std::to_string(kNow - 30000));
  EXPECT_EQ(At(n, "@ingestionTime").as_string(), std::to_string(kNow));
  EXPECT_EQ(At(n, "@log").as_string(), "123456789012:trail");
  EXPECT_EQ(At(n, "@logStream").as_string(), "s");
  EXPECT_EQ(At(n, "a.0").as_string(), "1");
  EXPECT_EQ(At(n, "a.1.b").as_string(), "2.5");
  EXPECT_EQ(At(n, "ok").as_string(), "true");
  EXPECT_EQ(At(n, "s").as_string(), "x");
  EXPECT_EQ(n.Find("n"), nullptr);
  Document trail = Ok("GetLogRecord", R"({"logRecordPointer":")" + rows[1]["@ptr"] + "\"}");
  const Document& t = At(trail, "logRecord");
  EXPECT_EQ(At(t, "@message").as_string(), Trail("ecr.amazonaws.com", "PutImage", "bob"));
  EXPECT_EQ(At(t, "eventName").as_string(), "PutImage");
  EXPECT_EQ(At(t, "userIdentity.userName").as_string(), "bob");

  EXPECT_EQ(ErrorCode("GetLogRecord", R"({"logRecordPointer":"nope"})"),
            "InvalidParameterException");
  EXPECT_EQ(ErrorCode("GetLogRecord", R"({})"), "ValidationException");
  std::string moved = rows[1]["@ptr"];
  moved[55] = moved[55] == '0' ? '1' : '0';  // another place in the block: no such event
  EXPECT_EQ(ErrorCode("GetLogRecord", R"({"logRecordPointer":")" + moved + "\"}"),
            "ResourceNotFoundException");
  principal_.account_id = "210987654321";  // another account's event is not found either
  EXPECT_EQ(ErrorCode("GetLogRecord", R"({"logRecordPointer":")" + rows[1]["@ptr"] + "\"}"),
            "ResourceNotFoundException");
}

TEST_F(QueriesTest, ListsTheLogGroupsAQueryRead) {
  CreateGroup("other");
  const std::string id = Start("fields @message", R"("logGroupNames":["trail","other"])");
  Document out = Ok("ListLogGroupsForQuery", R"({"queryId":")" + id + "\"}");
  const auto& groups = At(out, "logGroupIdentifiers").as_list();
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].as_string(), "arn:aws:logs:us-east-1:123456789012:log-group:trail");
  EXPECT_EQ(groups[1].as_string(), "arn:aws:logs:us-east-1:123456789012:log-group:other");
  EXPECT_EQ(out.Find("nextToken"), nullptr);
  EXPECT_EQ(ErrorCode("ListLogGroupsForQuery", R"({"queryId":")" + id + R"(","maxResults":10})"),
            "InvalidParameterException");
  EXPECT_EQ(ErrorCode("ListLogGroupsForQuery", R"({"queryId":"nope"})"),
            "ResourceNotFoundException");
}

// No workers: queries stay Scheduled until stopped.
class ScheduledQueriesTest : public QueriesTest {
 protected:
  void AdjustOptions(LogsService::Options& options) override { options.queries.workers = 0; }
};

TEST_F(ScheduledQueriesTest, StopQueryCancelsAScheduledQuery) {
  PutTrail();
  const std::string id = Start("stats count(*)");
  Document scheduled = Ok("GetQueryResults", R"({"queryId":")" + id + "\"}");
  EXPECT_EQ(At(scheduled, "status").as_string(), "Scheduled");
  EXPECT_EQ(At(scheduled, "results").as_list().size(), 0u);
  EXPECT_EQ(At(At(scheduled, "statistics"), "recordsScanned").as_double(), 0);
  EXPECT_EQ(At(Ok("DescribeQueries", R"({"status":"Scheduled"})"), "queries").as_list().size(),
            1u);
  Document stopped = Ok("StopQuery", R"({"queryId":")" + id + "\"}");
  EXPECT_TRUE(At(stopped, "success").as_bool());
  EXPECT_EQ(At(Ok("GetQueryResults", R"({"queryId":")" + id + "\"}"), "status").as_string(),
            "Cancelled");
  EXPECT_EQ(ErrorCode("StopQuery", R"({"queryId":")" + id + "\"}"), "InvalidParameterException");
}

TEST_F(ScheduledQueriesTest, LimitsAnAccountToThirtyConcurrentQueries) {
  std::vector<std::string> ids;
  for (int i = 0; i < 30; ++i) ids.push_back(Start("stats count(*)"));
  Error e = Fails("StartQuery", StartBody("stats count(*)"));
  EXPECT_EQ(e.code, "LimitExceededException");
  EXPECT_EQ(e.message, "Account maximum query concurrency limit of [30] reached.");
  Ok("StopQuery", R"({"queryId":")" + ids[0] + "\"}");
  EXPECT_FALSE(Start("stats count(*)").empty());
  // Another account has its own thirty.
  principal_.account_id = "210987654321";
  CreateGroup("trail");
  EXPECT_FALSE(Start("stats count(*)").empty());
  // And sees none of the first account's queries.
  EXPECT_EQ(At(Ok("DescribeQueries", "{}"), "queries").as_list().size(), 1u);
  EXPECT_EQ(ErrorCode("GetQueryResults", R"({"queryId":")" + ids[1] + "\"}"),
            "ResourceNotFoundException");
}

// A run that must hold more than it may fails instead of growing.
class TightQueriesTest : public QueriesTest {
 protected:
  void AdjustOptions(LogsService::Options& options) override {
    options.queries.run_memory_bytes = 1024;
  }
};

TEST_F(TightQueriesTest, AQueryPastItsMemoryBudgetFails) {
  std::vector<std::pair<int64_t, std::string>> events;
  for (int i = 0; i < 200; ++i) {
    events.emplace_back(kNow - kHour / 2 + i, "unique message number " + std::to_string(i));
  }
  Put("trail", "s", events);
  Document out = Finished(Start("stats count(*) by @message"));
  EXPECT_EQ(At(out, "status").as_string(), "Failed");
}

// ---- query definitions ----

TEST_F(QueriesTest, QueryDefinitionsAreCreatedDescribedReplacedAndDeleted) {
  Document created = Ok("PutQueryDefinition",
                        R"({"name":"ecr/denied","queryString":"filter errorCode like /Denied/",)"
                        R"("logGroupNames":["trail"],"parameters":[{"name":"user",)"
                        R"("defaultValue":"alice","description":"who"}]})");
  const std::string id = At(created, "queryDefinitionId").as_string();
  EXPECT_EQ(id.size(), 36u);
  Ok("PutQueryDefinition", R"({"name":"ecr/all","queryString":"fields @message"})");
  Ok("PutQueryDefinition", R"({"name":"s3/all","queryString":"fields @message"})");

  Document listed = Ok("DescribeQueryDefinitions", R"({"queryDefinitionNamePrefix":"ecr/"})");
  const auto& defs = At(listed, "queryDefinitions").as_list();
  ASSERT_EQ(defs.size(), 2u);
  EXPECT_EQ(At(defs[0], "name").as_string(), "ecr/all");
  EXPECT_EQ(defs[0].Find("logGroupNames"), nullptr);
  const Document& denied = defs[1];
  EXPECT_EQ(At(denied, "queryDefinitionId").as_string(), id);
  EXPECT_EQ(At(denied, "queryString").as_string(), "filter errorCode like /Denied/");
  EXPECT_EQ(At(denied, "queryLanguage").as_string(), "CWLI");
  EXPECT_EQ(At(denied, "lastModified").as_int(), kNow);
  EXPECT_EQ(At(denied, "logGroupNames").as_list().size(), 1u);
  const Document& parameter = At(denied, "parameters").as_list().at(0);
  EXPECT_EQ(At(parameter, "name").as_string(), "user");
  EXPECT_EQ(At(parameter, "defaultValue").as_string(), "alice");
  EXPECT_EQ(At(parameter, "description").as_string(), "who");

  // A replacement keeps nothing it does not restate.
  clock_.Advance(std::chrono::minutes(1));
  Document replaced = Ok("PutQueryDefinition", R"({"queryDefinitionId":")" + id +
                                                   R"(","name":"ecr/denied2",)"
                                                   R"j("queryString":"stats count(*)"})j");
  EXPECT_EQ(At(replaced, "queryDefinitionId").as_string(), id);
  Document after = Ok("DescribeQueryDefinitions", R"({"queryDefinitionNamePrefix":"ecr/denied"})");
  const Document& d = At(after, "queryDefinitions").as_list().at(0);
  EXPECT_EQ(At(d, "name").as_string(), "ecr/denied2");
  EXPECT_EQ(At(d, "lastModified").as_int(), kNow + kMinute);
  EXPECT_EQ(d.Find("logGroupNames"), nullptr);
  EXPECT_EQ(d.Find("parameters"), nullptr);

  Document deleted = Ok("DeleteQueryDefinition", R"({"queryDefinitionId":")" + id + "\"}");
  EXPECT_TRUE(At(deleted, "success").as_bool());
  EXPECT_EQ(ErrorCode("DeleteQueryDefinition", R"({"queryDefinitionId":")" + id + "\"}"),
            "ResourceNotFoundException");
  EXPECT_EQ(ErrorCode("PutQueryDefinition", R"({"queryDefinitionId":")" + id +
                                                R"(","name":"x","queryString":"y"})"),
            "ResourceNotFoundException");
  EXPECT_EQ(At(Ok("DescribeQueryDefinitions", "{}"), "queryDefinitions").as_list().size(), 2u);
  EXPECT_EQ(At(Ok("DescribeQueryDefinitions", R"({"queryLanguage":"SQL"})"), "queryDefinitions")
                .as_list()
                .size(),
            0u);
}

TEST_F(QueriesTest, ARetriedCreationWithTheSameClientTokenMakesOneDefinition) {
  const std::string body = R"({"name":"q","queryString":"fields @message",)"
                           R"("clientToken":"0123456789abcdef0123456789abcdef0123"})";
  const std::string first = At(Ok("PutQueryDefinition", body), "queryDefinitionId").as_string();
  const std::string second = At(Ok("PutQueryDefinition", body), "queryDefinitionId").as_string();
  EXPECT_EQ(first, second);
  EXPECT_EQ(At(Ok("DescribeQueryDefinitions", "{}"), "queryDefinitions").as_list().size(), 1u);
}

TEST_F(QueriesTest, QueryDefinitionsPageByName) {
  for (int i = 0; i < 7; ++i) {
    Ok("PutQueryDefinition", R"({"name":"q)" + std::to_string(i % 3) +
                                 R"(","queryString":"fields @message"})");
  }
  std::vector<std::string> names;
  std::set<std::string> ids;
  std::string token;
  for (int page = 0; page < 10; ++page) {
    Document out = Ok("DescribeQueryDefinitions",
                      R"({"queryDefinitionNamePrefix":"q","maxResults":2)" +
                          (token.empty() ? "" : R"(,"nextToken":")" + token + "\"") + "}");
    for (const Document& d : At(out, "queryDefinitions").as_list()) {
      names.push_back(At(d, "name").as_string());
      ids.insert(At(d, "queryDefinitionId").as_string());
    }
    const Document* next = out.Find("nextToken");
    if (next == nullptr) break;
    token = next->as_string();
  }
  EXPECT_EQ(names, (std::vector<std::string>{"q0", "q0", "q0", "q1", "q1", "q2", "q2"}));
  EXPECT_EQ(ids.size(), 7u);
  EXPECT_EQ(ErrorCode("DescribeQueryDefinitions",
                      R"({"queryDefinitionNamePrefix":"x","nextToken":")" + token + "\"}"),
            "InvalidParameterException");
}

TEST_F(QueriesTest, RefusesMalformedQueryDefinitions) {
  const std::vector<std::string> invalid = {
      R"({"name":"","queryString":"x"})",
      R"({"name":"n","queryString":""})",
      R"({"name":")" + std::string(256, 'n') + R"(","queryString":"x"})",
      R"({"name":"n","queryString":"x","logGroupNames":["a b"]})",
      R"({"name":"n","queryString":"x","clientToken":"short"})",
      R"({"name":"n","queryString":"x","parameters":[{"name":"1x"}]})",
      R"({"name":"n","queryString":"x","parameters":[{"name":"a-b"}]})",
      R"({"name":"n","queryString":"x","queryLanguage":"PPL"})",
  };
  for (const std::string& body : invalid) {
    EXPECT_EQ(ErrorCode("PutQueryDefinition", body), "InvalidParameterException") << body;
  }
  EXPECT_EQ(ErrorCode("PutQueryDefinition", R"({"name":"n"})"), "ValidationException");
  EXPECT_EQ(ErrorCode("PutQueryDefinition", R"({"name":"n","queryString":"x","parameters":[{}]})"),
            "ValidationException");
  EXPECT_EQ(ErrorCode("DeleteQueryDefinition", "{}"), "ValidationException");
  EXPECT_EQ(ErrorCode("DescribeQueryDefinitions", R"({"maxResults":0})"),
            "InvalidParameterException");
}

}  // namespace
}  // namespace berth::services::logs
