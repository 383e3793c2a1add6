#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <random>

#include "services/monitoring/store/batch_codec.h"
#include "services/monitoring/store/journaled_metric_store.h"
#include "services/monitoring/store/series_table.h"

#include "flat_series_reference.h"

namespace berth::services::monitoring {
namespace {

constexpr int64_t kT0 = 1796644800000;  // 2026-12-07T12:00:00Z, a minute boundary

PutMetricDataInput Batch(int64_t time_ms, double value, bool high_res = false,
                         std::string name = "M") {
  PutMetricDataInput b;
  b.ns = "Test";
  Datum d;
  d.metric_name = std::move(name);
  d.dimensions = {{"Host", "a"}};
  d.time_ms = time_ms;
  d.high_resolution = high_res;
  d.values = {{value, 1}};
  b.data.push_back(d);
  return b;
}

MetricKey Key(std::string name = "M") { return MetricKey{"Test", std::move(name), {{"Host", "a"}}}; }

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/berth-metrics-XXXXXX";
    path_ = mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

void Wait(const std::shared_ptr<Commitment>& c) {
  std::mutex mu;
  std::condition_variable cv;
  bool done = false, ok = false;
  c->WhenDurable([&](bool result) {
    std::lock_guard lock(mu);
    done = true;
    ok = result;
    cv.notify_all();
  });
  std::unique_lock lock(mu);
  cv.wait(lock, [&] { return done; });
  ASSERT_TRUE(ok);
}

TEST(BatchCodec, RoundTripsAndRefusesDamage) {
  PutMetricDataInput b = Batch(kT0, 2.5);
  b.data[0].statistic_values = StatSet{3, 6, 1, 3};
  b.data[0].unit = 15;
  std::string bytes;
  EncodeBatch(b, bytes);
  auto back = DecodeBatch(bytes);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->ns, "Test");
  EXPECT_EQ(back->data[0].dimensions, b.data[0].dimensions);
  EXPECT_EQ(back->data[0].time_ms, kT0);
  EXPECT_EQ(back->data[0].statistic_values->sum, 6);
  for (size_t cut = 0; cut < bytes.size(); ++cut)
    EXPECT_FALSE(DecodeBatch(std::string_view(bytes).substr(0, cut)).ok()) << cut;
  auto record = EncodeJournalRecord(b);
  ASSERT_TRUE(DecodeJournalRecord(record).ok());
  EXPECT_TRUE(DecodeJournalRecord(std::string(1, '\0') + bytes).ok());  // the plain form
  PutMetricDataInput many;
  many.ns = "Test";
  for (int i = 0; i < 500; ++i) many.data.push_back(b.data[0]);
  record = EncodeJournalRecord(many);
  EXPECT_EQ(record[0], 1);
  std::string plain;
  EncodeBatch(many, plain);
  EXPECT_LT(record.size() * 4, plain.size());
  auto decoded = DecodeJournalRecord(record);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->data.size(), 500u);
  for (size_t cut = 0; cut < record.size(); cut += 7)
    EXPECT_FALSE(DecodeJournalRecord(record.substr(0, cut)).ok()) << cut;
  std::mt19937 rng(7);
  for (int i = 0; i < 2000; ++i) {
    std::string garbage = bytes;
    garbage[rng() % garbage.size()] = static_cast<char>(rng());
    (void)DecodeBatch(garbage).ok();  // never crashes
  }
}

TEST(SeriesTable, ReadsPeriodsAndUnitsSeparately) {
  SeriesTable t;
  t.Apply(Batch(kT0 + 5000, 1), kT0);
  t.Apply(Batch(kT0 + 50000, 3), kT0);
  t.Apply(Batch(kT0 + 70000, 5), kT0);
  PutMetricDataInput bytes = Batch(kT0 + 10000, 100);
  bytes.data[0].unit = 4;
  t.Apply(bytes, kT0);
  auto periods = t.Read(Key(), std::nullopt, kT0, kT0 + 120000, 60000);
  ASSERT_EQ(periods.size(), 3u);
  EXPECT_EQ(periods[0].start_ms, kT0);
  EXPECT_EQ(periods[0].unit, kNoneUnit);
  EXPECT_EQ(periods[0].agg.stats.sum, 4);
  EXPECT_EQ(periods[1].unit, 4);
  EXPECT_EQ(periods[2].start_ms, kT0 + 60000);
  auto only = t.Read(Key(), UnitId{4}, kT0, kT0 + 120000, 60000);
  ASSERT_EQ(only.size(), 1u);
  EXPECT_EQ(only[0].agg.stats.sum, 100);
  EXPECT_TRUE(t.Read(Key(), std::nullopt, kT0 + 120000, kT0 + 180000, 60000).empty());
}

TEST(SeriesTable, HighResolutionBucketsRollUpOnAwssSchedule) {
  EXPECT_EQ(RetainedWidth(kT0 / 1000, 1, kT0 + 3600 * 1000 * 2), 1u);
  EXPECT_EQ(RetainedWidth(kT0 / 1000, 1, kT0 + 3600 * 1000 * 3), 60u);
  EXPECT_EQ(RetainedWidth(kT0 / 1000, 60, kT0 + 86400000LL * 15), 300u);
  EXPECT_EQ(RetainedWidth(kT0 / 1000, 60, kT0 + 86400000LL * 63), 3600u);
  EXPECT_EQ(RetainedWidth(kT0 / 1000, 3600, kT0 + 86400000LL * 455), 0u);

  SeriesTable t;
  for (int s = 0; s < 120; ++s) t.Apply(Batch(kT0 + s * 1000, s, /*high_res=*/true), kT0);
  EXPECT_EQ(t.Read(Key(), std::nullopt, kT0, kT0 + 120000, 1000).size(), 120u);
  t.Rollup(kT0 + 4 * 3600 * 1000);  // past 3 hours: minutes
  auto periods = t.Read(Key(), std::nullopt, kT0, kT0 + 120000, 1000);
  ASSERT_EQ(periods.size(), 2u);
  EXPECT_EQ(periods[0].agg.stats.count, 60);
  EXPECT_EQ(periods[0].agg.stats.sum, 59 * 60 / 2);
  EXPECT_EQ(periods[1].agg.stats.max, 119);
  t.Rollup(kT0 + 86400000LL * 16);  // past 15 days: five minutes
  periods = t.Read(Key(), std::nullopt, kT0, kT0 + 600000, 60000);
  ASSERT_EQ(periods.size(), 1u);
  EXPECT_EQ(periods[0].agg.stats.count, 120);
  t.Rollup(kT0 + 86400000LL * 456);  // past 455 days: gone
  EXPECT_TRUE(t.Read(Key(), std::nullopt, kT0, kT0 + 600000, 60000).empty());
}

TEST(JournaledMetricStore, ReplaysTheJournalAndCutsATornTail) {
  TempDir dir;
  {
    auto store = JournaledMetricStore::Open(dir.path(), FromMillis(kT0));
    ASSERT_TRUE(store.ok());
    for (int i = 0; i < 10; ++i) {
      auto c = (*store)->Put(Batch(kT0 + i * 1000, 1), FromMillis(kT0));
      ASSERT_TRUE(c.ok());
      Wait(*c);
    }
  }
  // A crash mid-write leaves half a record.
  const std::string seg = dir.path() + "/journal/seg-0000000000000001";
  int fd = ::open(seg.c_str(), O_WRONLY | O_APPEND);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::write(fd, "\x40\x00\x00\x00\x01\x02", 6), 6);
  ::close(fd);
  auto store = JournaledMetricStore::Open(dir.path(), FromMillis(kT0));
  ASSERT_TRUE(store.ok()) << store.error().message;
  auto periods = (*store)->Read(Key(), std::nullopt, kT0, kT0 + 60000, 60000);
  ASSERT_EQ(periods.size(), 1u);
  EXPECT_EQ(periods[0].agg.stats.count, 10);
  auto c = (*store)->Put(Batch(kT0, 1), FromMillis(kT0));  // appends after the cut
  ASSERT_TRUE(c.ok());
  Wait(*c);
}

TEST(JournaledMetricStore, CheckpointsReplaceTheJournalWithoutCountingTwice) {
  TempDir dir;
  {
    auto store = JournaledMetricStore::Open(dir.path(), FromMillis(kT0));
    ASSERT_TRUE(store.ok());
    Wait(*(*store)->Put(Batch(kT0, 1), FromMillis(kT0)));
    ASSERT_TRUE((*store)->Maintain(FromMillis(kT0)).ok());
    Wait(*(*store)->Put(Batch(kT0 + 1000, 2), FromMillis(kT0)));
    ASSERT_TRUE((*store)->Maintain(FromMillis(kT0)).ok());
    Wait(*(*store)->Put(Batch(kT0 + 2000, 4), FromMillis(kT0)));
  }
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/journal/seg-0000000000000001"));
  auto store = JournaledMetricStore::Open(dir.path(), FromMillis(kT0));
  ASSERT_TRUE(store.ok()) << store.error().message;
  auto periods = (*store)->Read(Key(), std::nullopt, kT0, kT0 + 60000, 60000);
  ASSERT_EQ(periods.size(), 1u);
  EXPECT_EQ(periods[0].agg.stats.sum, 7);
  EXPECT_EQ(periods[0].agg.stats.count, 3);
  auto listed = (*store)->ListSeries([](const MetricKey&) { return true; }, 0);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].key, Key());
}

// Restart of a store whose series are mostly sealed chunks: what the snapshot holds plus the
// journal replayed after it (including late data merged into sealed buckets after the
// checkpoint) reads back exactly as the flat reference table that saw the same batches.
constexpr int64_t kMinute = 60000;

MetricKey HostKey(int host) {
  return MetricKey{"Test", "M", {{"Host", "h" + std::to_string(host)}}};
}

PutMetricDataInput Minute(int64_t time_ms, double base) {
  PutMetricDataInput b;
  b.ns = "Test";
  for (int host = 0; host < 3; ++host) {
    Datum d;
    d.metric_name = "M";
    d.dimensions = {{"Host", "h" + std::to_string(host)}};
    d.time_ms = time_ms;
    if (host == 2) {
      d.statistic_values = StatSet{3, base * 3 + 1, base - 1, base + 2};
    } else {
      d.values = {{base + host / 10.0, 1}};
      if (host == 1) d.values.emplace_back(base * 2, 3);
    }
    b.data.push_back(std::move(d));
  }
  return b;
}

TEST(JournaledMetricStore, RestoresSealedChunksFromSnapshotAndJournal) {
  TempDir tmp;
  const std::string& dir = tmp.path();
  testing::FlatSeriesTable flat;
  const int64_t now = kT0 + 180 * kMinute;
  {
    auto store = JournaledMetricStore::Open(dir, FromMillis(now));
    ASSERT_TRUE(store.ok());
    auto put = [&](const PutMetricDataInput& batch, int64_t at) {
      flat.Apply(batch);
      auto c = (*store)->Put(batch, FromMillis(at));
      ASSERT_TRUE(c.ok());
      Wait(*c);
    };
    for (int m = 0; m < 120; ++m) put(Minute(kT0 + m * kMinute, m % 9 / 10.0), kT0 + m * kMinute);
    ASSERT_TRUE((*store)->Maintain(FromMillis(kT0 + 120 * kMinute)).ok());
    flat.Rollup(kT0 + 120 * kMinute);
    // After the checkpoint: more minutes, and late data for minutes long sealed.
    for (int m = 120; m < 180; ++m) put(Minute(kT0 + m * kMinute, m % 5), kT0 + m * kMinute);
    put(Minute(kT0 + 30 * kMinute + 7000, 9.5), now);
    put(Minute(kT0 - 10 * kMinute, 4), now);
  }  // a stop without a checkpoint: the journal holds what came after the snapshot
  auto store = JournaledMetricStore::Open(dir, FromMillis(now));
  ASSERT_TRUE(store.ok()) << store.error().message;
  flat.Rollup(now);
  for (int host = 0; host < 3; ++host) {
    for (int64_t period : {kMinute, 5 * kMinute, 60 * kMinute}) {
      auto want = flat.Read(HostKey(host), std::nullopt, kT0 - kMinute * 60, now, period, true);
      auto got = (*store)->Read(HostKey(host), std::nullopt, kT0 - kMinute * 60, now, period);
      ASSERT_EQ(want.size(), got.size()) << host << " " << period;
      for (size_t i = 0; i < want.size(); ++i) {
        EXPECT_EQ(want[i].start_ms, got[i].start_ms);
        EXPECT_EQ(std::memcmp(&want[i].agg.stats, &got[i].agg.stats, sizeof(StatSet)), 0)
            << host << " " << period << " #" << i;
        EXPECT_EQ(want[i].agg.samples.usable(), got[i].agg.samples.usable());
        EXPECT_EQ(want[i].agg.samples.sorted(), got[i].agg.samples.sorted());
      }
    }
  }
  EXPECT_EQ((*store)->series_count(), 3u);
}

}  // namespace
}  // namespace berth::services::monitoring
