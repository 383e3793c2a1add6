#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <optional>
#include <cstdlib>
#include <string>
#include <vector>

#include "services/monitoring/alarms/alarm_engine.h"
#include "services/monitoring/store/journaled_metric_store.h"

namespace berth::services::monitoring::alarms {
namespace {

constexpr int64_t kT0 = 1796644800000;  // 2026-12-07T12:00:00Z, a minute boundary
constexpr char kTopic[] = "arn:aws:sns:us-east-1:123456789012:ops";

class RecordingActions final : public AlarmActions {
 public:
  Status Execute(const AlarmNotification& n) override {
    sent.push_back(n);
    if (fail) return Error{"NotFound", "Topic does not exist", 404};
    return Ok();
  }
  std::vector<AlarmNotification> sent;
  bool fail = false;
};

class AlarmEngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = ::testing::TempDir() + "berth_alarms_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name();
    ASSERT_EQ(std::system(("rm -rf '" + root_ + "' && mkdir -p '" + root_ + "'").c_str()), 0);
    store::Database::Options options;
    options.path = root_ + "/berth.db";
    options.synchronous_full = false;
    db_ = std::move(*store::Database::Open(options));
    metrics_ = std::move(*JournaledMetricStore::Open(root_ + "/metrics", clock_.Now()));
    Reopen();
  }
  void TearDown() override {
    engine_.reset();
    metrics_.reset();
    db_.reset();
    [[maybe_unused]] int rc = std::system(("rm -rf '" + root_ + "'").c_str());
  }

  void Reopen() {
    engine_.reset();
    engine_ = std::move(*AlarmEngine::Open(*db_, *metrics_, clock_));
    engine_->SetActions(&actions_);
  }

  void Publish(int64_t time_ms, double value) {
    PutMetricDataInput b;
    b.ns = "Test";
    Datum d;
    d.metric_name = "Latency";
    d.time_ms = time_ms;
    d.high_resolution = true;
    d.values = {{value, 1}};
    b.data.push_back(d);
    ASSERT_TRUE(metrics_->Put(b, clock_.Now()).ok());
  }

  AlarmDefinition MetricAlarm(std::string name, int64_t period = 10) {
    AlarmDefinition d;
    d.account_id = "123456789012";
    d.region = "us-east-1";
    d.name = std::move(name);
    d.alarm_actions = {kTopic};
    d.ok_actions = {kTopic};
    d.metric.metric = MetricKey{"Test", "Latency", {}};
    d.metric.statistic = "Maximum";
    d.metric.period = period;
    d.metric.evaluation_periods = 1;
    d.metric.threshold = 100;
    d.metric.comparison = Comparison::kGreater;
    d.metric.treat_missing_data = MissingData::kNotBreaching;
    return d;
  }

  // A composite alarm on `rule` notifying kTopic; with a suppressor when one is named.
  AlarmDefinition Composite(std::string name, std::string rule,
                            std::optional<std::string> suppressor = std::nullopt,
                            int64_t wait_period = 0) {
    AlarmDefinition c;
    c.account_id = "123456789012";
    c.region = "us-east-1";
    c.name = std::move(name);
    c.type = AlarmType::kComposite;
    c.composite.rule = std::move(rule);
    c.composite.actions_suppressor = std::move(suppressor);
    c.composite.suppressor_wait_period = wait_period;
    c.composite.suppressor_extension_period = 60;
    c.alarm_actions = {kTopic};
    return c;
  }

  void SetState(const std::string& name, AlarmState state, std::string reason = "x",
                std::optional<std::string> data = std::nullopt) {
    ASSERT_TRUE(engine_->SetState("123456789012", "us-east-1", name, state, std::move(reason),
                                  std::move(data), clock_.Now())
                    .ok());
  }

  Alarm Get(const std::string& name) {
    for (const Alarm& a : engine_->List("123456789012", "us-east-1"))
      if (a.definition->name == name) return a;
    ADD_FAILURE() << name << " not found";
    return {};
  }

  std::vector<std::string> Summaries(const std::string& name) {
    HistoryQuery q;
    q.account_id = "123456789012";
    q.region = "us-east-1";
    q.alarm_name = name;
    q.types = {AlarmType::kMetric, AlarmType::kComposite};
    q.ascending = true;
    std::vector<std::string> out;
    auto items = engine_->History(q);
    for (const StoredHistoryItem& h : *items) out.push_back(h.item.summary);
    return out;
  }

  void RunAt(int64_t ms) {
    clock_.Set(FromMillis(ms));
    engine_->RunDue(clock_.Now());
  }

  std::string root_;
  FakeClock clock_{FromMillis(kT0 + 1000)};
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<MetricStore> metrics_;
  std::unique_ptr<AlarmEngine> engine_;
  RecordingActions actions_;
};

TEST_F(AlarmEngineTest, SchedulesOnTenSecondBoundariesForShortPeriodsAndOnTheMinuteOtherwise) {
  ASSERT_TRUE(engine_->Put(MetricAlarm("fast", 10), std::nullopt, clock_.Now()).ok());
  EXPECT_EQ(engine_->NextDueMs(), kT0 + 10000);
  ASSERT_TRUE(engine_->Put(MetricAlarm("slow", 60), std::nullopt, clock_.Now()).ok());
  RunAt(kT0 + 10000);
  EXPECT_EQ(engine_->NextDueMs(), kT0 + 20000);
  RunAt(kT0 + 60000);
  EXPECT_EQ(engine_->NextDueMs(), kT0 + 70000);
  EXPECT_EQ(engine_->stats().evaluations, 1u + 1u + 1u);  // fast at 10 s and 60 s, slow at 60 s
}

TEST_F(AlarmEngineTest, BreachingDataAlarmsRunsTheActionsAndRecordsHistory) {
  ASSERT_TRUE(engine_->Put(MetricAlarm("a"), std::nullopt, clock_.Now()).ok());
  EXPECT_EQ(Get("a").status.value, AlarmState::kInsufficientData);
  Publish(kT0 + 3000, 150);
  RunAt(kT0 + 10000);
  const Alarm a = Get("a");
  EXPECT_EQ(a.status.value, AlarmState::kAlarm);
  EXPECT_EQ(a.status.reason,
            "Threshold Crossed: 1 out of the last 1 datapoints [150.0 (07/12/26 12:00:00)] was "
            "greater than the threshold (100.0) (minimum 1 datapoint for INSUFFICIENT_DATA -> "
            "ALARM transition).");
  ASSERT_EQ(actions_.sent.size(), 1u);
  EXPECT_EQ(actions_.sent[0].action_arn, kTopic);
  EXPECT_EQ(actions_.sent[0].subject, "ALARM: \"a\" in US East (N. Virginia)");
  const std::string& m = actions_.sent[0].message;
  EXPECT_NE(m.find("\"NewStateValue\":\"ALARM\""), std::string::npos) << m;
  EXPECT_NE(m.find("\"OldStateValue\":\"INSUFFICIENT_DATA\""), std::string::npos) << m;
  EXPECT_NE(m.find("\"Region\":\"US East (N. Virginia)\""), std::string::npos) << m;
  EXPECT_NE(m.find("\"Statistic\":\"MAXIMUM\""), std::string::npos) << m;
  EXPECT_EQ(Summaries("a"),
            (std::vector<std::string>{"Alarm \"a\" created",
                                      "Alarm updated from INSUFFICIENT_DATA to ALARM",
                                      std::string("Successfully executed action ") + kTopic}));
  // The same state again: no transition, no action.
  Publish(kT0 + 13000, 170);
  RunAt(kT0 + 20000);
  EXPECT_EQ(actions_.sent.size(), 1u);
  // The evaluation range (N + 2 periods) still holds the breaching points until they age out;
  // then no data, treated as not breaching: back to OK.
  RunAt(kT0 + 30000);
  RunAt(kT0 + 40000);
  EXPECT_EQ(Get("a").status.value, AlarmState::kAlarm);
  RunAt(kT0 + 50000);
  EXPECT_EQ(Get("a").status.value, AlarmState::kOk);
  EXPECT_EQ(actions_.sent.size(), 2u);
}

TEST_F(AlarmEngineTest, FailedAndDisabledActionsAreRecordedAsAwsDoes) {
  actions_.fail = true;
  ASSERT_TRUE(engine_->Put(MetricAlarm("a"), std::nullopt, clock_.Now()).ok());
  Publish(kT0 + 3000, 150);
  RunAt(kT0 + 10000);
  EXPECT_EQ(Summaries("a").back(), std::string("Failed to execute action ") + kTopic +
                                       ". Received error: 'Topic does not exist'");
  ASSERT_TRUE(engine_->SetActionsEnabled("123456789012", "us-east-1", {"a"}, false,
                                         clock_.Now()).ok());
  RunAt(kT0 + 20000);
  RunAt(kT0 + 30000);
  RunAt(kT0 + 40000);  // back to OK (no data in the range), actions disabled
  EXPECT_EQ(Get("a").status.value, AlarmState::kOk);
  EXPECT_EQ(actions_.sent.size(), 1u);
}

TEST_F(AlarmEngineTest, CompositeAlarmsFollowTheirChildrenAndRefuseCycles) {
  ASSERT_TRUE(engine_->Put(MetricAlarm("a"), std::nullopt, clock_.Now()).ok());
  AlarmDefinition c = Composite("c", "ALARM(a)");
  ASSERT_TRUE(engine_->Put(c, std::nullopt, clock_.Now()).ok());
  EXPECT_EQ(Get("c").status.value, AlarmState::kOk);
  SetState("a", AlarmState::kAlarm, "by hand");
  engine_->RunDue(clock_.Now());  // the queued work: actions, then the parents
  EXPECT_EQ(Get("c").status.value, AlarmState::kAlarm);
  EXPECT_EQ(Get("c").status.reason.rfind(
                "arn:aws:cloudwatch:us-east-1:123456789012:alarm:a transitioned to ALARM at ", 0),
            0u);
  EXPECT_EQ(actions_.sent.back().subject, "ALARM: \"c\" in US East (N. Virginia)");

  AlarmDefinition c2 = c;
  c2.name = "c2";
  c2.composite.rule = "ALARM(c)";
  ASSERT_TRUE(engine_->Put(c2, std::nullopt, clock_.Now()).ok());
  c.composite.rule = "ALARM(c2)";
  auto cycle = engine_->Put(c, std::nullopt, clock_.Now());
  ASSERT_FALSE(cycle.ok());
  EXPECT_NE(cycle.error().message.find("cycle"), std::string::npos);
}

TEST_F(AlarmEngineTest, ActionsSuppressorHoldsBackTheCompositesActions) {
  ASSERT_TRUE(engine_->Put(MetricAlarm("a"), std::nullopt, clock_.Now()).ok());
  ASSERT_TRUE(engine_->Put(MetricAlarm("maintenance"), std::nullopt, clock_.Now()).ok());
  SetState("maintenance", AlarmState::kAlarm, "window");
  AlarmDefinition c = Composite("c", "ALARM(a)", "maintenance", 0);
  ASSERT_TRUE(engine_->Put(c, std::nullopt, clock_.Now()).ok());
  engine_->RunDue(clock_.Now());
  const size_t before = actions_.sent.size();
  SetState("a", AlarmState::kAlarm);
  engine_->RunDue(clock_.Now());
  EXPECT_EQ(Get("c").status.value, AlarmState::kAlarm);
  EXPECT_EQ(Get("c").status.actions_suppressed_by, "Alarm");
  for (size_t i = before; i < actions_.sent.size(); ++i)
    EXPECT_NE(actions_.sent[i].subject, "ALARM: \"c\" in US East (N. Virginia)");
}

TEST_F(AlarmEngineTest, ACompositeCatchesUpAtStartWithAChildThatChangedJustBeforeACrash) {
  ASSERT_TRUE(engine_->Put(MetricAlarm("a", 60), std::nullopt, clock_.Now()).ok());
  ASSERT_TRUE(engine_->Put(MetricAlarm("b", 60), std::nullopt, clock_.Now()).ok());
  ASSERT_TRUE(engine_->Put(Composite("c", "ALARM(a)"), std::nullopt, clock_.Now()).ok());
  ASSERT_TRUE(engine_->Put(Composite("top", "ALARM(c)"), std::nullopt, clock_.Now()).ok());
  ASSERT_TRUE(engine_->Put(Composite("by_hand", "ALARM(b)"), std::nullopt, clock_.Now()).ok());
  engine_->RunDue(clock_.Now());
  clock_.Set(FromMillis(kT0 + 2000));
  SetState("by_hand", AlarmState::kAlarm, "set by hand");  // newer than its child: kept
  clock_.Set(FromMillis(kT0 + 3000));
  // a's transition is committed; the engine goes away before the scheduler re-evaluates c.
  SetState("a", AlarmState::kAlarm);
  EXPECT_EQ(Get("c").status.value, AlarmState::kOk);
  Reopen();
  EXPECT_EQ(engine_->NextDueMs(), 0);  // due at once, not at a's next change
  clock_.Set(FromMillis(kT0 + 4000));
  engine_->RunDue(clock_.Now());
  EXPECT_EQ(Get("c").status.value, AlarmState::kAlarm);
  EXPECT_EQ(Get("top").status.value, AlarmState::kAlarm);  // and on up the chain
  EXPECT_EQ(Get("by_hand").status.value, AlarmState::kAlarm);
  EXPECT_EQ(Get("by_hand").status.reason, "set by hand");
  // Caught up: another start re-evaluates nothing and records nothing.
  const size_t history = Summaries("c").size();
  Reopen();
  engine_->RunDue(clock_.Now());
  EXPECT_EQ(Summaries("c").size(), history);
  EXPECT_NE(engine_->NextDueMs(), 0);
}

TEST_F(AlarmEngineTest, StateAndHistorySurviveAReopen) {
  AlarmDefinition quiet = MetricAlarm("a", 60);
  quiet.alarm_actions.clear();  // nothing pending: the timer is the alarm's alone
  ASSERT_TRUE(engine_->Put(quiet, std::nullopt, clock_.Now()).ok());
  SetState("a", AlarmState::kAlarm, "kept", std::string("{\"x\":1}"));
  Reopen();
  const Alarm a = Get("a");
  EXPECT_EQ(a.status.value, AlarmState::kAlarm);
  EXPECT_EQ(a.status.reason, "kept");
  EXPECT_EQ(a.status.reason_data, "{\"x\":1}");
  EXPECT_EQ(a.definition->metric.period, 60);
  EXPECT_EQ(Summaries("a").size(), 2u);
  EXPECT_EQ(engine_->NextDueMs(), kT0 + 60000);
}

size_t CountOf(const std::vector<std::string>& items, const std::string& item) {
  return static_cast<size_t>(std::count(items.begin(), items.end(), item));
}

TEST_F(AlarmEngineTest, ActionsOfATransitionSurviveTheEngineGoingAwayBeforeTheyRun) {
  ASSERT_TRUE(engine_->Put(MetricAlarm("a", 60), std::nullopt, clock_.Now()).ok());
  SetState("a", AlarmState::kAlarm, "crash");
  // The state is saved; the scheduler never got to the actions before the engine went away.
  EXPECT_TRUE(actions_.sent.empty());
  Reopen();
  EXPECT_EQ(engine_->NextDueMs(), Millis(clock_.Now()));  // due now, not at the next minute
  engine_->RunDue(clock_.Now());
  ASSERT_EQ(actions_.sent.size(), 1u);
  EXPECT_EQ(actions_.sent[0].subject, "ALARM: \"a\" in US East (N. Virginia)");
  EXPECT_NE(actions_.sent[0].message.find("\"NewStateReason\":\"crash\""), std::string::npos);
  engine_->RunDue(clock_.Now());
  Reopen();
  engine_->RunDue(clock_.Now());
  EXPECT_EQ(actions_.sent.size(), 1u);  // exactly once
  EXPECT_EQ(engine_->NextDueMs(), kT0 + 60000);
  EXPECT_EQ(CountOf(Summaries("a"), std::string("Successfully executed action ") + kTopic), 1u);
}

TEST_F(AlarmEngineTest, AFailingActionIsRecordedOnceNotRetried) {
  actions_.fail = true;
  AlarmDefinition d = MetricAlarm("a", 60);
  d.ok_actions.clear();  // the evaluation at the minute goes back to OK: no action there
  ASSERT_TRUE(engine_->Put(d, std::nullopt, clock_.Now()).ok());
  SetState("a", AlarmState::kAlarm);
  engine_->RunDue(clock_.Now());
  engine_->RunDue(clock_.Now());
  Reopen();
  RunAt(kT0 + 60000);
  RunAt(kT0 + 120000);
  EXPECT_EQ(actions_.sent.size(), 1u);
  EXPECT_EQ(CountOf(Summaries("a"), std::string("Failed to execute action ") + kTopic +
                                        ". Received error: 'Topic does not exist'"),
            1u);
}

TEST_F(AlarmEngineTest, ActionsDeferredByTheSuppressorsWaitPeriodSurviveAReopen) {
  ASSERT_TRUE(engine_->Put(MetricAlarm("a", 60), std::nullopt, clock_.Now()).ok());
  ASSERT_TRUE(engine_->Put(MetricAlarm("maintenance", 60), std::nullopt, clock_.Now()).ok());
  AlarmDefinition c = Composite("c", "ALARM(a)", "maintenance", 30);
  ASSERT_TRUE(engine_->Put(c, std::nullopt, clock_.Now()).ok());
  const int64_t t = Millis(clock_.Now());
  SetState("a", AlarmState::kAlarm);
  engine_->RunDue(clock_.Now());
  EXPECT_EQ(Get("c").status.value, AlarmState::kAlarm);
  const size_t before = actions_.sent.size();  // a's own action
  EXPECT_EQ(engine_->NextDueMs(), t + 30000);   // c's actions wait out the wait period
  Reopen();
  EXPECT_EQ(engine_->NextDueMs(), t + 30000);
  RunAt(t + 29000);
  EXPECT_EQ(actions_.sent.size(), before);
  RunAt(t + 30000);
  ASSERT_EQ(actions_.sent.size(), before + 1);
  EXPECT_EQ(actions_.sent.back().subject, "ALARM: \"c\" in US East (N. Virginia)");
}

TEST_F(AlarmEngineTest, DeferredActionsAreDroppedWhenTheSuppressorAlarmsDuringTheWait) {
  ASSERT_TRUE(engine_->Put(MetricAlarm("a", 60), std::nullopt, clock_.Now()).ok());
  AlarmDefinition quiet = MetricAlarm("maintenance", 60);
  quiet.alarm_actions.clear();
  ASSERT_TRUE(engine_->Put(quiet, std::nullopt, clock_.Now()).ok());
  AlarmDefinition c = Composite("c", "ALARM(a)", "maintenance", 30);
  ASSERT_TRUE(engine_->Put(c, std::nullopt, clock_.Now()).ok());
  const int64_t t = Millis(clock_.Now());
  SetState("a", AlarmState::kAlarm);
  engine_->RunDue(clock_.Now());
  const size_t before = actions_.sent.size();
  clock_.Set(FromMillis(t + 10000));
  SetState("maintenance", AlarmState::kAlarm, "window");
  RunAt(t + 30000);
  EXPECT_EQ(actions_.sent.size(), before);
  EXPECT_EQ(CountOf(Summaries("c"), std::string("Successfully executed action ") + kTopic), 0u);
  EXPECT_NE(engine_->NextDueMs(), t + 30000);  // the dropped action is gone from the store
}

}  // namespace
}  // namespace berth::services::monitoring::alarms
