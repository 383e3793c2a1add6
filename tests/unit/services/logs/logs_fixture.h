#pragma once
// A fixture for CloudWatch Logs' handlers: the operation table on a real SQLite store in a
// temp dir, with a fake clock and no sweeper thread: no server, no wire. Calls go through the
// table as the dispatcher makes them (JSON → Document in, Document or Error out).
#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "protocol/json_reader.h"
#include "services/logs/api/operations.h"
#include "services/logs/logs_service.h"
#include "store/database.h"

namespace berth::services::logs::logs_test {

constexpr int64_t kNow = 1795583947000;  // the fake clock's start, epoch ms
constexpr int64_t kMinute = 60 * 1000;
constexpr int64_t kHour = 60 * kMinute;
constexpr int64_t kDay = 24 * kHour;

class LogsHandlersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = ::testing::TempDir() + "berth_logs_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name();
    ASSERT_EQ(std::system(("rm -rf '" + root_ + "' && mkdir -p '" + root_ + "'").c_str()), 0);
    store::Database::Options options;
    options.path = root_ + "/berth.db";
    options.synchronous_full = false;  // tests need no power-loss durability
    db_ = std::move(*store::Database::Open(options));
    LogsService::Options logs_options;
    logs_options.retention_sweep_interval = std::chrono::milliseconds(0);
    AdjustOptions(logs_options);
    service_ = std::move(*LogsService::Open(*db_, clock_, logs_options));
    spec_ = MakeLogsService(*service_);
    principal_.account_id = "123456789012";
    principal_.access_key_id = "AKIATEST";
    principal_.arn = "arn:aws:iam::123456789012:user/t";
  }
  void TearDown() override {
    service_.reset();
    db_.reset();
    ASSERT_EQ(std::system(("rm -rf '" + root_ + "'").c_str()), 0);
  }

  // A test's own service options (e.g. no query workers), before the service opens.
  virtual void AdjustOptions(LogsService::Options&) {}

  Result<Document> Call(const std::string& op, const std::string& json) {
    const pipeline::OperationSpec* spec = spec_.Find(op);
    EXPECT_NE(spec, nullptr) << op;
    if (spec == nullptr) return Error{"UnknownOperationException", op, 400};
    auto input = protocol::ParseJson(json);
    EXPECT_TRUE(input.ok()) << json;
    if (!input.ok()) return input.error();
    pipeline::CallContext ctx{principal_, "us-east-1", "req", "127.0.0.1", "test",
                              "logs.test:5000", clock_.Now()};
    return spec->handler(ctx, *input);
  }
  Document Ok(const std::string& op, const std::string& json) {
    auto out = Call(op, json);
    EXPECT_TRUE(out.ok()) << op << ": " << (out.ok() ? "" : out.error().message);
    return out.ok() ? *out : Document();
  }
  Error Fails(const std::string& op, const std::string& json) {
    auto out = Call(op, json);
    EXPECT_FALSE(out.ok()) << op << " " << json << " succeeded";
    return out.ok() ? Error{"ok", "", 200} : out.error();
  }
  std::string ErrorCode(const std::string& op, const std::string& json) {
    auto out = Call(op, json);
    return out.ok() ? "ok" : out.error().code;
  }

  void CreateGroup(const std::string& name) {
    Ok("CreateLogGroup", R"({"logGroupName":")" + name + R"("})");
  }
  void CreateStream(const std::string& group, const std::string& stream) {
    Ok("CreateLogStream",
       R"({"logGroupName":")" + group + R"(","logStreamName":")" + stream + R"("})");
  }
  static std::string Quote(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
      if (c == '"' || c == '\\') out.push_back('\\');
      out.push_back(c);
    }
    return out + "\"";
  }
  // A PutLogEvents body for (timestamp, message) pairs.
  static std::string Batch(const std::string& group, const std::string& stream,
                           const std::vector<std::pair<int64_t, std::string>>& events) {
    std::string json = R"({"logGroupName":")" + group + R"(","logStreamName":")" + stream +
                       R"(","logEvents":[)";
    for (size_t i = 0; i < events.size(); ++i) {
      if (i > 0) json += ",";
      json += R"({"timestamp":)" + std::to_string(events[i].first) +
              R"(,"message":)" + Quote(events[i].second) + "}";
    }
    return json + "]}";
  }
  Document Put(const std::string& group, const std::string& stream,
               const std::vector<std::pair<int64_t, std::string>>& events) {
    return Ok("PutLogEvents", Batch(group, stream, events));
  }

  // The member `key` of `d`; a test failure (and a null document) when it is absent.
  static const Document& At(const Document& d, std::string_view key) {
    static const Document kMissing;
    const Document* found = d.Find(key);
    if (found == nullptr) ADD_FAILURE() << "no member " << key;
    return found != nullptr ? *found : kMissing;
  }
  static std::vector<std::string> Messages(const Document& out) {
    std::vector<std::string> messages;
    for (const auto& e : At(out, "events").as_list()) {
      messages.push_back(At(e, "message").as_string());
    }
    return messages;
  }

  FakeClock clock_{TimePoint(std::chrono::milliseconds(kNow))};
  std::string root_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<LogsService> service_;
  pipeline::ServiceSpec spec_;
  auth::Principal principal_;
};

}  // namespace berth::services::logs::logs_test
