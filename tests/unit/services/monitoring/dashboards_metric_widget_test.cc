#include <gtest/gtest.h>

#include "services/monitoring/dashboards/metric_widget.h"

namespace berth::services::monitoring::dashboards {
namespace {

const TimePoint kNow = FromMillis(1'796'644'800'000);

TEST(MetricWidget, Durations) {
  EXPECT_EQ(ParseIsoDuration("-PT3H"), -3 * 3600'000);
  EXPECT_EQ(ParseIsoDuration("-P7D"), -7 * 86400'000LL);
  EXPECT_EQ(ParseIsoDuration("P0D"), 0);
  EXPECT_EQ(ParseIsoDuration("-PT1H30M"), -5400'000);
  EXPECT_EQ(ParseIsoDuration("-P1DT2H"), -(86400'000 + 7200'000));
  EXPECT_EQ(ParseIsoDuration("PT"), std::nullopt);
  EXPECT_EQ(ParseIsoDuration("P.D"), std::nullopt);
  EXPECT_EQ(ParseIsoDuration("-PT1..5H"), std::nullopt);
  EXPECT_EQ(ParseIsoDuration("-PT3X"), std::nullopt);
  EXPECT_EQ(ParseIsoDuration("2026-12-07T00:00:00Z"), std::nullopt);
  EXPECT_EQ(ParseTimezone("+0130"), 90);
  EXPECT_EQ(ParseTimezone("-0500"), -300);
  EXPECT_EQ(ParseTimezone("0500"), std::nullopt);
}

TEST(MetricWidget, RowsBecomeQueriesWithRepeatsIdsAndOptions) {
  auto w = ParseMetricWidget(R"({"metrics":[
      ["AWS/ECR","RepositoryPullCount","RepositoryName","web",{"stat":"Sum","color":"#00ff00"}],
      [".",".",".","api",{"visible":false,"id":"api","yAxis":"right"}],
      [{"expression":"m1+api","label":"all"}]],
      "width":800,"height":300,"start":"-PT6H","end":"P0D","timezone":"+0130","period":60,
      "title":"Pulls","view":"bar","stacked":true,"legend":{"position":"right"},
      "yAxis":{"left":{"min":0,"max":10,"label":"n"},"right":{"max":5,"label":"r"}},
      "annotations":{"horizontal":[{"value":5,"label":"limit","fill":"below"}],
                     "vertical":[{"value":"2026-12-07T12:00:00Z","label":"deploy","fill":"after"}]}})",
                             kNow);
  ASSERT_TRUE(w.ok()) << w.error().message;
  ASSERT_EQ(w->queries.size(), 3u);
  const MetricDataQuery& m1 = w->queries[0];
  EXPECT_EQ(m1.id, "m1");
  EXPECT_EQ(m1.metric_stat->metric.name, "RepositoryPullCount");
  EXPECT_EQ(m1.metric_stat->metric.dimensions[0].value, "web");
  EXPECT_EQ(m1.metric_stat->stat.name, "Sum");
  EXPECT_EQ(m1.metric_stat->period, 60);
  EXPECT_EQ(w->colors.at("m1"), 0x00ff00u);
  EXPECT_EQ(w->queries[1].id, "api");
  EXPECT_EQ(w->queries[1].metric_stat->metric.dimensions[0].value, "api");
  EXPECT_EQ(w->queries[1].metric_stat->stat.name, "Average");  // the widget's default
  EXPECT_FALSE(w->queries[1].return_data);
  EXPECT_EQ(w->queries[2].id, "e1");
  EXPECT_EQ(*w->queries[2].expression, "m1+api");
  EXPECT_EQ(*w->queries[2].label, "all");
  const render::Chart& c = w->chart;
  EXPECT_EQ(c.width, 800);
  EXPECT_EQ(c.height, 300);
  EXPECT_EQ(c.end_ms - c.start_ms, 6 * 3600'000);
  EXPECT_EQ(c.tz_offset_minutes, 90);
  EXPECT_EQ(c.view, render::View::kBar);
  EXPECT_TRUE(c.stacked);
  EXPECT_EQ(c.legend, render::LegendPosition::kRight);
  EXPECT_EQ(*c.y_max, 10);
  EXPECT_EQ(c.y_label, "n");
  EXPECT_EQ(*c.y_right_max, 5);
  EXPECT_EQ(c.y_right_label, "r");
  EXPECT_EQ(w->right_axis, std::set<std::string>{"api"});
  ASSERT_EQ(c.annotations.size(), 1u);
  EXPECT_EQ(c.annotations[0].fill, render::HorizontalAnnotation::Fill::kBelow);
  ASSERT_EQ(c.vertical_annotations.size(), 1u);
  EXPECT_EQ(c.vertical_annotations[0].time_ms, 1'796'644'800'000);
  EXPECT_EQ(c.vertical_annotations[0].label, "deploy");
}

TEST(MetricWidget, LongRangesGetALongerPeriod) {
  auto w = ParseMetricWidget(R"({"metrics":[["N","M"]],"start":"-P14D","period":1})", kNow);
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w->queries[0].metric_stat->period, 840);  // 14 days / 1,440 points
}

TEST(MetricWidget, HostileInputIsRefusedClearly) {
  auto code = [](const std::string& json) {
    auto w = ParseMetricWidget(json, kNow);
    return w.ok() ? std::string("ok") : w.error().code + ": " + w.error().message;
  };
  std::string many = R"({"metrics":[)";
  for (int i = 0; i < 5000; ++i) many += std::string(i ? "," : "") + R"(["N","M"])";
  many += "]}";
  EXPECT_EQ(code(many).substr(0, 94),
            "InvalidParameterValueException: The parameter MetricWidget.metrics must contain no "
            "more than 1");
  EXPECT_EQ(code(std::string(200 * 1024, ' ')),
            "InvalidParameterValueException: The parameter MetricWidget must be no longer than "
            "102400 characters.");
  EXPECT_EQ(code(R"({"metrics":[["N","M"]],"width":5000})"),
            "InvalidParameterValueException: The metric widget is invalid, there are 1 validation "
            "errors: [ {\"dataPath\": \"/width\", \"message\": \"Should be <= 2000\"} ]");
  EXPECT_EQ(code(R"({"metrics":[["N","M",{"stat":"p999x"}]]})").substr(0, 60),
            "InvalidParameterValueException: The metric widget is invalid");
  EXPECT_EQ(code(R"({"metrics":[["N","M"]],"start":"yesterday"})"),
            "InvalidParameterValueException: The value yesterday for parameter MetricWidget.start "
            "is invalid.");
  EXPECT_EQ(code(R"({"metrics":[["N","M"]],"start":"-PT1H","end":"-PT2H"})"),
            "InvalidParameterValueException: The parameter MetricWidget.start must be less than "
            "the parameter MetricWidget.end.");
  EXPECT_EQ(
      code("not json"),
      "InvalidParameterValueException: The parameter MetricWidget must be a valid JSON object.");
}

}  // namespace
}  // namespace berth::services::monitoring::dashboards
