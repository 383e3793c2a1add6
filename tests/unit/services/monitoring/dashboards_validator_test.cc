#include <gtest/gtest.h>

#include "services/monitoring/dashboards/body_validator.h"

namespace berth::services::monitoring::dashboards {
namespace {

std::vector<std::pair<std::string, std::string>> Check(const std::string& body) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const ValidationMessage& m : ValidateDashboardBody(body))
    out.emplace_back(m.data_path, m.message);
  return out;
}

using Messages = std::vector<std::pair<std::string, std::string>>;

TEST(DashboardBody, TheWorkshopDashboardIsValid) {
  EXPECT_EQ(Check(R"({"widgets":[{"type":"metric","x":0,"y":0,"width":12,"height":6,
    "properties":{"metrics":[["AWS/ECR","RepositoryPullCount","RepositoryName","web",{"stat":"Sum"}],
    [".",".",".","api",{"color":"#ff7f0e","label":"api pulls"}],
    [{"expression":"m1+m2","label":"all","id":"e1"}]],"view":"timeSeries","stacked":false,
    "region":"us-east-1","period":300,"stat":"Sum","title":"Pulls",
    "yAxis":{"left":{"min":0,"label":"pulls"}},
    "annotations":{"horizontal":[{"value":100,"label":"busy","fill":"above"}],
                   "vertical":[{"value":"2026-12-07T12:00:00Z","label":"deploy"}]}}},
    {"type":"text","x":12,"y":0,"width":12,"height":3,"properties":{"markdown":"# Registry"}},
    {"type":"log","properties":{"query":"SOURCE 'g' | fields @message","region":"us-east-1"}},
    {"type":"alarm","properties":{"alarms":["arn:aws:cloudwatch:us-east-1:1:alarm:a"]}}]})"),
            Messages{});
}

TEST(DashboardBody, AwssMessagesForAMetricWidgetWithoutData) {
  // The exact triple AWS answers (quoted in CloudFormation failures).
  EXPECT_EQ(Check(R"({"widgets":[{"type":"metric","properties":{"title":"t"}}]})"),
            (Messages{{"/widgets/0/properties", "Should have required property 'metrics'"},
                      {"/widgets/0/properties",
                       "The metric widget should have specified a region and a data source or an "
                       "alarm annotation"},
                      {"/widgets/0/properties", "Should have required property 'annotations'"}}));
}

TEST(DashboardBody, SchemaMessagesUseJsonPointers) {
  EXPECT_EQ(
      Check(R"({"widgets":[{"type":"metric","x":24,"y":"0","width":0,"extra":1,
      "properties":{"metrics":[["A","B"]],"region":"r","stacked":"yes","view":"pie3d"}}],"bogus":1})"),
      (Messages{{"", "Should NOT have additional properties"},
                {"/widgets/0", "Should NOT have additional properties"},
                {"/widgets/0/x", "Should be <= 23"},
                {"/widgets/0/y", "Should be integer"},
                {"/widgets/0/width", "Should be >= 1"},
                {"/widgets/0/properties/stacked", "Should be boolean"},
                {"/widgets/0/properties/view", "Should be equal to one of the allowed values"}}));
}

TEST(DashboardBody, RootAndWidgetShape) {
  EXPECT_EQ(Check("[]"), (Messages{{"", "Should be object"}}));
  EXPECT_EQ(Check("{"), (Messages{{"", "Should be a valid JSON object"}}));
  EXPECT_EQ(Check("{}"), (Messages{{"", "Should have required property 'widgets'"}}));
  EXPECT_EQ(Check(R"({"widgets":{}})"), (Messages{{"/widgets", "Should be array"}}));
  EXPECT_EQ(Check(R"({"widgets":[{"type":"chart","properties":{}}]})"),
            (Messages{{"/widgets/0/type", "Should be equal to one of the allowed values"}}));
  EXPECT_EQ(Check(R"({"widgets":[{"type":"text"}]})"),
            (Messages{{"/widgets/0", "Should have required property 'properties'"}}));
  EXPECT_EQ(Check(R"({"widgets":[{"type":"text","properties":{"markdown":1,"x":2}}]})"),
            (Messages{{"/widgets/0/properties", "Should NOT have additional properties"},
                      {"/widgets/0/properties/markdown", "Should be string"}}));
  EXPECT_EQ(Check(R"({"widgets":[{"type":"text","x":1.0,"properties":{"markdown":""}}]})"),
            Messages{});  // 1.0 is an integer to JSON Schema
}

TEST(DashboardBody, MetricsArraySyntax) {
  EXPECT_EQ(
      Check(R"({"widgets":[{"type":"metric","properties":{"region":"r","metrics":[
      [".","B"], "x", ["A","B","Dim"], ["A","B",{"colour":"red","color":"red","id":"M1","period":"60"}],
      [{"label":"no expression"}], ["A",{"stat":"Sum"}], ["A","B",7]]}}]})"),
      (Messages{
          {"/widgets/0/properties/metrics/0/0",
           "Should not be \".\": the metric above has no value at this position"},
          {"/widgets/0/properties/metrics/1", "Should be array"},
          {"/widgets/0/properties/metrics/2",
           "Should have dimensions as name/value pairs after the metric name"},
          {"/widgets/0/properties/metrics/3/2", "Should NOT have additional properties"},
          {"/widgets/0/properties/metrics/3/2/color",
           "Should match pattern \"^#([0-9a-fA-F]{6})$\""},
          {"/widgets/0/properties/metrics/3/2/id", "Should match pattern \"^[a-z][a-zA-Z0-9_]*$\""},
          {"/widgets/0/properties/metrics/3/2/period", "Should be integer"},
          {"/widgets/0/properties/metrics/4/0", "Should have required property 'expression'"},
          {"/widgets/0/properties/metrics/5", "Should NOT have fewer than 2 items"},
          {"/widgets/0/properties/metrics/6/2", "Should be string"}}));
}

TEST(DashboardBody, AtMostThirtyDimensions) {
  std::string row = R"(["N","M")";
  for (int i = 0; i < 31; ++i) row += ",\"d" + std::to_string(i) + "\",\"v\"";
  row += "]";
  EXPECT_EQ(Check(R"({"widgets":[{"type":"metric","properties":{"region":"r","metrics":[)" + row +
                  "]}}]}"),
            (Messages{{"/widgets/0/properties/metrics/0", "Should NOT have more than 63 items"}}));
}

TEST(DashboardBody, AnnotationsAndAxes) {
  EXPECT_EQ(
      Check(R"({"widgets":[{"type":"metric","properties":{"region":"r","annotations":{
      "horizontal":[{"label":"x"},[{"value":1},{"value":"2"}],{"value":3,"fill":"left"}],
      "vertical":[{"value":5}],"alarms":["arn"]},
      "legend":{"position":"top"},"yAxis":{"left":{"min":"0"},"top":{}}}}]})"),
      (Messages{
          {"/widgets/0/properties/annotations/horizontal/0",
           "Should have required property 'value'"},
          {"/widgets/0/properties/annotations/horizontal/1/1/value", "Should be number"},
          {"/widgets/0/properties/annotations/horizontal/2/fill",
           "Should be equal to one of the allowed values"},
          {"/widgets/0/properties/annotations/vertical/0/value", "Should be string"},
          {"/widgets/0/properties/legend/position", "Should be equal to one of the allowed values"},
          {"/widgets/0/properties/yAxis", "Should NOT have additional properties"},
          {"/widgets/0/properties/yAxis/left/min", "Should be number"}}));
}

TEST(DashboardBody, TheErrorMessageListsEveryFinding) {
  EXPECT_EQ(InvalidBodyMessage({{"/widgets/0/x", "Should be integer"}, {"", "Should be object"}}),
            "The dashboard body is invalid, there are 2 validation errors: [ {\"dataPath\": "
            "\"/widgets/0/x\", \"message\": \"Should be integer\"}, {\"dataPath\": \"\", "
            "\"message\": \"Should be object\"} ]");
}

TEST(DashboardBody, TooManyWidgetsIsOneMessage) {
  std::string body = R"({"widgets":[)";
  for (int i = 0; i < 501; ++i) body += std::string(i ? "," : "") + R"({"type":"text"})";
  body += "]}";
  EXPECT_EQ(Check(body), (Messages{{"/widgets", "Should NOT have more than 500 items"}}));
}

}  // namespace
}  // namespace berth::services::monitoring::dashboards
