#include <gtest/gtest.h>

#include <algorithm>

#include "core/json_writer.h"
#include "protocol/json_reader.h"
#include "services/monitoring/api/alarm_shapes.h"

namespace berth::services::monitoring {
namespace {

Document Json(const std::string& text) { return *protocol::ParseJson(text); }

const char kAlarm[] =
    R"({"AlarmName":"a","Namespace":"N","MetricName":"M","Statistic":"Average","Period":60,)"
    R"("EvaluationPeriods":3,"DatapointsToAlarm":2,"Threshold":5.5,)"
    R"("ComparisonOperator":"GreaterThanThreshold","TreatMissingData":"breaching",)"
    R"("Dimensions":[{"Name":"B","Value":"2"},{"Name":"A","Value":"1"}],"AlarmActions":["x"]})";

Error ErrorOf(const std::string& patch_key, const std::string& patch_json) {
  Document d = Json(kAlarm);
  d[patch_key] = Json(patch_json);
  auto r = DecodePutMetricAlarm(d);
  EXPECT_FALSE(r.ok()) << patch_key;
  return r.ok() ? Error{"", "", 0} : r.error();
}

TEST(AlarmShapes, PutMetricAlarmRoundTripsThroughItsStoredForm) {
  auto in = DecodePutMetricAlarm(Json(kAlarm));
  ASSERT_TRUE(in.ok()) << in.error().message;
  const std::string stored = ToJson(DefinitionToDocument(in->definition));
  auto again = DecodePutMetricAlarm(Json(stored));
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(ToJson(DefinitionToDocument(again->definition)), stored);
  EXPECT_EQ(again->definition.metric.M(), 2);
  EXPECT_EQ(again->definition.metric.metric->dimensions[0].name, "A");  // sorted
  EXPECT_EQ(again->definition.metric.missing(), alarms::MissingData::kBreaching);
}

TEST(AlarmShapes, RefusesWhatAwsRefusesWithItsCodes) {
  EXPECT_EQ(ErrorOf("Period", "45").code, "InvalidParameterValueException");
  EXPECT_EQ(ErrorOf("DatapointsToAlarm", "4").code, "InvalidParameterValueException");
  EXPECT_EQ(ErrorOf("EvaluationPeriods", "1441").code, "InvalidParameterCombinationException");
  EXPECT_EQ(ErrorOf("ExtendedStatistic", "\"p99\"").code, "InvalidParameterCombinationException");
  EXPECT_EQ(ErrorOf("TreatMissingData", "\"sometimes\"").code, "InvalidParameterValueException");
  EXPECT_EQ(ErrorOf("OKActions", R"(["1","2","3","4","5","6"])").message,
            "The collection OKActions must not have a size greater than 5.");
  EXPECT_EQ(ErrorOf("Metrics", R"([{"Id":"e1","Expression":"1","Period":60}])").code,
            "InvalidParameterCombinationException");
  EXPECT_EQ(ErrorOf("EvaluateLowSampleCountPercentile", "\"maybe\"").code,
            "InvalidParameterValueException");
  Document anomaly = Json(kAlarm);
  anomaly["ComparisonOperator"] = "GreaterThanUpperThreshold";
  anomaly["ThresholdMetricId"] = "ad1";
  anomaly.as_map().erase(std::remove_if(anomaly.as_map().begin(), anomaly.as_map().end(),
                                        [](const auto& m) { return m.first == "Threshold"; }),
                         anomaly.as_map().end());
  auto r = DecodePutMetricAlarm(anomaly);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("anomaly detection"), std::string::npos);
}

TEST(AlarmShapes, MathAlarmsNeedExactlyOneReturnedSeries) {
  const char* two = R"({"AlarmName":"m","EvaluationPeriods":1,"Threshold":1,)"
                    R"("ComparisonOperator":"LessThanThreshold","Metrics":[)"
                    R"({"Id":"m1","MetricStat":{"Metric":{"Namespace":"N","MetricName":"M"},)"
                    R"("Period":60,"Stat":"Sum"}},{"Id":"e1","Expression":"m1*2"}]})";
  auto r = DecodePutMetricAlarm(Json(two));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "Exactly one element of the metrics list should return data.");
  std::string one = two;
  one.replace(one.find(R"("Stat":"Sum"}})"), 14, R"("Stat":"Sum"},"ReturnData":false})");
  r = DecodePutMetricAlarm(Json(one));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->definition.metric.period, 60);
}

TEST(AlarmShapes, SearchIsRefusedInAlarmsAsAwsRefusesIt) {
  const std::string search =
      R"j({"AlarmName":"s","EvaluationPeriods":1,"Threshold":1,"ComparisonOperator":"LessThanThreshold",)j"
      R"j("Metrics":[{"Id":"e1","Period":60,"Expression":"SUM(SEARCH('{N,D} M', 'Sum', 60))"}]})j";
  auto r = DecodePutMetricAlarm(Json(search));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "SEARCH is not supported on Metric Alarms.");
  std::string insights = search;
  insights.replace(insights.find("SUM(SEARCH"), std::string("SUM(SEARCH('{N,D} M', 'Sum', 60))").size(),
                   "SELECT SUM(M) FROM N");
  r = DecodePutMetricAlarm(Json(insights));
  EXPECT_TRUE(r.ok()) << r.error().message;
}

TEST(AlarmShapes, SetAlarmStateWantsJsonReasonData) {
  auto r = DecodeSetAlarmState(Json(
      R"({"AlarmName":"a","StateValue":"ALARM","StateReason":"r","StateReasonData":"{x"})"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "InvalidFormatFault");
  EXPECT_EQ(DecodeSetAlarmState(Json(R"({"AlarmName":"a","StateValue":"MAYBE","StateReason":"r"})"))
                .error()
                .code,
            "InvalidParameterValueException");
}

TEST(AlarmShapes, DescribeAlarmsChecksItsCombinations) {
  EXPECT_EQ(DecodeDescribeAlarms(Json(R"({"AlarmNames":["a"],"AlarmNamePrefix":"a"})"))
                .error()
                .code,
            "InvalidParameterCombinationException");
  EXPECT_EQ(DecodeDescribeAlarms(Json(R"({"MaxRecords":101})")).error().code,
            "InvalidParameterValueException");
  auto d = DecodeDescribeAlarms(Json("{}"));
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->types, std::set<alarms::AlarmType>{alarms::AlarmType::kMetric});
  // The query wire's empty list.
  EXPECT_TRUE(DecodeDescribeAlarms(Json(R"({"AlarmNames":""})")).ok());
}

}  // namespace
}  // namespace berth::services::monitoring
