#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "services/monitoring/math/evaluator.h"
#include "services/monitoring/math/parser.h"

namespace berth::services::monitoring::math {
namespace {

// Series on a one-minute grid starting at 0; NaN marks a missing point.
Series Make(std::string label, std::vector<double> values) {
  Series s;
  s.label = std::move(label);
  for (size_t i = 0; i < values.size(); ++i) {
    if (std::isnan(values[i])) continue;
    s.timestamps.push_back(static_cast<int64_t>(i) * 60000);
    s.values.push_back(values[i]);
  }
  return s;
}

class Fixture : public Resolver {
 public:
  std::map<std::string, Series, std::less<>> metrics;
  Result<Value> Resolve(std::string_view id) override {
    auto it = metrics.find(id);
    if (it == metrics.end()) return Error{"InvalidParameterValueException", "unknown", 400};
    return Value(it->second);
  }
  std::optional<int64_t> MetricPeriod(std::string_view id) override {
    if (metrics.count(std::string(id))) return 60;
    return std::nullopt;
  }
  std::vector<Series> Metrics(std::string_view filter) override {
    std::vector<Series> out;
    for (const auto& [id, s] : metrics)
      if (s.label.find(filter) != std::string::npos) out.push_back(s);
    return out;
  }
};

class MetricMath : public testing::Test {
 protected:
  void SetUp() override {
    r.metrics["m1"] = Make("A", {1, 2, 3, NAN, 5});
    r.metrics["m2"] = Make("B", {10, 10, 10, 10, 10});
    ctx.start_ms = 0;
    ctx.end_ms = 5 * 60000;
    ctx.period_s = 60;
    ctx.resolver = &r;
  }
  Value Run(const char* text) {
    auto expr = Compile(text);
    EXPECT_TRUE(expr.ok()) << text << ": " << (expr.ok() ? "" : expr.error().message);
    auto v = Evaluate(**expr, ctx);
    EXPECT_TRUE(v.ok()) << text << ": " << (v.ok() ? "" : v.error().message);
    return v.ok() ? *v : Value(NAN);
  }
  std::vector<double> Values(const char* text) {
    Value v = Run(text);
    EXPECT_TRUE(std::holds_alternative<Series>(v)) << text;
    return std::holds_alternative<Series>(v) ? std::get<Series>(v).values : std::vector<double>{};
  }
  std::vector<int64_t> Times(const char* text) {
    Value v = Run(text);
    return std::holds_alternative<Series>(v) ? std::get<Series>(v).timestamps
                                             : std::vector<int64_t>{};
  }
  double Scalar(const char* text) {
    Value v = Run(text);
    EXPECT_TRUE(std::holds_alternative<double>(v)) << text;
    return std::holds_alternative<double>(v) ? std::get<double>(v) : NAN;
  }
  Fixture r;
  EvalContext ctx;
};

TEST_F(MetricMath, ArithmeticAndPrecedence) {
  EXPECT_EQ(Scalar("1 + 2 * 3"), 7);
  EXPECT_EQ(Scalar("(1 + 2) * 3"), 9);
  EXPECT_EQ(Scalar("2 ^ 3 ^ 2"), 512);
  EXPECT_EQ(Scalar("-2 ^ 2"), -4);
  EXPECT_EQ(Scalar("10 / 4 - 1"), 1.5);
  EXPECT_EQ(Values("m1 * 2"), (std::vector<double>{2, 4, 6, 10}));
  EXPECT_EQ(Values("m2 - m1"), (std::vector<double>{9, 8, 7, 5}));
  EXPECT_EQ(Times("m2 - m1"), (std::vector<int64_t>{0, 60000, 120000, 240000}));
  EXPECT_EQ(Values("m1 / 0"), std::vector<double>{});  // no point has a value
}

TEST_F(MetricMath, ComparisonsAndLogicGiveOnesAndZeros) {
  EXPECT_EQ(Values("m1 >= 3"), (std::vector<double>{0, 0, 1, 1}));
  EXPECT_EQ(Values("m1 > 1 AND m1 < 5"), (std::vector<double>{0, 1, 1, 0}));
  EXPECT_EQ(Values("m1 == 1 || m1 == 5"), (std::vector<double>{1, 0, 0, 1}));
}

TEST_F(MetricMath, Reductions) {
  EXPECT_EQ(Scalar("SUM(m1)"), 11);
  EXPECT_EQ(Scalar("AVG(m1)"), 2.75);
  EXPECT_EQ(Scalar("MIN(m1)"), 1);
  EXPECT_EQ(Scalar("MAX(m1)"), 5);
  EXPECT_EQ(Scalar("DATAPOINT_COUNT(m1)"), 4);
  EXPECT_DOUBLE_EQ(Scalar("STDDEV(m2)"), 0);
  EXPECT_EQ(Values("SUM(METRICS())"), (std::vector<double>{11, 12, 13, 10, 15}));
  EXPECT_EQ(Values("MAX(METRICS('A'))"), (std::vector<double>{1, 2, 3, 5}));
  EXPECT_EQ(Scalar("METRIC_COUNT(METRICS())"), 2);
}

TEST_F(MetricMath, SequentialFunctions) {
  EXPECT_EQ(Values("DIFF(m1)"), (std::vector<double>{1, 1, 2}));
  EXPECT_EQ(Values("DIFF_TIME(m1)"), (std::vector<double>{60, 60, 120}));
  EXPECT_EQ(Values("RATE(m1)"), (std::vector<double>{1.0 / 60, 1.0 / 60, 2.0 / 120}));
  EXPECT_EQ(Values("RUNNING_SUM(m1)"), (std::vector<double>{1, 3, 6, 11}));
}

TEST_F(MetricMath, FillVariants) {
  EXPECT_EQ(Values("FILL(m1, 0)"), (std::vector<double>{1, 2, 3, 0, 5}));
  EXPECT_EQ(Values("FILL(m1, REPEAT)"), (std::vector<double>{1, 2, 3, 3, 5}));
  EXPECT_EQ(Values("FILL(m1, LINEAR)"), (std::vector<double>{1, 2, 3, 4, 5}));
  EXPECT_EQ(Values("FILL(m1, m2)"), (std::vector<double>{1, 2, 3, 10, 5}));
}

TEST_F(MetricMath, PointwiseAndConditionalFunctions) {
  r.metrics["n"] = Make("N", {-1.5, 2.5});
  EXPECT_EQ(Values("ABS(n)"), (std::vector<double>{1.5, 2.5}));
  EXPECT_EQ(Values("CEIL(n)"), (std::vector<double>{-1, 3}));
  EXPECT_EQ(Values("FLOOR(n)"), (std::vector<double>{-2, 2}));
  EXPECT_EQ(Values("LOG10(m2)"), (std::vector<double>{1, 1, 1, 1, 1}));
  EXPECT_EQ(Values("IF(m1 > 2, m1, 0)"), (std::vector<double>{0, 0, 3, 5}));
  EXPECT_EQ(Values("IF(m1 > 2, m1)"), (std::vector<double>{3, 5}));
  EXPECT_EQ(Values("m1 / PERIOD(m1)"), (std::vector<double>{1.0 / 60, 2.0 / 60, 3.0 / 60, 5.0 / 60}));
  EXPECT_EQ(Values("TIME_SERIES(7)"), (std::vector<double>{7, 7, 7, 7, 7}));
}

TEST_F(MetricMath, ArrayFunctions) {
  Value v = Run("SORT(METRICS(), MAX, DESC, 1)");
  ASSERT_TRUE(std::holds_alternative<std::vector<Series>>(v));
  ASSERT_EQ(std::get<std::vector<Series>>(v).size(), 1u);
  EXPECT_EQ(std::get<std::vector<Series>>(v)[0].label, "B");
  EXPECT_EQ(Values("FIRST(SORT(METRICS(), SUM, ASC))"), (std::vector<double>{1, 2, 3, 5}));
  Value sliced = Run("SLICE(METRICS(), 1, 2)");
  EXPECT_EQ(std::get<std::vector<Series>>(sliced)[0].label, "B");
}

TEST(MetricMathCompile, SyntaxErrorsNameThePosition) {
  for (const char* bad : {"m1 +", "(m1", "m1 m2", "SUM(m1,", "m1 $ 2", "'open", ")"}) {
    auto e = Compile(bad);
    ASSERT_FALSE(e.ok()) << bad;
    EXPECT_NE(e.error().message.find("at position"), std::string::npos) << e.error().message;
  }
  std::string deep(500, '(');
  deep += "1" + std::string(500, ')');
  EXPECT_FALSE(Compile(deep).ok());
}

TEST_F(MetricMath, UnknownFunctionsAndIdsAreErrors) {
  auto e = Compile("NOPE(m1)");
  ASSERT_TRUE(e.ok());
  EXPECT_FALSE(Evaluate(**e, ctx).ok());
  auto missing = Compile("zz * 2");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(Evaluate(**missing, ctx).ok());
  auto period = Compile("PERIOD(2)");
  EXPECT_FALSE(Evaluate(**period, ctx).ok());
}

}  // namespace
}  // namespace berth::services::monitoring::math

namespace berth::services::monitoring::math {
namespace {

// A reduction over an array goes over the union of its series' timestamps, each point over the
// series that have one there (in series order), whatever grid each series is on.
TEST(MetricMathArrays, ReduceOverTheUnionOfTimestamps) {
  Fixture r;
  r.metrics["a"] = Series{"A", {0, 60000, 180000}, {1, 2, 3}, nullptr};
  r.metrics["b"] = Series{"B", {30000, 60000, 240000}, {10, 20, 40}, nullptr};
  r.metrics["c"] = Series{"C", {}, {}, nullptr};
  EvalContext ctx;
  ctx.end_ms = 300000;
  ctx.resolver = &r;
  auto expr = Compile("SUM(METRICS())");
  ASSERT_TRUE(expr.ok());
  auto v = Evaluate(**expr, ctx);
  ASSERT_TRUE(v.ok());
  const Series& s = std::get<Series>(*v);
  EXPECT_EQ(s.timestamps, (std::vector<int64_t>{0, 30000, 60000, 180000, 240000}));
  EXPECT_EQ(s.values, (std::vector<double>{1, 10, 22, 3, 40}));
  auto avg = Evaluate(**Compile("AVG(METRICS())"), ctx);
  ASSERT_TRUE(avg.ok());
  EXPECT_EQ(std::get<Series>(*avg).values, (std::vector<double>{1, 10, 11, 3, 40}));
}

}  // namespace
}  // namespace berth::services::monitoring::math
