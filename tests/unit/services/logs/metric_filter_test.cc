// Metric filters: what a matching event yields (metricValue from a number or a field, its
// dimensions), and what MetricFilterSet gathers (per-minute points, default values, AWS/Logs).
#include <gtest/gtest.h>

#include "services/logs/metric_filters/metric_extraction.h"
#include "services/logs/metric_filters/metric_filter_set.h"

namespace berth::services::logs {
namespace {

MetricFilter Filter(std::string pattern, std::string value,
                    std::map<std::string, std::string> dimensions = {},
                    std::optional<double> default_value = std::nullopt) {
  MetricFilter f;
  f.group_id = 7;
  f.account_id = "123456789012";
  f.group_name = "g";
  f.name = "f";
  f.pattern = std::move(pattern);
  MetricTransformation t;
  t.metric_name = "M";
  t.metric_namespace = "N";
  t.metric_value = std::move(value);
  t.dimensions = std::move(dimensions);
  t.default_value = default_value;
  f.transformations.push_back(std::move(t));
  return f;
}

std::shared_ptr<const CompiledMetricFilter> Compile(MetricFilter f) {
  auto compiled = CompiledMetricFilter::Compile(std::move(f));
  EXPECT_TRUE(compiled.ok()) << compiled.error().message;
  return *compiled;
}

std::optional<FilterMetricPoint> Extracted(const CompiledMetricFilter& f,
                                           std::string_view message) {
  filter::FilterMatcher matcher(f.pattern());
  return f.Extract(matcher, message, 61000);
}

TEST(MetricExtraction, ConstantValueOnEveryMatch) {
  auto f = Compile(Filter("ERROR", "1"));
  auto p = Extracted(*f, "an ERROR here");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->value, 1);
  EXPECT_EQ(p->ns, "N");
  EXPECT_EQ(p->name, "M");
  EXPECT_EQ(p->time_ms, 61000);
  EXPECT_FALSE(Extracted(*f, "all fine"));
}

TEST(MetricExtraction, JsonFieldValueNestedAndNumericText) {
  auto f = Compile(Filter(R"({ $.status = 200 })", "$.timing.ms"));
  EXPECT_EQ(Extracted(*f, R"({"status": 200, "timing": {"ms": 12.5}})")->value, 12.5);
  EXPECT_EQ(Extracted(*f, R"({"status": 200, "timing": {"ms": "7"}})")->value, 7);
  EXPECT_EQ(Extracted(*f, R"({"status": 200, "timing": {"ms": -3}})")->value, -3);
  // No number there: the event adds nothing.
  EXPECT_FALSE(Extracted(*f, R"({"status": 200, "timing": {"ms": "fast"}})"));
  EXPECT_FALSE(Extracted(*f, R"({"status": 200, "timing": {}})"));
  EXPECT_FALSE(Extracted(*f, R"({"status": 200, "timing": {"ms": [1]}})"));
  EXPECT_FALSE(Extracted(*f, R"({"status": 500, "timing": {"ms": 1}})"));
}

TEST(MetricExtraction, SpaceDelimitedFieldsGiveValueAndDimensions) {
  auto f = Compile(Filter("[ip, user, status, bytes > 0]", "$bytes",
                          {{"Status", "$status"}, {"User", "$user"}}));
  auto p = Extracted(*f, "10.0.0.1 alice 200 1000");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->value, 1000);
  const std::vector<std::pair<std::string, std::string>> want = {{"Status", "200"},
                                                                 {"User", "alice"}};
  EXPECT_EQ(p->dimensions, want);
  EXPECT_FALSE(Extracted(*f, "10.0.0.1 alice 200 0"));
  EXPECT_FALSE(Extracted(*f, "10.0.0.1 alice 200"));
  // Quoted and bracketed fields give their content.
  p = Extracted(*f, R"(10.0.0.1 "alice smith" [200] 5)");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->dimensions[1].second, "alice smith");
}

TEST(MetricExtraction, EllipsisLayoutAndLastSlotTakingTheRest) {
  auto f = Compile(Filter("[..., status, bytes]", "$bytes", {{"Status", "$status"}}));
  auto p = Extracted(*f, "a b c 404 33");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->value, 33);
  EXPECT_EQ(p->dimensions[0].second, "404");
}

TEST(MetricExtraction, FieldValueOfTheWrongSyntaxIsNothing) {
  auto pattern = filter::FilterPattern::Compile("[a, b]");
  ASSERT_TRUE(pattern.ok());
  filter::FilterMatcher matcher(**pattern);
  ASSERT_TRUE(matcher.Matches("x y"));
  EXPECT_EQ(matcher.FieldValue("$a"), "x");
  EXPECT_EQ(matcher.FieldValue("$b"), "y");
  EXPECT_FALSE(matcher.FieldValue("$c"));
  EXPECT_FALSE(matcher.FieldValue("$.a"));
  EXPECT_FALSE(matcher.FieldValue("a"));
}

TEST(MetricNumbers, WhatCountsAsANumber) {
  EXPECT_EQ(ParseMetricNumber("1"), 1);
  EXPECT_EQ(ParseMetricNumber("+2.5"), 2.5);
  EXPECT_EQ(ParseMetricNumber("-1e3"), -1000);
  EXPECT_FALSE(ParseMetricNumber(""));
  EXPECT_FALSE(ParseMetricNumber("1x"));
  EXPECT_FALSE(ParseMetricNumber("nan"));
  EXPECT_FALSE(ParseMetricNumber("inf"));
  EXPECT_FALSE(ParseMetricNumber("$.x"));
}

std::vector<EventInput> Events(std::initializer_list<std::pair<int64_t, std::string_view>> list) {
  std::vector<EventInput> out;
  for (const auto& [t, m] : list) out.push_back({t, m});
  return out;
}

TEST(MetricFilterSet, GathersPerMinuteAndCountsIncomingEvents) {
  MetricFilterSet set;
  set.Put(Compile(Filter("ERROR", "1")));
  const auto events =
      Events({{60000, "ERROR a"}, {61000, "ERROR b"}, {62000, "ok"}, {125000, "ERROR c"}});
  set.OnEvents("123456789012", 7, "g", events, FromMillis(130000));
  auto points = set.TakePoints(FromMillis(130000));
  std::map<std::pair<std::string, int64_t>, std::pair<double, int64_t>> got;
  for (const auto& p : points) got[{p.name, p.time_ms}] = {p.value, p.count};
  EXPECT_EQ((got[{"M", 60000}]), (std::pair<double, int64_t>{1, 2}));
  EXPECT_EQ((got[{"M", 120000}]), (std::pair<double, int64_t>{1, 1}));
  EXPECT_EQ((got[{"IncomingLogEvents", 120000}]), (std::pair<double, int64_t>{1, 4}));
  EXPECT_EQ((got[{"IncomingBytes", 120000}]),
            (std::pair<double, int64_t>{7 + 7 + 2 + 7 + 4 * 26, 1}));
  EXPECT_EQ(got.size(), 4u);
  EXPECT_TRUE(set.TakePoints(FromMillis(131000)).empty());
}

TEST(MetricFilterSet, DefaultValueForAMinuteWithoutMatches) {
  MetricFilterSet set;
  set.Put(Compile(Filter("ERROR", "1", {}, 0.0)));
  EXPECT_TRUE(set.TakePoints(FromMillis(60500)).empty());  // marks where counting starts
  // Minute [60000, 120000) sees a match, the next one none.
  const auto events = Events({{70000, "ERROR"}});
  set.OnEvents("a", 7, "g", events, FromMillis(70000));
  auto points = set.TakePoints(FromMillis(121000));
  ASSERT_EQ(points.size(), 3u);  // the match, IncomingLogEvents, IncomingBytes: no default
  points = set.TakePoints(FromMillis(181000));
  ASSERT_EQ(points.size(), 1u);
  EXPECT_EQ(points[0].value, 0);
  EXPECT_EQ(points[0].time_ms, 120000);
  EXPECT_TRUE(set.TakePoints(FromMillis(182000)).empty());  // once per minute
  set.Remove(7, "f");
  EXPECT_TRUE(set.TakePoints(FromMillis(241000)).empty());
}

TEST(MetricFilterSet, ReplaceRemoveAndRemoveGroup) {
  MetricFilterSet set;
  set.Put(Compile(Filter("ERROR", "1")));
  set.Put(Compile(Filter("WARN", "5")));  // same name: replaces
  const auto events = Events({{0, "ERROR"}, {1, "WARN"}});
  set.OnEvents("a", 7, "g", events, FromMillis(0));
  auto points = set.TakePoints(FromMillis(0));
  double sum = 0;
  for (const auto& p : points) {
    if (p.name == "M") sum += p.value * static_cast<double>(p.count);
  }
  EXPECT_EQ(sum, 5);
  set.RemoveGroup(7);
  set.OnEvents("a", 7, "g", events, FromMillis(0));
  for (const auto& p : set.TakePoints(FromMillis(0))) EXPECT_NE(p.name, "M");
}

}  // namespace
}  // namespace berth::services::logs
