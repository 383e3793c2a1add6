// Export tasks through the operation table, with a fake bucket seam and the worker run by
// hand: what is checked before a task is accepted, what the worker writes, cancellation, the
// one active task per account, paging.
#include <map>
#include <set>

#include "core/gzip.h"
#include "logs_fixture.h"
#include "services/logs/export/export_operations.h"
#include "services/logs/export/export_tasks.h"

namespace berth::services::logs {
namespace {

using logs_test::kMinute;
using logs_test::kNow;

// Buckets in memory; CloudWatch Logs may do whatever `allowed` lists.
class FakeBuckets final : public ExportBuckets {
 public:
  Result<std::optional<std::string>> BucketOwner(std::string_view bucket) override {
    if (buckets.count(std::string(bucket)) == 0) return std::optional<std::string>();
    return std::optional<std::string>("123456789012");
  }
  Result<bool> LogsMayAccess(const LogsBucketAccess& access) override {
    asked.push_back(std::string(access.action) + " " + std::string(access.resource_arn) + " " +
                    std::string(access.source_arn));
    return allowed.count(std::string(access.action)) > 0;
  }
  Status CallerMayPutObject(const pipeline::CallContext&, std::string_view arn) override {
    if (caller_may_write) return Ok();
    return Error{"AccessDeniedException", "caller may not put " + std::string(arn), 400};
  }
  Status PutObject(std::string_view bucket, std::string_view key, std::string_view bytes,
                   std::string_view) override {
    objects[std::string(bucket) + "/" + std::string(key)] = std::string(bytes);
    return Ok();
  }

  std::set<std::string> buckets = {"exports"};
  std::set<std::string> allowed = {"s3:GetBucketAcl", "s3:PutObject"};
  bool caller_may_write = true;
  std::vector<std::string> asked;
  std::map<std::string, std::string> objects;
};

class ExportTasksTest : public logs_test::LogsHandlersTest {
 protected:
  void SetUp() override {
    LogsHandlersTest::SetUp();
    ExportTasks::Options options;
    options.poll_interval = std::chrono::milliseconds(0);  // RunDue by hand
    options.max_object_bytes = 200;
    exports_ = std::move(*ExportTasks::Open(*db_, *service_, buckets_, clock_, options));
    spec_ = MakeLogsService(*service_, ExportOperations(*exports_));
  }
  void TearDown() override {
    exports_.reset();
    LogsHandlersTest::TearDown();
  }

  void PutNew(const std::string& stream, const std::vector<std::pair<int64_t, std::string>>& e) {
    CreateStream("app", stream);
    Put("app", stream, e);
  }
  std::string Create(const std::string& extra = "") {
    Document out = Ok("CreateExportTask", R"({"logGroupName":"app","from":0,"to":)" +
                                              std::to_string(kNow) +
                                              R"(,"destination":"exports")" + extra + "}");
    return At(out, "taskId").as_string();
  }
  Document Describe(const std::string& id) {
    Document out = Ok("DescribeExportTasks", R"({"taskId":")" + id + R"("})");
    const auto& tasks = At(out, "exportTasks").as_list();
    EXPECT_EQ(tasks.size(), 1u);
    return tasks.empty() ? Document() : tasks[0];
  }
  std::string StatusOf(const std::string& id) {
    return At(At(Describe(id), "status"), "code").as_string();
  }
  std::string Object(const std::string& key) {
    auto it = buckets_.objects.find("exports/" + key);
    if (it == buckets_.objects.end()) return "<missing " + key + ">";
    auto text = gzip::Decompress(it->second, 1 << 20);
    return text.ok() ? *text : "<not gzip>";
  }

  FakeBuckets buckets_;
  std::unique_ptr<ExportTasks> exports_;
};

TEST_F(ExportTasksTest, WritesEachStreamsEventsAsIsoTimeLinesUnderThePrefix) {
  CreateGroup("app");
  PutNew("web/1", {{kNow - 2 * kMinute, "first"}, {kNow - kMinute, "second line"}});
  PutNew("web/2", {{kNow - 3 * kMinute, "other"}});
  PutNew("db", {{kNow - kMinute, "skipped: prefix"}});
  const std::string id = Create(R"(,"logStreamNamePrefix":"web/","destinationPrefix":"out")");
  EXPECT_EQ(StatusOf(id), "PENDING");
  EXPECT_EQ(buckets_.objects.at("exports/out/aws-logs-write-test"), "Permission Check Successful");
  ASSERT_EQ(*exports_->RunDue(), 1);
  Document task = Describe(id);
  EXPECT_EQ(At(At(task, "status"), "code").as_string(), "COMPLETED");
  EXPECT_EQ(At(At(task, "status"), "message").as_string(), "Completed successfully");
  EXPECT_EQ(At(At(task, "executionInfo"), "completionTime").as_int(), kNow);
  EXPECT_EQ(Object("out/" + id + "/web/1/000000.gz"),
            "2026-11-25T05:17:07.000Z first\n2026-11-25T05:18:07.000Z second line\n");
  EXPECT_EQ(Object("out/" + id + "/web/2/000000.gz"), "2026-11-25T05:16:07.000Z other\n");
  EXPECT_EQ(buckets_.objects.size(), 3u);  // the test object and two streams
}

TEST_F(ExportTasksTest, HonoursTheInclusiveTimeRangeAndSplitsLargeStreamsIntoParts) {
  CreateGroup("app");
  std::vector<std::pair<int64_t, std::string>> events;
  for (int i = 0; i < 20; ++i) events.push_back({kNow - 20 * kMinute + i * kMinute, "event"});
  PutNew("s", events);
  Document out = Ok("CreateExportTask", R"({"logGroupName":"app","destination":"exports","from":)" +
                                            std::to_string(events[2].first) + R"(,"to":)" +
                                            std::to_string(events[17].first) + "}");
  const std::string id = At(out, "taskId").as_string();
  ASSERT_EQ(*exports_->RunDue(), 1);
  // 16 lines of 31 bytes at 200 bytes an object: parts of 7, 7 and 2 lines.
  std::string all;
  for (const char* part : {"000000.gz", "000001.gz", "000002.gz"}) {
    all += Object("exportedlogs/" + id + "/s/" + part);
  }
  EXPECT_EQ(std::count(all.begin(), all.end(), '\n'), 16);
  EXPECT_EQ(all.substr(0, 24), "2026-11-25T05:01:07.000Z");
  EXPECT_EQ(buckets_.objects.count("exports/exportedlogs/" + id + "/s/000003.gz"), 0u);
}

TEST_F(ExportTasksTest, RefusesWhatAwsRefusesBeforeAcceptingATask) {
  CreateGroup("app");
  Error missing_group = Fails("CreateExportTask",
                              R"({"logGroupName":"nope","from":0,"to":1,"destination":"exports"})");
  EXPECT_EQ(missing_group.code, "ResourceNotFoundException");
  Error range = Fails("CreateExportTask",
                      R"({"logGroupName":"app","from":5,"to":1,"destination":"exports"})");
  EXPECT_EQ(range.message,
            "Specified time range of 5 and 1 is not valid. Please make sure the values are "
            "within the retention period of the log group and from value is less than the to "
            "value");
  Error bucket = Fails("CreateExportTask",
                       R"({"logGroupName":"app","from":0,"to":1,"destination":"other"})");
  EXPECT_EQ(bucket.code, "InvalidParameterException");
  EXPECT_EQ(bucket.message, "The given bucket does not exist. Please make sure the bucket is valid.");
  buckets_.allowed = {"s3:GetBucketAcl"};
  Error write = Fails("CreateExportTask",
                      R"({"logGroupName":"app","from":0,"to":1,"destination":"exports"})");
  EXPECT_EQ(write.code, "AccessDeniedException");
  EXPECT_EQ(write.message,
            "PutObject call on the given bucket failed. Please check if CloudWatch Logs has been "
            "granted permission to perform this operation.");
  buckets_.allowed = {"s3:GetBucketAcl", "s3:PutObject"};
  buckets_.caller_may_write = false;
  Error caller = Fails("CreateExportTask",
                       R"({"logGroupName":"app","from":0,"to":1,"destination":"exports"})");
  EXPECT_EQ(caller.message, "caller may not put arn:aws:s3:::exports/exportedlogs/aws-logs-write-test");
  buckets_.caller_may_write = true;
  buckets_.allowed.clear();
  Error acl = Fails("CreateExportTask",
                    R"({"logGroupName":"app","from":0,"to":1,"destination":"exports"})");
  EXPECT_EQ(acl.message.substr(0, 40), "GetBucketAcl call on the given bucket fa");
  EXPECT_TRUE(buckets_.objects.empty());
  EXPECT_EQ(buckets_.asked.front(),
            "s3:GetBucketAcl arn:aws:s3:::exports "
            "arn:aws:logs:us-east-1:123456789012:log-group:app");
  EXPECT_EQ(buckets_.asked[1],
            "s3:PutObject arn:aws:s3:::exports/exportedlogs/aws-logs-write-test "
            "arn:aws:logs:us-east-1:123456789012:log-group:app");
  Error status = Fails("DescribeExportTasks", R"({"statusCode":"DONE"})");
  EXPECT_EQ(status.message,
            "1 validation error detected: Value 'DONE' at 'statusCode' failed to satisfy "
            "constraint: Member must satisfy enum value set: [CANCELLED, COMPLETED, FAILED, "
            "PENDING, PENDING_CANCEL, RUNNING]");
  EXPECT_EQ(ErrorCode("DescribeExportTasks", R"({"limit":51})"), "InvalidParameterException");
  EXPECT_EQ(ErrorCode("CreateExportTask", R"({"logGroupName":"app","from":0,"to":1,
            "destination":"exports","logStreamNamePrefix":"a:b"})"),
            "InvalidParameterException");
}

TEST_F(ExportTasksTest, OneActiveTaskPerAccountAndCancellation) {
  CreateGroup("app");
  PutNew("s", {{kNow - kMinute, "x"}});
  const std::string first = Create();
  Error limit = Fails("CreateExportTask",
                      R"({"logGroupName":"app","from":0,"to":1,"destination":"exports"})");
  EXPECT_EQ(limit.code, "LimitExceededException");
  EXPECT_EQ(limit.message, "Resource limit exceeded.");
  Ok("CancelExportTask", R"({"taskId":")" + first + R"("})");
  EXPECT_EQ(StatusOf(first), "CANCELLED");
  EXPECT_EQ(Fails("CancelExportTask", R"({"taskId":")" + first + R"("})").code,
            "InvalidOperationException");
  EXPECT_EQ(Fails("CancelExportTask", R"({"taskId":"nope"})").code, "ResourceNotFoundException");
  EXPECT_EQ(*exports_->RunDue(), 0);  // a cancelled task never runs

  const std::string second = Create();
  EXPECT_EQ(*exports_->RunDue(), 1);
  EXPECT_EQ(StatusOf(second), "COMPLETED");
  const std::string third = Create();
  Document page = Ok("DescribeExportTasks", R"({"limit":2})");
  ASSERT_EQ(At(page, "exportTasks").as_list().size(), 2u);
  EXPECT_EQ(At(At(page, "exportTasks").as_list()[0], "taskId").as_string(), third);
  EXPECT_EQ(At(At(page, "exportTasks").as_list()[1], "taskId").as_string(), second);
  Document rest = Ok("DescribeExportTasks",
                     R"({"limit":2,"nextToken":")" + At(page, "nextToken").as_string() + R"("})");
  ASSERT_EQ(At(rest, "exportTasks").as_list().size(), 1u);
  EXPECT_EQ(At(At(rest, "exportTasks").as_list()[0], "taskId").as_string(), first);
  EXPECT_EQ(rest.Find("nextToken"), nullptr);
  Document pending = Ok("DescribeExportTasks", R"({"statusCode":"PENDING"})");
  ASSERT_EQ(At(pending, "exportTasks").as_list().size(), 1u);
  EXPECT_EQ(Fails("DescribeExportTasks", R"({"nextToken":"bogus"})").code,
            "InvalidParameterException");
  EXPECT_TRUE(At(Ok("DescribeExportTasks", R"({"taskId":"nope"})"), "exportTasks")
                  .as_list()
                  .empty());
}

TEST_F(ExportTasksTest, AGroupDeletedBeforeTheWorkerRunsFailsTheTask) {
  CreateGroup("app");
  const std::string id = Create();
  Ok("DeleteLogGroup", R"({"logGroupName":"app"})");
  ASSERT_EQ(*exports_->RunDue(), 1);
  Document task = Describe(id);
  EXPECT_EQ(At(At(task, "status"), "code").as_string(), "FAILED");
  EXPECT_EQ(At(At(task, "status"), "message").as_string(),
            "The specified log group does not exist.");
}

TEST_F(ExportTasksTest, ATaskARestartCutShortRunsAgainAndACancelMeanwhileWins) {
  CreateGroup("app");
  PutNew("s", {{kNow - kMinute, "x"}});
  const std::string cut = Create();
  ASSERT_TRUE(exports_->store().StartNext(clock_.Now())->has_value());  // RUNNING, then "killed"
  EXPECT_EQ(StatusOf(cut), "RUNNING");
  ExportTasks::Options options;
  options.poll_interval = std::chrono::milliseconds(0);
  {
    // A CLI command opening the data dir beside the server takes no running task from it.
    ExportTasks::Options beside = options;
    beside.recover_interrupted = false;
    auto cli = ExportTasks::Open(*db_, *service_, buckets_, clock_, beside);
    ASSERT_TRUE(cli.ok());
    EXPECT_EQ(StatusOf(cut), "RUNNING");
  }
  exports_.reset();
  exports_ = std::move(*ExportTasks::Open(*db_, *service_, buckets_, clock_, options));
  spec_ = MakeLogsService(*service_, ExportOperations(*exports_));
  EXPECT_EQ(StatusOf(cut), "PENDING");
  ASSERT_EQ(*exports_->RunDue(), 1);
  EXPECT_EQ(StatusOf(cut), "COMPLETED");
  EXPECT_EQ(Object("exportedlogs/" + cut + "/s/000000.gz"), "2026-11-25T05:18:07.000Z x\n");

  // A cancel asked while the task runs: PENDING_CANCEL, then CANCELLED however the run ends.
  const std::string running = Create();
  ASSERT_TRUE(exports_->store().StartNext(clock_.Now())->has_value());
  Ok("CancelExportTask", R"({"taskId":")" + running + R"("})");
  EXPECT_EQ(StatusOf(running), "PENDING_CANCEL");
  ASSERT_TRUE(exports_->store()
                  .Finish(principal_.account_id, running, ExportStatus::kCompleted, "done",
                          clock_.Now())
                  .ok());
  EXPECT_EQ(StatusOf(running), "CANCELLED");
}

TEST_F(ExportTasksTest, AStartDelayKeepsATaskPendingUntilItPasses) {
  ExportTasks::Options options;
  options.poll_interval = std::chrono::milliseconds(0);
  options.start_delay = std::chrono::seconds(3);
  exports_.reset();
  exports_ = std::move(*ExportTasks::Open(*db_, *service_, buckets_, clock_, options));
  spec_ = MakeLogsService(*service_, ExportOperations(*exports_));
  CreateGroup("app");
  const std::string id = Create();
  EXPECT_EQ(*exports_->RunDue(), 0);
  clock_.Advance(std::chrono::seconds(3));
  EXPECT_EQ(*exports_->RunDue(), 1);
  EXPECT_EQ(StatusOf(id), "COMPLETED");
}

}  // namespace
}  // namespace berth::services::logs
