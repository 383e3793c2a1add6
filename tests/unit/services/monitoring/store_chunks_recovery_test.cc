// Restart of a store whose series are mostly sealed chunks: what the snapshot holds plus the
// journal replayed after it (including late data merged into sealed buckets after the
// checkpoint) reads back exactly as the flat reference table that saw the same batches.

#include <gtest/gtest.h>

#include <condition_variable>
#include <cstring>
#include <filesystem>
#include <mutex>

#include "flat_series_reference.h"
#include "services/monitoring/store/journaled_metric_store.h"

namespace berth::services::monitoring {
namespace {

constexpr int64_t kT0 = 1796644800000;  // 2026-12-07T12:00:00Z
constexpr int64_t kMinute = 60000;

MetricKey Key(int host) { return MetricKey{"Test", "M", {{"Host", "h" + std::to_string(host)}}}; }

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

TEST(JournaledMetricStore, RestoresSealedChunksFromSnapshotAndJournal) {
  char tmpl[] = "/tmp/berth-metric-chunks-XXXXXX";
  const std::string dir = mkdtemp(tmpl);
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
      auto want = flat.Read(Key(host), std::nullopt, kT0 - kMinute * 60, now, period, true);
      auto got = (*store)->Read(Key(host), std::nullopt, kT0 - kMinute * 60, now, period);
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
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace berth::services::monitoring
