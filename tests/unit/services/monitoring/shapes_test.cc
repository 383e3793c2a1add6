#include <gtest/gtest.h>

#include <cmath>

#include "protocol/json_reader.h"
#include "services/monitoring/api/shapes.h"

namespace berth::services::monitoring {
namespace {

Document Json(const char* text) {
  auto d = protocol::ParseJson(text);
  EXPECT_TRUE(d.ok()) << text;
  return d.ok() ? *d : Document();
}

Error PutError(const char* json) {
  auto r = DecodePutMetricData(Json(json));
  EXPECT_FALSE(r.ok()) << json;
  return r.ok() ? Error{} : r.error();
}

TEST(PutMetricDataShape, AcceptsEveryValueForm) {
  auto r = DecodePutMetricData(Json(R"({"Namespace":"App","MetricData":[
      {"MetricName":"A","Value":1,"Dimensions":[{"Name":"z","Value":"1"},{"Name":"a","Value":"2"}]},
      {"MetricName":"B","Values":[1,2.5],"Counts":[3,1],"Unit":"Count","StorageResolution":1},
      {"MetricName":"C","StatisticValues":{"SampleCount":2,"Sum":3,"Minimum":1,"Maximum":2},
       "Timestamp":1796644800}]})"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->data.size(), 3u);
  EXPECT_EQ(r->data[0].dimensions[0].name, "a");  // sorted
  EXPECT_EQ(r->data[0].time_ms, kCallTime);  // the call's time, later
  EXPECT_EQ(r->data[1].values.size(), 2u);
  EXPECT_TRUE(r->data[1].high_resolution);
  EXPECT_EQ(r->data[2].time_ms, 1796644800000);
}

TEST(PutMetricDataShape, QueryStringsAreNumbersAndIsoTimestamps) {
  Document in = Document::MakeMap();
  in["Namespace"] = "App";
  Document datum = Document::MakeMap();
  datum["MetricName"] = "A";
  datum["Value"] = "2.5";
  datum["Timestamp"] = "2026-12-07T12:00:00Z";
  datum["StorageResolution"] = "60";
  in["MetricData"] = Document::List{datum};
  auto r = DecodePutMetricData(in);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->data[0].values[0].first, 2.5);
  EXPECT_EQ(r->data[0].time_ms, 1796644800000);
}

TEST(PutMetricDataShape, RefusesWhatAwsRefuses) {
  Error e = PutError(R"({"Namespace":"AWS/EC2","MetricData":[{"MetricName":"A","Value":1}]})");
  EXPECT_EQ(e.code, "InvalidParameterValueException");
  EXPECT_EQ(e.message, "The value AWS/EC2 for parameter Namespace is invalid.");
  e = PutError(R"({"Namespace":"A","MetricData":[{"MetricName":"A","Value":"NaN"}]})");
  EXPECT_EQ(e.message, "The value NaN for parameter MetricData.member.1.Value is invalid.");
  e = PutError(R"({"Namespace":"A","MetricData":[{"MetricName":"A","Value":1e100}, {"MetricName":"A","Values":[1e120]}]})");
  EXPECT_EQ(e.message, "The value 1e+120 for parameter MetricData.member.2.Values.member.1 is invalid.");
  e = PutError(R"({"Namespace":"A","MetricData":[{"MetricName":"A","Value":1,"Values":[1]}]})");
  EXPECT_EQ(e.code, "InvalidParameterCombinationException");
  e = PutError(R"({"Namespace":"A","MetricData":[{"MetricName":"A","Values":[1,2],"Counts":[1]}]})");
  EXPECT_EQ(e.code, "InvalidParameterValueException");
  e = PutError(R"({"Namespace":"A","MetricData":[{"MetricName":"A"}]})");
  EXPECT_EQ(e.code, "MissingRequiredParameterException");
  e = PutError(R"({"MetricData":[{"MetricName":"A","Value":1}]})");
  EXPECT_EQ(e.message, "The parameter Namespace is required.");
  e = PutError(R"({"Namespace":"A","MetricData":[{"MetricName":"A","Value":1,"StorageResolution":5}]})");
  EXPECT_EQ(e.message, "The value 5 for parameter MetricData.member.1.StorageResolution is invalid.");
  e = PutError(R"({"Namespace":"A","MetricData":[{"MetricName":"A","Value":1,"Unit":"Parsecs"}]})");
  EXPECT_EQ(e.message, "The value Parsecs for parameter MetricData.member.1.Unit is invalid.");
  e = PutError(R"({"Namespace":"A","MetricData":[{"MetricName":"A","StatisticValues":{"SampleCount":1,"Sum":1,"Minimum":2,"Maximum":1}}]})");
  EXPECT_EQ(e.code, "InvalidParameterValueException");
  e = PutError(R"({"Namespace":"A","MetricData":"x"})");
  EXPECT_EQ(e.code, "SerializationException");

  std::string many = R"({"Namespace":"A","MetricData":[)";
  for (int i = 0; i < 1001; ++i) many += std::string(i ? "," : "") + R"({"MetricName":"A","Value":1})";
  many += "]}";
  e = PutError(many.c_str());
  EXPECT_EQ(e.message, "The collection MetricData must not have a size greater than 1000.");
  std::string dims = R"({"Namespace":"A","MetricData":[{"MetricName":"A","Value":1,"Dimensions":[)";
  for (int i = 0; i < 31; ++i)
    dims += std::string(i ? "," : "") + R"({"Name":"d)" + std::to_string(i) + R"(","Value":"v"})";
  dims += "]}]}";
  e = PutError(dims.c_str());
  EXPECT_EQ(e.message,
            "The collection MetricData.member.1.Dimensions must not have a size greater than 30.");
}

TEST(GetMetricStatisticsShape, StatisticsXorExtendedAndPeriods) {
  const char* base = R"("Namespace":"A","MetricName":"M","StartTime":0,"EndTime":60,)";
  auto parse = [&](std::string rest) {
    return DecodeGetMetricStatistics(Json(("{" + std::string(base) + rest + "}").c_str()));
  };
  EXPECT_TRUE(parse(R"x("Period":60,"Statistics":["Sum"])x").ok());
  EXPECT_TRUE(parse(R"x("Period":60,"ExtendedStatistics":["p99","TM(10%:90%)"])x").ok());
  EXPECT_EQ(parse(R"x("Period":60,"Statistics":["Sum"],"ExtendedStatistics":["p99"])x").error().code,
            "InvalidParameterCombinationException");
  EXPECT_EQ(parse(R"x("Period":60)x").error().code, "MissingRequiredParameterException");
  EXPECT_EQ(parse(R"x("Period":61,"Statistics":["Sum"])x").error().message,
            "The parameter Period must be a multiple of 60.");
  EXPECT_TRUE(parse(R"x("Period":5,"Statistics":["Sum"])x").ok());
  EXPECT_EQ(parse(R"x("Period":60,"Statistics":["p99"])x").error().message,
            "The value p99 for parameter Statistics.member.1 is invalid.");
}

TEST(GetMetricDataShape, QueryIdsAndExactlyOneOfStatOrExpression) {
  auto parse = [](const char* queries) {
    return DecodeGetMetricData(Json(
        (std::string(R"({"StartTime":0,"EndTime":60,"MetricDataQueries":)") + queries + "}").c_str()));
  };
  EXPECT_TRUE(parse(R"x([{"Id":"e1","Expression":"1+1"}])x").ok());
  EXPECT_EQ(parse(R"x([{"Id":"E1","Expression":"1"}])x").error().code, "InvalidParameterValueException");
  EXPECT_EQ(parse(R"x([{"Id":"e1"}])x").error().code, "InvalidParameterCombinationException");
  EXPECT_EQ(parse(R"x([{"Id":"e1","Expression":"1"},{"Id":"e1","Expression":"2"}])x").error().code,
            "InvalidParameterValueException");
  EXPECT_FALSE(parse(R"x([{"Id":"m","MetricStat":{"Metric":{"Namespace":"A","MetricName":"M"},"Period":60,"Stat":"Nope"}}])x").ok());
}

}  // namespace
}  // namespace berth::services::monitoring
