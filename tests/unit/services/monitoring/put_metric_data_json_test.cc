#include <gtest/gtest.h>

#include <string>

#include "protocol/json_reader.h"
#include "services/monitoring/api/put_metric_data_json.h"
#include "services/monitoring/api/shapes.h"

namespace berth::services::monitoring {
namespace {

// The generic path (JSON → Document → DecodePutMetricData), as the dispatcher runs it.
Result<PutMetricDataInput> Generic(const std::string& json) {
  BERTH_ASSIGN_OR_RETURN(Document doc, protocol::ParseJson(json));
  return DecodePutMetricData(doc);
}

void ExpectSame(const PutMetricDataInput& a, const PutMetricDataInput& b) {
  EXPECT_EQ(a.ns, b.ns);
  ASSERT_EQ(a.data.size(), b.data.size());
  for (size_t i = 0; i < a.data.size(); ++i) {
    const Datum& x = a.data[i];
    const Datum& y = b.data[i];
    EXPECT_EQ(x.metric_name, y.metric_name) << i;
    ASSERT_EQ(x.dimensions.size(), y.dimensions.size()) << i;
    for (size_t j = 0; j < x.dimensions.size(); ++j) {
      EXPECT_EQ(x.dimensions[j].name, y.dimensions[j].name);
      EXPECT_EQ(x.dimensions[j].value, y.dimensions[j].value);
    }
    EXPECT_EQ(x.time_ms, y.time_ms) << i;
    EXPECT_EQ(x.unit, y.unit) << i;
    EXPECT_EQ(x.high_resolution, y.high_resolution) << i;
    EXPECT_EQ(x.values, y.values) << i;
    EXPECT_EQ(x.statistic_values.has_value(), y.statistic_values.has_value()) << i;
  }
}

// Taken by the direct decoder, with the generic path's result.
void ExpectTaken(const std::string& json) {
  auto direct = DecodePutMetricDataJson(json);
  ASSERT_TRUE(direct.has_value()) << json;
  auto generic = Generic(json);
  ASSERT_TRUE(generic.ok()) << json << ": " << generic.error().message;
  ExpectSame(*direct, *generic);
}

// Left to the generic path (which then answers what it always has).
void ExpectLeft(const std::string& json) {
  EXPECT_FALSE(DecodePutMetricDataJson(json).has_value()) << json;
}

TEST(PutMetricDataJson, EqualsTheGenericPath) {
  ExpectTaken(R"({"Namespace":"App","MetricData":[{"MetricName":"A","Value":1}]})");
  ExpectTaken(R"({"MetricData":[{"Value":-2.5e3,"MetricName":"A","Unit":"Milliseconds",
      "StorageResolution":1,"Timestamp":1796644800.123,
      "Dimensions":[{"Name":"z","Value":"1"},{"Value":"2","Name":"a"},{"Name":"m","Value":"3"}]},
      {"MetricName":"B","Values":[1,2.5,7],"Counts":[3,0,1],"StorageResolution":60,
       "Timestamp":1796644800},
      {"MetricName":"C","Values":[4,5]},
      {"MetricName":"D","Value":0,"Dimensions":[]}],"Namespace":"Svc/Latency"})");
  // A botocore-shaped body of 1,000 datums over several series.
  std::string big = R"({"Namespace":"Bench/Ingest","MetricData":[)";
  for (int i = 0; i < 1000; ++i) {
    if (i) big += ",";
    big += R"({"MetricName":"Latency","Dimensions":[{"Name":"Host","Value":"host-)" +
           std::to_string(i % 37) + R"("},{"Name":"Service","Value":"svc"}],"Timestamp":)" +
           std::to_string(1796644800 + i) + R"(,"Value":)" + std::to_string(i * 0.1) +
           R"(,"Unit":"Milliseconds","StorageResolution":60})";
  }
  big += "]}";
  ExpectTaken(big);
}

// A body past the kept scratch size (its buffers are given back afterwards) decodes the same,
// and so do the bodies after it.
TEST(PutMetricDataJson, DecodesALargeBodyAndTheNextOne) {
  std::string big = R"({"Namespace":"App","MetricData":[)";
  for (int i = 0; i < 1000; ++i) {
    big += std::string(i ? "," : "") + R"({"MetricName":"A","Dimensions":[{"Name":"Long","Value":")" +
           std::string(1024, static_cast<char>('a' + i % 26)) + R"("}],"Value":)" +
           std::to_string(i) + "}";
  }
  big += "]}";
  ASSERT_GT(big.size(), size_t{1} << 20);
  ExpectTaken(big);
  ExpectTaken(R"({"Namespace":"App","MetricData":[{"MetricName":"A","Value":1}]})");
}

TEST(PutMetricDataJson, LeavesBadInputToTheGenericPath) {
  for (const char* json : {
           "", "{", "[]", "null", R"({"Namespace":"App","MetricData":[{"MetricName":"A","Value":1}]} x)",
           R"({"Namespace":"App"})",                                  // no MetricData
           R"({"Namespace":"App","MetricData":[]})",                  // empty
           R"({"MetricData":[{"MetricName":"A","Value":1}]})",         // no Namespace
           R"({"Namespace":"AWS/EC2","MetricData":[{"MetricName":"A","Value":1}]})",
           R"({"Namespace":"","MetricData":[{"MetricName":"A","Value":1}]})",
           R"({"Namespace":":x","MetricData":[{"MetricName":"A","Value":1}]})",
           R"({"Namespace":1,"MetricData":[{"MetricName":"A","Value":1}]})",
           R"({"Namespace":"App","MetricData":{}})",
           R"({"Namespace":"App","MetricData":[{"MetricName":"","Value":1}]})",
           R"({"Namespace":"App","MetricData":[{"Value":1}]})",
           R"({"Namespace":"App","MetricData":[{"MetricName":"A"}]})",
           R"({"Namespace":"App","MetricData":[{"MetricName":"A","Value":"1"}]})",
           R"({"Namespace":"App","MetricData":[{"MetricName":"A","Value":null}]})",
           R"({"Namespace":"App","MetricData":[{"MetricName":"A","Value":1e400}]})",
           R"({"Namespace":"App","MetricData":[{"MetricName":"A","Value":1e300}]})",
           R"({"Namespace":"App","MetricData":[{"MetricName":"A","Value":18446744073709551615}]})",
           R"({"Namespace":"App","MetricData":[{"MetricName":"A","Value":1,"Values":[1]}]})",
           R"({"Namespace":"App","MetricData":[{"MetricName":"A","Values":[1],"Counts":[1,2]}]})",
           R"({"Namespace":"App","MetricData":[{"MetricName":"A","Values":[1],"Counts":[-1]}]})",
           R"({"Namespace":"App","MetricData":[{"MetricName":"A","Value":1,"Unit":"Parsecs"}]})",
           R"({"Namespace":"App","MetricData":[{"MetricName":"A","Value":1,"StorageResolution":5}]})",
           R"({"Namespace":"App","MetricData":[{"MetricName":"A","Value":1,"Timestamp":"2026-12-07T00:00:00Z"}]})",
           R"({"Namespace":"App","MetricData":[{"MetricName":"A","Value":1,"Timestamp":1e14}]})",
           R"({"Namespace":"App","MetricData":[{"MetricName":"A","Value":1,"Dimensions":[{"Name":"a"}]}]})",
           R"({"Namespace":"App","MetricData":[{"MetricName":"A","Value":1,"Dimensions":[{"Name":"a","Value":"1"},{"Name":"a","Value":"2"}]}]})",
           R"({"Namespace":"App","MetricData":[{"MetricName":"A","Value":1,"Dimensions":[{"Name":"a","Value":""}]}]})",
           R"({"Namespace":"App","MetricData":[{"MetricName":"A","Value":1,"MetricName":"B"}]})",  // repeated
           R"({"Namespace":"App","Namespace":"B","MetricData":[{"MetricName":"A","Value":1}]})",
           R"({"Namespace":"App","MetricData":[{"MetricName":"A","Value":1,"Extra":[[[[]]]]}]})",
           R"({"Namespace":"App","MetricData":[{"MetricName":"A","StatisticValues":{"SampleCount":1,"Sum":1,"Minimum":1,"Maximum":1}}]})",
           R"({"Namespace":"App","EntityMetricData":[]})",
           "{\"Namespace\":\"App\xff\",\"MetricData\":[{\"MetricName\":\"A\",\"Value\":1}]}",  // bad UTF-8
       }) {
    ExpectLeft(json);
  }
  std::string many = R"({"Namespace":"App","MetricData":[)";
  for (int i = 0; i < 1001; ++i) many += std::string(i ? "," : "") + R"({"MetricName":"A","Value":1})";
  ExpectLeft(many + "]}");
  std::string dims = R"({"Namespace":"App","MetricData":[{"MetricName":"A","Value":1,"Dimensions":[)";
  for (int i = 0; i < 31; ++i)
    dims += std::string(i ? "," : "") + R"({"Name":"d)" + std::to_string(i) + R"(","Value":"v"})";
  ExpectLeft(dims + "]}]}");
  std::string values = R"({"Namespace":"App","MetricData":[{"MetricName":"A","Values":[)";
  for (int i = 0; i < 151; ++i) values += std::string(i ? "," : "") + "1";
  ExpectLeft(values + "]}]}");
  ExpectLeft(std::string(R"({"Namespace":"App","MetricData":[{"MetricName":")") +
             std::string(256, 'm') + R"(","Value":1}]})");
}

// Every body the direct decoder leaves, the generic path refuses or (for the forms the direct
// decoder does not read) takes: the decoder never turns an accepted body into a refusal.
TEST(PutMetricDataJson, RareFormsStillDecodeTheGenericWay) {
  EXPECT_TRUE(Generic(R"({"Namespace":"App","MetricData":[{"MetricName":"A","Value":"1"}]})").ok());
  EXPECT_TRUE(Generic(R"({"Namespace":"App","MetricData":[{"MetricName":"A","StatisticValues":
      {"SampleCount":1,"Sum":1,"Minimum":1,"Maximum":1}}]})").ok());
  EXPECT_FALSE(Generic(R"({"Namespace":"App","MetricData":[{"MetricName":"A","Value":1e300}]})").ok());
}

}  // namespace
}  // namespace berth::services::monitoring
