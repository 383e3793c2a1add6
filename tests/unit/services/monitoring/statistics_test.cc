#include <gtest/gtest.h>

#include "services/monitoring/model/statistics.h"

namespace berth::services::monitoring {
namespace {

Aggregate OneToHundred() {
  Aggregate agg;
  for (int v = 100; v >= 1; --v) {  // out of order on purpose
    agg.stats.Add(v, 1);
    agg.samples.Add(v, 1);
  }
  return agg;
}

double Stat(const char* name, const Aggregate& agg) {
  auto stat = ParseStatistic(name);
  EXPECT_TRUE(stat.has_value()) << name;
  auto v = Compute(*stat, agg);
  EXPECT_TRUE(v.has_value()) << name;
  return v.value_or(-1);
}

TEST(Statistics, BasicStatisticsOfAStatisticSet) {
  Aggregate agg = OneToHundred();
  EXPECT_EQ(Stat("SampleCount", agg), 100);
  EXPECT_EQ(Stat("Sum", agg), 5050);
  EXPECT_EQ(Stat("Average", agg), 50.5);
  EXPECT_EQ(Stat("Minimum", agg), 1);
  EXPECT_EQ(Stat("Maximum", agg), 100);
}

TEST(Statistics, PercentilesAreNearestRank) {
  Aggregate agg = OneToHundred();
  EXPECT_EQ(Stat("p50", agg), 50);
  EXPECT_EQ(Stat("p99", agg), 99);
  EXPECT_EQ(Stat("p99.5", agg), 100);
  EXPECT_EQ(Stat("p0", agg), 1);
  EXPECT_EQ(Stat("p100", agg), 100);
}

TEST(Statistics, TrimmedAndWinsorizedFamilies) {
  Aggregate agg = OneToHundred();
  EXPECT_EQ(Stat("tm10", agg), 5.5);          // mean of 1..10
  EXPECT_EQ(Stat("IQM", agg), 50.5);          // mean of 26..75
  EXPECT_EQ(Stat("TM(10%:90%)", agg), 50.5);  // mean of 11..90
  EXPECT_EQ(Stat("tc90", agg), 90);
  EXPECT_EQ(Stat("ts10", agg), 55);
  EXPECT_EQ(Stat("TC(:50%)", agg), 50);
  // wm90: 91..100 count as 90: (sum 1..90 + 10·90) / 100.
  EXPECT_DOUBLE_EQ(Stat("wm90", agg), (4095.0 + 900.0) / 100);
  EXPECT_EQ(Stat("PR(:10)", agg), 10);   // values ≤ 10
  EXPECT_EQ(Stat("PR(90:)", agg), 10);   // values > 90
}

TEST(Statistics, CountsWeighSamples) {
  Aggregate agg;
  agg.stats.Add(1, 3);
  agg.samples.Add(1, 3);
  agg.stats.Add(5, 1);
  agg.samples.Add(5, 1);
  EXPECT_EQ(Stat("SampleCount", agg), 4);
  EXPECT_EQ(Stat("Sum", agg), 8);
  EXPECT_EQ(Stat("p75", agg), 1);
  EXPECT_EQ(Stat("p76", agg), 5);
}

TEST(Statistics, NegativeValuesDisablePercentiles) {
  Aggregate agg = OneToHundred();
  agg.stats.Add(-1, 1);
  agg.samples.Add(-1, 1);
  EXPECT_FALSE(Compute(*ParseStatistic("p50"), agg).has_value());
  EXPECT_TRUE(Compute(*ParseStatistic("Sum"), agg).has_value());
}

TEST(Statistics, MergingKeepsExactnessAndUnusability) {
  Aggregate a = OneToHundred(), b = OneToHundred();
  a.Merge(b);
  EXPECT_EQ(Stat("SampleCount", a), 200);
  EXPECT_EQ(Stat("p50", a), 50);
  Aggregate c;
  c.stats.Add(3, 1);
  c.samples.MarkUnusable();
  a.Merge(c);
  EXPECT_FALSE(Compute(*ParseStatistic("p50"), a).has_value());
}

TEST(Statistics, ManyDistinctValuesCompactWithinOnePercent) {
  Aggregate agg;
  for (int v = 1; v <= 100000; ++v) {
    agg.stats.Add(v, 1);
    agg.samples.Add(v, 1);
  }
  EXPECT_TRUE(agg.samples.approximate());
  EXPECT_LT(agg.samples.distinct(), 2 * kMaxExactSamples + 1);
  EXPECT_EQ(Stat("Sum", agg), 5000050000.0);  // the statistic set stays exact
  EXPECT_NEAR(Stat("p90", agg), 90000, 900);
  EXPECT_NEAR(Stat("p50", agg), 50000, 500);
}

TEST(Statistics, ParsesOnlyValidNames) {
  for (const char* bad : {"p", "p101", "pX", "tm", "TM(50%:10%)", "TM(1:2)", "PR(:)", "PR(5:1)",
                          "average", "wm-1", "TM(10%)"}) {
    EXPECT_FALSE(ParseStatistic(bad).has_value()) << bad;
  }
  EXPECT_FALSE(ParseBasicStatistic("p99").has_value());
}

}  // namespace
}  // namespace berth::services::monitoring
