#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/byte_codec.h"
#include "services/monitoring/store/series_table.h"

namespace berth::services::monitoring {
namespace {

constexpr int64_t kT0 = 1796644800000;  // 2026-12-07T12:00:00Z, a minute boundary

Datum D(std::string host, int64_t time_ms, std::vector<std::pair<double, double>> values) {
  Datum d;
  d.metric_name = "M";
  d.dimensions = {{"Host", std::move(host)}};
  d.time_ms = time_ms;
  d.values = std::move(values);
  return d;
}

MetricKey Key(std::string host) { return MetricKey{"Test", "M", {{"Host", std::move(host)}}}; }

void ExpectSameReads(const SeriesTable& a, const SeriesTable& b, const std::string& host) {
  auto x = a.Read(Key(host), std::nullopt, kT0 - 86400000, kT0 + 86400000, 60000);
  auto y = b.Read(Key(host), std::nullopt, kT0 - 86400000, kT0 + 86400000, 60000);
  ASSERT_EQ(x.size(), y.size()) << host;
  for (size_t i = 0; i < x.size(); ++i) {
    EXPECT_EQ(x[i].start_ms, y[i].start_ms);
    EXPECT_EQ(x[i].unit, y[i].unit);
    EXPECT_EQ(std::memcmp(&x[i].agg.stats, &y[i].agg.stats, sizeof x[i].agg.stats), 0) << host << i;
    EXPECT_EQ(x[i].agg.samples.usable(), y[i].agg.samples.usable());
    EXPECT_EQ(x[i].agg.samples.approximate(), y[i].agg.samples.approximate());
    EXPECT_EQ(x[i].agg.samples.sorted(), y[i].agg.samples.sorted()) << host << i;
  }
}

// Every kind of bucket comes back bit for bit: single values with and without a short decimal
// form (-0.0, 1/3, huge, tiny), several values, statistic sets, unusable percentiles.
TEST(SeriesSnapshot, RoundTripsEveryKindOfBucket) {
  SeriesTable table;
  PutMetricDataInput batch;
  batch.ns = "Test";
  const double singles[] = {20.3, 20.3, 20.7, 0, -0.0, 1.0 / 3, 1e300, -1e-300, 123456.789012,
                            -5, 9007199254740993.0, 0.1 + 0.2};
  for (size_t i = 0; i < std::size(singles); ++i)
    batch.data.push_back(D("single", kT0 + static_cast<int64_t>(i) * 60000, {{singles[i], 1}}));
  batch.data.push_back(D("many", kT0, {{1, 2}, {2.5, 1}}));
  batch.data.push_back(D("many", kT0 + 60000, {{7, 1}}));
  batch.data.push_back(D("many", kT0 + 60000, {{8, 1}}));  // two datums in one bucket
  batch.data.push_back(D("negative", kT0, {{-3, 1}}));
  Datum stats = D("stats", kT0, {});
  stats.statistic_values = StatSet{4, 10, 1, 4};  // percentiles unusable
  batch.data.push_back(stats);
  Datum hi = D("hires", kT0 + 1000, {{5, 1}});
  hi.high_resolution = true;
  batch.data.push_back(hi);
  table.Apply(batch, kT0);

  std::string bytes;
  table.Encode(bytes);
  SeriesTable back;
  ASSERT_TRUE(back.DecodeInto(bytes).ok());
  EXPECT_EQ(back.series_count(), table.series_count());
  for (const char* host : {"single", "many", "negative", "stats", "hires"})
    ExpectSameReads(table, back, host);
  // A damaged snapshot is refused, not half read.
  for (size_t cut : {bytes.size() / 3, bytes.size() - 1}) {
    SeriesTable partial;
    EXPECT_FALSE(partial.DecodeInto(std::string_view(bytes).substr(0, cut)).ok()) << cut;
  }
}

// A regular series (a datum a minute, values in tenths) costs a few bytes a point before the
// snapshot's deflate, not the 50-odd of a bucket in full.
TEST(SeriesSnapshot, ARegularSeriesIsCompact) {
  SeriesTable table;
  PutMetricDataInput batch;
  batch.ns = "Test";
  for (int m = 0; m < 1440; ++m)
    batch.data.push_back(D("regular", kT0 + m * 60000LL, {{20 + (m % 7) / 10.0, 1}}));
  table.Apply(batch, kT0);
  std::string bytes;
  table.Encode(bytes);
  EXPECT_LT(bytes.size(), 1440u * 7);  // ~6 bytes, mostly runs of equal ones
}

// A read for the basic statistics copies no samples, and merges the same statistic sets.
TEST(SeriesTableRead, WithoutSamplesGivesTheSameStatisticSets) {
  SeriesTable table;
  PutMetricDataInput batch;
  batch.ns = "Test";
  for (int s = 0; s < 180; ++s)
    batch.data.push_back(D("h", kT0 + s * 1000LL, {{static_cast<double>(s % 7), 1}}));
  table.Apply(batch, kT0);
  auto full = table.Read(Key("h"), std::nullopt, kT0, kT0 + 180000, 60000);
  auto stats = table.Read(Key("h"), std::nullopt, kT0, kT0 + 180000, 60000, false);
  ASSERT_EQ(full.size(), 3u);
  ASSERT_EQ(stats.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(stats[i].start_ms, full[i].start_ms);
    EXPECT_EQ(stats[i].agg.stats.count, full[i].agg.stats.count);
    EXPECT_EQ(stats[i].agg.stats.sum, full[i].agg.stats.sum);
    EXPECT_EQ(stats[i].agg.stats.min, full[i].agg.stats.min);
    EXPECT_EQ(stats[i].agg.stats.max, full[i].agg.stats.max);
    EXPECT_TRUE(stats[i].agg.samples.sorted().empty());
    EXPECT_FALSE(full[i].agg.samples.sorted().empty());
  }
}

// Snapshots written before format 2 (every bucket in full) still load.
TEST(SeriesSnapshot, ReadsFormatOne) {
  std::string v1;
  PutStr(v1, "Test");
  PutStr(v1, "M");
  PutVarint(v1, 1);
  PutStr(v1, "Host");
  PutStr(v1, "old");
  PutVarint(v1, static_cast<uint64_t>(kT0));
  PutVarint(v1, 1);  // one bucket
  PutVarint(v1, ZigZag(kT0 / 1000));
  PutVarint(v1, 60);
  v1.push_back(0);  // unit None
  for (double f : {2.0, 3.0, 1.0, 2.0}) PutF64(v1, f);
  v1.push_back(1);  // usable, exact
  PutVarint(v1, 2);
  for (double f : {1.0, 1.0, 2.0, 1.0}) PutF64(v1, f);
  SeriesTable table;
  ASSERT_TRUE(table.DecodeInto(v1, 1).ok());
  auto periods = table.Read(Key("old"), std::nullopt, kT0, kT0 + 60000, 60000);
  ASSERT_EQ(periods.size(), 1u);
  EXPECT_EQ(periods[0].agg.stats.sum, 3);
  EXPECT_EQ(periods[0].agg.samples.sorted().size(), 2u);
}

}  // namespace
}  // namespace berth::services::monitoring
