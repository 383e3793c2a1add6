#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "services/monitoring/alarms/alarm_evaluator.h"
#include "services/monitoring/alarms/alarm_text.h"

namespace berth::services::monitoring::alarms {
namespace {

constexpr int64_t kEnd = 1796644800000;  // 2026-12-07T12:00:00Z

// The user guide's notation, oldest first: 0 = not breaching, X = breaching, - = missing.
std::vector<Datapoint> Points(const std::string& row) {
  std::vector<char> slots;
  for (char c : row)
    if (c != ' ') slots.push_back(c);
  std::vector<Datapoint> out;
  const int64_t r = static_cast<int64_t>(slots.size());
  for (int64_t i = 0; i < r; ++i) {
    const char c = slots[static_cast<size_t>(i)];
    if (c != '-') out.push_back({kEnd - (r - i) * 60000, c == 'X' ? 150.0 : 10.0, 1.0});
  }
  return out;
}

MetricAlarmDefinition Definition(int64_t n, int64_t m, MissingData missing) {
  MetricAlarmDefinition d;
  d.metric = MetricKey{"Test", "Latency", {}};
  d.statistic = "Average";
  d.period = 60;
  d.evaluation_periods = n;
  d.datapoints_to_alarm = m;
  d.threshold = 100;
  d.comparison = Comparison::kGreater;
  d.treat_missing_data = missing;
  return d;
}

// "OK", "ALARM", "INSUFFICIENT_DATA" or "keep".
std::string Outcome(const MetricAlarmDefinition& d, const std::string& row,
                    AlarmState current = AlarmState::kInsufficientData) {
  EvaluationInput in;
  in.definition = &d;
  in.range_end_ms = kEnd;
  in.range_periods = 5;
  in.datapoints = Points(row);
  in.current = current;
  in.query_ms = kEnd + 1234;
  auto e = EvaluateMetricAlarm(in);
  return e ? std::string(StateName(e->state)) : "keep";
}

struct Row {
  int64_t n, m;
  const char* points;
  const char* missing;
  const char* ignore;
  const char* breaching;
  const char* not_breaching;
};

// AWS user guide, "Configuring how CloudWatch alarms treat missing data", both tables.
const Row kGolden[] = {
    {3, 3, "0 - X - X", "OK", "OK", "OK", "OK"},
    {3, 3, "0 - - - -", "OK", "OK", "OK", "OK"},
    {3, 3, "- - - - -", "INSUFFICIENT_DATA", "keep", "ALARM", "OK"},
    {3, 3, "0 X X - X", "ALARM", "ALARM", "ALARM", "ALARM"},
    {3, 3, "- - X - -", "ALARM", "keep", "ALARM", "OK"},
    {3, 2, "0 - X - X", "ALARM", "ALARM", "ALARM", "ALARM"},
    {3, 2, "0 0 X 0 X", "ALARM", "ALARM", "ALARM", "ALARM"},
    {3, 2, "0 - X - -", "OK", "OK", "ALARM", "OK"},
    {3, 2, "- - - - 0", "OK", "OK", "ALARM", "OK"},
    {3, 2, "- - - X -", "ALARM", "keep", "ALARM", "OK"},
};

TEST(AlarmEvaluator, MatchesEveryRowOfTheMissingDataTables) {
  for (const Row& row : kGolden) {
    SCOPED_TRACE(std::string(row.points) + " N=" + std::to_string(row.n) +
                 " M=" + std::to_string(row.m));
    EXPECT_EQ(Outcome(Definition(row.n, row.m, MissingData::kMissing), row.points), row.missing);
    EXPECT_EQ(Outcome(Definition(row.n, row.m, MissingData::kIgnore), row.points), row.ignore);
    EXPECT_EQ(Outcome(Definition(row.n, row.m, MissingData::kBreaching), row.points),
              row.breaching);
    EXPECT_EQ(Outcome(Definition(row.n, row.m, MissingData::kNotBreaching), row.points),
              row.not_breaching);
  }
}

TEST(AlarmEvaluator, PrematureAlarmRuleWaitsUntilTheBreachIsMPeriodsOld) {
  const auto d = Definition(3, 3, MissingData::kMissing);
  EXPECT_EQ(Outcome(d, "- - - - X"), "keep");
  EXPECT_EQ(Outcome(d, "- - - X -"), "keep");
  EXPECT_EQ(Outcome(d, "- - X - -"), "ALARM");
}

TEST(AlarmEvaluator, IgnoreKeepsTheStateWhenAllDataIsMissing) {
  EXPECT_EQ(Outcome(Definition(3, 3, MissingData::kIgnore), "- - - - -", AlarmState::kOk), "keep");
}

TEST(AlarmEvaluator, StateReasonIsWordedAsAws) {
  auto d = Definition(1, 1, MissingData::kMissing);
  d.threshold = 50;
  EvaluationInput in;
  in.definition = &d;
  in.range_end_ms = kEnd;
  in.range_periods = 3;
  in.datapoints = {{kEnd - 60000, 99.50160229693434, 1.0}};
  in.current = AlarmState::kOk;
  in.query_ms = kEnd + 985;
  auto e = EvaluateMetricAlarm(in);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->state, AlarmState::kAlarm);
  EXPECT_EQ(e->reason,
            "Threshold Crossed: 1 out of the last 1 datapoints [99.50160229693434 (07/12/26 "
            "11:59:00)] was greater than the threshold (50.0) (minimum 1 datapoint for OK -> "
            "ALARM transition).");
  EXPECT_NE(e->reason_data.find("\"version\":\"1.0\""), std::string::npos);
  EXPECT_NE(e->reason_data.find("\"queryDate\":\"2026-12-07T12:00:00.985+0000\""),
            std::string::npos);
  EXPECT_NE(e->reason_data.find("\"startDate\":\"2026-12-07T11:59:00.000+0000\""),
            std::string::npos);
  EXPECT_NE(e->reason_data.find("\"statistic\":\"Average\""), std::string::npos);
  EXPECT_NE(e->reason_data.find("\"recentDatapoints\":[99.50160229693434]"), std::string::npos);
}

TEST(AlarmEvaluator, OkReasonSaysNotAndCountsTheMinimumForOk) {
  auto d = Definition(3, 2, MissingData::kMissing);
  EvaluationInput in;
  in.definition = &d;
  in.range_end_ms = kEnd;
  in.range_periods = 5;
  in.datapoints = Points("0 0 0 0 0");
  in.current = AlarmState::kAlarm;
  auto e = EvaluateMetricAlarm(in);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->state, AlarmState::kOk);
  EXPECT_NE(e->reason.find("3 out of the last 3 datapoints"), std::string::npos);
  EXPECT_NE(e->reason.find("were not greater than the threshold (100.0)"), std::string::npos);
  EXPECT_NE(e->reason.find("(minimum 2 datapoints for ALARM -> OK transition)"),
            std::string::npos);
}

TEST(AlarmEvaluator, AllMissingReasonsNameTheFill) {
  EvaluationInput in;
  auto d = Definition(2, 2, MissingData::kBreaching);
  in.definition = &d;
  in.range_end_ms = kEnd;
  in.range_periods = 4;
  auto e = EvaluateMetricAlarm(in);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->reason,
            "Threshold Crossed: no datapoints were received for 2 periods and 2 missing "
            "datapoints were treated as [Breaching].");
  d.treat_missing_data = MissingData::kMissing;
  e = EvaluateMetricAlarm(in);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->reason, "Insufficient Data: 2 datapoints were unknown.");
}

TEST(AlarmEvaluator, LowSampleCountPercentileIsSkippedUnderIgnore) {
  auto d = Definition(1, 1, MissingData::kMissing);
  d.statistic.reset();
  d.extended_statistic = "p99";
  d.evaluate_low_sample_count_percentile = "ignore";
  EvaluationInput in;
  in.definition = &d;
  in.range_end_ms = kEnd;
  in.range_periods = 3;
  in.datapoints = {{kEnd - 60000, 500.0, 20.0}};  // p99 needs 1000 samples
  EXPECT_FALSE(EvaluateMetricAlarm(in));
  in.datapoints[0].sample_count = 1000;
  auto e = EvaluateMetricAlarm(in);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->state, AlarmState::kAlarm);
  d.evaluate_low_sample_count_percentile = "evaluate";
  in.datapoints[0].sample_count = 20;
  EXPECT_TRUE(EvaluateMetricAlarm(in));
  EXPECT_DOUBLE_EQ(*LowSampleThreshold("p99"), 1000);
  EXPECT_DOUBLE_EQ(*LowSampleThreshold("p10"), 100);
  EXPECT_FALSE(LowSampleThreshold("tm99"));
}

TEST(AlarmEvaluator, MathAlarmsOmitTheStatistic) {
  auto d = Definition(1, 1, MissingData::kMissing);
  d.metric.reset();
  d.statistic.reset();
  MetricDataQuery q;
  q.id = "e1";
  q.expression = "m1 * 2";
  d.metrics.push_back(q);
  EvaluationInput in;
  in.definition = &d;
  in.range_end_ms = kEnd;
  in.range_periods = 3;
  in.datapoints = {{kEnd - 60000, 10.0, std::nullopt}};
  auto e = EvaluateMetricAlarm(in);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->state, AlarmState::kOk);
  EXPECT_EQ(e->reason_data.find("statistic"), std::string::npos);
}

TEST(AlarmText, WritesNumbersAsJavaDoes) {
  EXPECT_EQ(JavaDouble(150), "150.0");
  EXPECT_EQ(JavaDouble(0.25), "0.25");
  EXPECT_EQ(JavaDouble(-3), "-3.0");
  EXPECT_EQ(JavaDouble(1e-4), "1.0E-4");
  EXPECT_EQ(JavaDouble(12345678), "1.2345678E7");
  EXPECT_EQ(LongTime(kEnd), "Monday 07 December, 2026 12:00:00 UTC");
}

}  // namespace
}  // namespace berth::services::monitoring::alarms
