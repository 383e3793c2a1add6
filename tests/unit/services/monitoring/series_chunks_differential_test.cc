// The chunked series table against the flat one it replaced (flat_series_reference.h): random
// data of every kind (Value, Values+Counts, StatisticValues, high resolution, units, late and
// future timestamps), rollups across AWS's schedule and snapshot round trips; every read must
// give the same periods, bit for bit.

#include <gtest/gtest.h>

#include <cstring>
#include <random>

#include "services/monitoring/store/series_table.h"
#include "flat_series_reference.h"

namespace berth::services::monitoring {
namespace {

constexpr int64_t kT0 = 1796644800000;  // 2026-12-07T12:00:00Z
constexpr int64_t kMinute = 60000, kHour = 60 * kMinute, kDay = 24 * kHour;
constexpr int kHosts = 8;

MetricKey Key(int host) { return MetricKey{"Test", "M", {{"Host", "h" + std::to_string(host)}}}; }

class RandomData {
 public:
  explicit RandomData(uint64_t seed) : rng_(seed) {}

  PutMetricDataInput Batch(int64_t now_ms, size_t n) {
    PutMetricDataInput batch;
    batch.ns = "Test";
    for (size_t i = 0; i < n; ++i) batch.data.push_back(Make(now_ms));
    return batch;
  }
  uint64_t Below(uint64_t n) { return rng_() % n; }

 private:
  double Uniform(double lo, double hi) { return std::uniform_real_distribution<>(lo, hi)(rng_); }

  double Value(int host) {
    switch (Below(10)) {
      case 0: return Uniform(0, 1e6);                       // no short decimal form
      case 1: return -static_cast<double>(Below(100)) / 4;  // percentiles unusable
      case 2: return std::vector<double>{0, -0.0, 1.0 / 3, 1e300, 1e-300}[Below(5)];
      default: {
        level_[host] += static_cast<int>(Below(7)) - 3;  // a random walk in tenths
        return level_[host] / 10.0;
      }
    }
  }

  Datum Make(int64_t now_ms) {
    Datum d;
    const int host = static_cast<int>(Below(kHosts));
    d.metric_name = "M";
    d.dimensions = {{"Host", "h" + std::to_string(host)}};
    const uint64_t when = Below(100);
    int64_t age = when < 70 ? Below(90000) : when < 90 ? Below(3 * kHour) : when < 98 ? Below(2 * kDay) : 0;
    d.time_ms = now_ms - age + (when >= 98 ? static_cast<int64_t>(Below(2 * kHour)) : 0);
    d.high_resolution = Below(10) < 3;
    d.unit = static_cast<UnitId>(Below(10) == 0 ? 2 : 0);
    const uint64_t kind = Below(1000);
    if (kind < 700) {
      d.values = {{Value(host), 1}};
    } else if (kind < 850) {
      const size_t n = 1 + Below(5);
      for (size_t i = 0; i < n; ++i) d.values.emplace_back(Value(host), 1 + Below(3));
    } else if (kind < 997) {
      const double v = Value(host);
      const double count = static_cast<double>(1 + Below(5));
      d.statistic_values = Below(2) ? StatSet{count, v * count, v, v}
                                    : StatSet{count, v * count + 1, v - 1, v + 2};
    } else {
      // More distinct values than a bucket keeps exactly.
      for (int i = 0; i < 4500; ++i) d.values.emplace_back(Uniform(0, 1000), 1);
    }
    return d;
  }

  std::mt19937_64 rng_;
  int level_[kHosts] = {};
};

void ExpectSame(const std::vector<PeriodAggregate>& want, const std::vector<PeriodAggregate>& got,
                const std::string& what) {
  ASSERT_EQ(want.size(), got.size()) << what;
  for (size_t i = 0; i < want.size(); ++i) {
    ASSERT_EQ(want[i].start_ms, got[i].start_ms) << what << " #" << i;
    ASSERT_EQ(want[i].unit, got[i].unit) << what << " #" << i;
    ASSERT_EQ(std::memcmp(&want[i].agg.stats, &got[i].agg.stats, sizeof(StatSet)), 0)
        << what << " #" << i << " sum " << want[i].agg.stats.sum << " vs " << got[i].agg.stats.sum;
    ASSERT_EQ(want[i].agg.samples.usable(), got[i].agg.samples.usable()) << what << " #" << i;
    ASSERT_EQ(want[i].agg.samples.approximate(), got[i].agg.samples.approximate()) << what;
    ASSERT_EQ(want[i].agg.samples.sorted(), got[i].agg.samples.sorted()) << what << " #" << i;
  }
}

void ExpectSameReads(const testing::FlatSeriesTable& flat, const SeriesTable& table,
                     RandomData& rnd, int64_t now_ms) {
  const int64_t periods[] = {1000, 60000, 300000, 3600000, 86400000};
  for (int host = 0; host < kHosts; ++host) {
    for (int q = 0; q < 6; ++q) {
      const int64_t period = periods[rnd.Below(5)];
      const int64_t span = q == 0 ? 600 * kDay : static_cast<int64_t>(rnd.Below(3 * kDay));
      const int64_t start = now_ms - span - static_cast<int64_t>(rnd.Below(kHour));
      const int64_t end = q == 0 ? now_ms + 3 * kHour : start + span;
      const std::optional<UnitId> unit =
          rnd.Below(3) == 0 ? std::optional<UnitId>(static_cast<UnitId>(rnd.Below(2) * 2))
                            : std::nullopt;
      for (bool with_samples : {true, false}) {
        const std::string what = "host " + std::to_string(host) + " [" + std::to_string(start) +
                                 ", " + std::to_string(end) + ") / " + std::to_string(period) +
                                 (with_samples ? " samples" : " stats");
        ExpectSame(flat.Read(Key(host), unit, start, end, period, with_samples),
                   table.Read(Key(host), unit, start, end, period, with_samples), what);
      }
    }
  }
}

TEST(SeriesChunks, AnswerAsTheWholeBucketsDidForRandomData) {
  for (uint64_t seed : {1u, 2u, 3u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    RandomData rnd(seed);
    testing::FlatSeriesTable flat;
    auto table = std::make_unique<SeriesTable>();
    int64_t now = kT0;
    for (int round = 0; round < 300; ++round) {
      now += static_cast<int64_t>(rnd.Below(30000));
      if (round % 50 == 49) now += 5 * kHour;  // across the 1-second data's 3 hours
      PutMetricDataInput batch = rnd.Batch(now, 1 + rnd.Below(40));
      flat.Apply(batch);
      table->Apply(batch, now);
      if (round % 20 == 19) {
        flat.Rollup(now);
        table->Rollup(now);
      }
      if (round % 60 == 59) {
        // Through the snapshot and back, as a restart does.
        std::string bytes;
        table->Encode(bytes);
        table = std::make_unique<SeriesTable>();
        ASSERT_TRUE(table->DecodeInto(bytes).ok());
        table->Rollup(now);
        flat.Rollup(now);
      }
      if (round % 10 == 9) ExpectSameReads(flat, *table, rnd, now);
      if (::testing::Test::HasFatalFailure()) return;
    }
    EXPECT_GT(table->footprint().sealed_buckets, table->footprint().head_buckets);
    // Then through every step of the retention schedule.
    for (int64_t later : {4 * kHour, 16 * kDay, 64 * kDay, 456 * kDay}) {
      flat.Rollup(now + later);
      table->Rollup(now + later);
      ExpectSameReads(flat, *table, rnd, now + later);
      if (::testing::Test::HasFatalFailure()) return;
    }
  }
}

Datum Regular(int host, int64_t time_ms, double value) {
  Datum d;
  d.metric_name = "M";
  d.dimensions = {{"Host", "h" + std::to_string(host)}};
  d.time_ms = time_ms;
  d.values = {{value, 1}};
  return d;
}

// An hour of a regular series: all but the last two minutes' buckets sealed, at about a byte a
// bucket, where a bucket held whole takes ~130.
TEST(SeriesChunks, SealAllButTheNewestMinutes) {
  SeriesTable table;
  PutMetricDataInput batch;
  batch.ns = "Test";
  for (int m = 0; m < 60; ++m) batch.data.push_back(Regular(0, kT0 + m * kMinute, 20 + (m % 3) / 10.0));
  table.Apply(batch, kT0 + 60 * kMinute);
  const SeriesTable::Footprint f = table.footprint();
  EXPECT_EQ(f.head_buckets, 2u);
  EXPECT_EQ(f.sealed_buckets, 58u);
  EXPECT_EQ(f.chunks, 1u);
  size_t chunk_bytes = f.bytes - 2 * sizeof(Aggregate);
  EXPECT_LT(chunk_bytes, 58u * 8) << f.bytes;
}

// A datum for a minute already sealed merges into its bucket there, and a datum older than
// every bucket goes first; reads see both.
TEST(SeriesChunks, LateDataMergesIntoSealedBuckets) {
  SeriesTable table;
  PutMetricDataInput batch;
  batch.ns = "Test";
  for (int m = 10; m < 70; ++m) batch.data.push_back(Regular(0, kT0 + m * kMinute, 1));
  table.Apply(batch, kT0 + 70 * kMinute);
  batch.data = {Regular(0, kT0 + 30 * kMinute + 5000, 2), Regular(0, kT0, 7)};
  table.Apply(batch, kT0 + 71 * kMinute);
  auto periods = table.Read(Key(0), std::nullopt, kT0, kT0 + 2 * kHour, kMinute);
  ASSERT_EQ(periods.size(), 61u);
  EXPECT_EQ(periods[0].agg.stats.sum, 7);
  EXPECT_EQ(periods[21].start_ms, kT0 + 30 * kMinute);
  EXPECT_EQ(periods[21].agg.stats.count, 2);
  EXPECT_EQ(periods[21].agg.stats.sum, 3);
  EXPECT_EQ(periods[21].agg.samples.sorted().size(), 2u);
}

}  // namespace
}  // namespace berth::services::monitoring

namespace berth::services::monitoring {
namespace {

// A series' history sent by two clients at once (each in time order, the later half first),
// then older data in reverse: the reads match the flat table, and a roll-up re-seals the
// small chunks that data leaves (each bucket before every chunk starts one).
TEST(SeriesChunks, BackfillInAnyOrderReadsTheSameAndStaysCompact) {
  testing::FlatSeriesTable flat;
  SeriesTable table;
  const int64_t now = kT0 + 3000 * kMinute;
  auto put = [&](int m) {
    PutMetricDataInput batch;
    batch.ns = "Test";
    batch.data.push_back(Regular(0, kT0 + m * kMinute, m % 11 / 10.0));
    flat.Apply(batch);
    table.Apply(batch, now);
  };
  for (int m = 0; m < 1000; ++m) {
    put(2000 + m);
    put(1000 + m);
  }
  for (int m = 999; m >= 0; --m) put(m);
  for (bool with_samples : {true, false})
    ExpectSame(flat.Read(Key(0), std::nullopt, kT0, now, kMinute, with_samples),
               table.Read(Key(0), std::nullopt, kT0, now, kMinute, with_samples), "backfill");
  EXPECT_GT(table.footprint().chunks, 100u);  // the reversed part: a chunk a bucket
  table.Rollup(now);
  flat.Rollup(now);
  EXPECT_LE(table.footprint().chunks, 3000u / SeriesTable::kChunkBuckets + 1);
  ExpectSame(flat.Read(Key(0), std::nullopt, kT0, now, 5 * kMinute, true),
             table.Read(Key(0), std::nullopt, kT0, now, 5 * kMinute, true), "re-sealed");
}

}  // namespace
}  // namespace berth::services::monitoring
