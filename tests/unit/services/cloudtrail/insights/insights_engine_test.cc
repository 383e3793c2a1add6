// The Insights engine over a fake event history, real trail and insight stores (SQLite in a temp
// dir) and a fake bucket, driven by a fake clock: what is recorded, delivered, and what a restart
// does.
#include "services/cloudtrail/insights/insights_engine.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>

#include "services/cloudtrail/insights/insight_record.h"
#include "services/cloudtrail/store/sqlite_trail_store.h"

namespace berth::services::cloudtrail::insights {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

constexpr char kAccount[] = "123456789012";
const TimePoint kStart = FromMillis(1795583940000);  // a whole minute

// The event history, in memory: what the engine reads through EventStore.
class FakeHistory final : public EventStore {
 public:
  void Write(const std::string& name, TimePoint time, bool read_only = false) {
    TrailEvent e;
    e.seq = static_cast<int64_t>(events_.size()) + 1;
    e.event_id = "ev-" + std::to_string(e.seq);
    e.event_time = time;
    e.event_name = name;
    e.event_source = "ecr.amazonaws.com";
    e.read_only = read_only;
    e.account_id = kAccount;
    e.region = "us-east-1";
    e.json = R"({"eventType":"AwsApiCall","userIdentity":{"arn":"arn:aws:iam::123456789012:user/ci"},)"
             R"("userAgent":"aws-cli/2.9"})";
    events_.push_back(std::move(e));
  }
  Status Append(JournalBatch&, std::string) override { return Ok(); }
  Result<std::vector<TrailEvent>> Lookup(const LookupQuery& q) override {
    std::vector<TrailEvent> out;
    for (auto it = events_.rbegin(); it != events_.rend() && out.size() < q.limit; ++it) {
      const bool read_only_ok = !q.key || (q.value == "true") == it->read_only;
      const bool after_ok = !q.after || it->seq < q.after->second;
      if (it->account_id == q.account_id && it->event_time >= q.start &&
          it->event_time <= q.end && read_only_ok && after_ok) {
        out.push_back(*it);
      }
    }
    return out;
  }
  Result<std::vector<TrailEvent>> ReadFrom(int64_t after_seq, size_t limit) override {
    ++reads;
    std::vector<TrailEvent> out;
    for (const auto& e : events_) {
      if (e.seq > after_seq && out.size() < limit) out.push_back(e);
    }
    return out;
  }
  Result<int64_t> LastSeq() override { return static_cast<int64_t>(events_.size()); }
  Result<size_t> DeleteBefore(TimePoint) override { return size_t{0}; }
  Result<size_t> DeleteOverSize(uint64_t) override { return size_t{0}; }

  int reads = 0;

 private:
  std::vector<TrailEvent> events_;
};

class FakeBucket final : public Destinations {
 public:
  Result<std::optional<std::string>> BucketOwner(std::string_view) override {
    return std::optional<std::string>(kAccount);
  }
  Status PutObject(std::string_view, std::string_view key, std::string_view, std::string_view,
                   const std::map<std::string, std::string>&) override {
    keys.emplace_back(key);
    return Ok();
  }
  Result<bool> LogGroupExists(std::string_view, std::string_view) override { return false; }
  Status AppendLogEvents(std::string_view, std::string_view, std::string_view,
                         const std::vector<std::pair<TimePoint, std::string_view>>&) override {
    return Ok();
  }
  std::vector<std::string> keys;
};

class InsightsEngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = ::testing::TempDir() + "berth_insights_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name();
    ASSERT_EQ(std::system(("rm -rf '" + root_ + "' && mkdir -p '" + root_ + "'").c_str()), 0);
    store::Database::Options options;
    options.path = root_ + "/berth.db";
    db_ = std::move(*store::Database::Open(options));
    trails_ = std::move(*SqliteTrailStore::Open(*db_));
    Trail t;
    t.name = "ops";
    t.account_id = kAccount;
    t.home_region = "us-east-1";
    t.s3_bucket = "audit";
    t.logging = true;
    t.insight_selectors = {{InsightType::kApiCallRate, false}};
    ASSERT_TRUE(*trails_->Create(t));
    trail_id_ = t.id;
  }
  void TearDown() override { std::system(("rm -rf '" + root_ + "'").c_str()); }

  std::unique_ptr<InsightsEngine> NewEngine() {
    DetectorOptions o;
    o.baseline = minutes(10);
    return std::make_unique<InsightsEngine>(history_, *trails_, *InsightStore::Open(*db_),
                                            &bucket_, o);
  }
  void Calls(int minute, int n) {
    for (int i = 0; i < n; ++i) history_.Write("CreateRepository", kStart + minutes(minute) + seconds(1));
  }
  // Runs the engine at the end of minute `m` (after the grace).
  void RunAfter(InsightsEngine& engine, int m) {
    clock_.Set(kStart + minutes(m + 1) + seconds(3));
    ASSERT_TRUE(engine.Run(clock_.Now()).ok());
  }
  std::vector<InsightTransition> Recorded(InsightsEngine& engine) {
    std::vector<InsightTransition> out;
    auto events = engine.store().ReadFrom(0, 100);
    EXPECT_TRUE(events.ok()) << events.error().message;
    if (!events.ok()) return out;
    for (const InsightEvent& e : *events) {
      auto t = ReadInsightRecord(e.event.json);
      EXPECT_TRUE(t.ok()) << e.event.json;
      if (t.ok()) out.push_back(std::move(*t));
    }
    return out;
  }

  std::string root_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<SqliteTrailStore> trails_;
  int64_t trail_id_ = 0;
  FakeHistory history_;
  FakeBucket bucket_;
  FakeClock clock_{kStart};
};

TEST_F(InsightsEngineTest, RecordsAndDeliversTheStartAndEndOfABurstOfWrites) {
  auto engine = NewEngine();
  RunAfter(*engine, 0);  // first run: the (empty) history is the baseline
  Calls(2, 1);
  for (int i = 0; i < 50; ++i) history_.Write("DescribeRepositories", kStart + minutes(3), true);
  RunAfter(*engine, 2);
  Calls(3, 30);
  RunAfter(*engine, 3);
  RunAfter(*engine, 4);
  const auto got = Recorded(*engine);
  ASSERT_EQ(got.size(), 2u);  // a burst of reads (DescribeRepositories) is no call-rate insight
  EXPECT_TRUE(got[0].start);
  EXPECT_EQ(got[0].time, kStart + minutes(3));
  EXPECT_FALSE(got[1].start);
  EXPECT_EQ(got[1].time, kStart + minutes(4));
  ASSERT_EQ(bucket_.keys.size(), 2u);
  EXPECT_EQ(bucket_.keys[0].rfind("AWSLogs/123456789012/CloudTrail-Insight/us-east-1/", 0), 0u)
      << bucket_.keys[0];
}

TEST_F(InsightsEngineTest, RecordsNothingForInsightsTypesNoTrailLogs) {
  auto engine = NewEngine();
  RunAfter(*engine, 0);
  for (int i = 0; i < 30; ++i) {
    history_.Write("DeleteRepository", kStart + minutes(3));  // calls fine, errors none
  }
  Trail t = **trails_->Get(kAccount, "ops");
  t.insight_selectors = {{InsightType::kApiErrorRate, false}};
  ASSERT_TRUE(trails_->Update(t).ok());
  RunAfter(*engine, 3);
  RunAfter(*engine, 4);
  EXPECT_TRUE(Recorded(*engine).empty());
}

TEST_F(InsightsEngineTest, ARestartReplaysTheBaselineAndEndsTheInsightItInterrupted) {
  {
    auto engine = NewEngine();
    RunAfter(*engine, 0);
    Calls(3, 30);
    RunAfter(*engine, 3);
    ASSERT_EQ(Recorded(*engine).size(), 1u);  // started; berth stops before it ends
  }
  auto engine = NewEngine();
  RunAfter(*engine, 5);
  auto got = Recorded(*engine);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_FALSE(got[1].start);
  EXPECT_EQ(got[1].time, kStart + minutes(6));
  EXPECT_EQ(got[1].insight_duration, 3);
  const auto stored = *engine->store().ReadFrom(0, 10);
  EXPECT_EQ(stored[0].shared_event_id, stored[1].shared_event_id);
  // The burst is in the replayed baseline (μ = 3 a minute, σ = 9: the bar is 30), and detection
  // goes on at once, without waiting for a window: 40 calls start a new insight.
  Calls(6, 40);
  RunAfter(*engine, 6);
  got = Recorded(*engine);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_TRUE(got[2].start);
  EXPECT_DOUBLE_EQ(got[2].baseline_average, 3.0);
}

TEST_F(InsightsEngineTest, ReadsNothingWhileNoTrailHasInsightsOnAndReplaysWhenTurnedOn) {
  Trail t = **trails_->Get(kAccount, "ops");
  t.insight_selectors.clear();
  ASSERT_TRUE(trails_->Update(t).ok());
  auto engine = NewEngine();
  Calls(2, 30);  // history from before Insights were on
  RunAfter(*engine, 2);
  EXPECT_EQ(history_.reads, 0);
  t.insight_selectors = {{InsightType::kApiCallRate, false}};
  ASSERT_TRUE(trails_->Update(t).ok());
  RunAfter(*engine, 3);
  EXPECT_GT(history_.reads, 0);
  // The 30 calls of minute 2 are in the replayed baseline: 30 more are not unusual.
  Calls(4, 30);
  RunAfter(*engine, 4);
  EXPECT_TRUE(Recorded(*engine).empty());
}

}  // namespace
}  // namespace berth::services::cloudtrail::insights
