#include "services/cloudtrail/refused_call_limiter.h"

#include <gtest/gtest.h>

namespace berth::services::cloudtrail {
namespace {

TimePoint Start() { return FromMillis(1795583947000); }

RefusedCallLimits Limits() {
  RefusedCallLimits l;
  l.burst = 5;
  l.per_second = 1;
  l.global_burst = 100;
  l.global_per_second = 100;
  l.summary_interval = std::chrono::seconds(60);
  return l;
}

int Admitted(RefusedCallLimiter& limiter, std::string_view ip, TimePoint now, int calls) {
  int admitted = 0;
  for (int i = 0; i < calls; ++i) admitted += limiter.Admit(ip, now) ? 1 : 0;
  return admitted;
}

TEST(RefusedCallLimiter, RecordsABurstPerSourceThenCountsTheRest) {
  RefusedCallLimiter limiter(Limits());
  EXPECT_EQ(Admitted(limiter, "192.0.2.1", Start(), 1000), 5);
  EXPECT_EQ(limiter.counted_total(), 995u);
  // Another source has a bucket of its own.
  EXPECT_EQ(Admitted(limiter, "192.0.2.2", Start(), 10), 5);
  EXPECT_EQ(limiter.counted_total(), 1000u);
}

TEST(RefusedCallLimiter, RefillsAtItsRatePerSecond) {
  RefusedCallLimiter limiter(Limits());
  EXPECT_EQ(Admitted(limiter, "192.0.2.1", Start(), 5), 5);
  EXPECT_EQ(Admitted(limiter, "192.0.2.1", Start() + std::chrono::milliseconds(999), 3), 0);
  EXPECT_EQ(Admitted(limiter, "192.0.2.1", Start() + std::chrono::seconds(3), 10), 3);
  // Never more than the burst, however long the source was quiet.
  EXPECT_EQ(Admitted(limiter, "192.0.2.1", Start() + std::chrono::hours(5), 10), 5);
}

TEST(RefusedCallLimiter, GlobalBucketCapsManySources) {
  RefusedCallLimits limits = Limits();
  limits.global_burst = 50;
  limits.global_per_second = 0;
  RefusedCallLimiter limiter(limits);
  int admitted = 0;
  for (int i = 0; i < 1000; ++i) {
    admitted += Admitted(limiter, "2001:db8::" + std::to_string(i), Start(), 1);
  }
  EXPECT_EQ(admitted, 50);
  EXPECT_EQ(limiter.counted_total(), 950u);
}

TEST(RefusedCallLimiter, SummaryIsDueAnIntervalAfterTheFirstCountedCall) {
  RefusedCallLimiter limiter(Limits());
  EXPECT_FALSE(limiter.SummaryDue(Start() + std::chrono::hours(1)));  // nothing counted
  Admitted(limiter, "192.0.2.1", Start(), 8);
  Admitted(limiter, "192.0.2.9", Start(), 6);
  const TimePoint first_counted = Start();
  EXPECT_FALSE(limiter.SummaryDue(first_counted + std::chrono::seconds(59)));
  EXPECT_TRUE(limiter.SummaryDue(first_counted + std::chrono::seconds(60)));

  RefusedCallSummary s = limiter.TakeSummary(Start() + std::chrono::seconds(60));
  EXPECT_EQ(s.total, 4u);
  EXPECT_EQ(s.since, first_counted);
  ASSERT_EQ(s.sources.size(), 2u);
  EXPECT_EQ(s.sources[0].ip, "192.0.2.1");
  EXPECT_EQ(s.sources[0].count, 3u);
  EXPECT_EQ(s.sources[1].ip, "192.0.2.9");
  EXPECT_EQ(s.sources[1].count, 1u);
  EXPECT_EQ(s.other, 0u);
  // Taken: counts start again from zero.
  EXPECT_FALSE(limiter.SummaryDue(Start() + std::chrono::hours(2)));
  EXPECT_EQ(limiter.TakeSummary(Start() + std::chrono::hours(2)).total, 0u);
}

TEST(RefusedCallLimiter, SummaryListsTheBusiestSourcesAndLumpsTheRest) {
  RefusedCallLimits limits = Limits();
  limits.burst = 1;
  RefusedCallLimiter limiter(limits);
  for (int i = 0; i < 30; ++i) {
    Admitted(limiter, "198.51.100." + std::to_string(i), Start(), 2 + i);  // counts 1 + i
  }
  RefusedCallSummary s = limiter.TakeSummary(Start());
  ASSERT_EQ(s.sources.size(), RefusedCallLimiter::kMaxSummaryListed);
  EXPECT_EQ(s.sources[0].ip, "198.51.100.29");
  EXPECT_EQ(s.sources[0].count, 30u);
  uint64_t listed = 0;
  for (const auto& src : s.sources) listed += src.count;
  EXPECT_EQ(listed + s.other, s.total);
  EXPECT_EQ(s.total, 30u * 31u / 2u);
}

TEST(RefusedCallLimiter, ForcedCallsAreCountedWhateverTheBuckets) {
  RefusedCallLimiter limiter(Limits());
  EXPECT_FALSE(limiter.Admit("192.0.2.1", Start(), /*force_count=*/true));
  EXPECT_EQ(limiter.counted_total(), 1u);
  EXPECT_TRUE(limiter.Admit("192.0.2.1", Start()));
}

TEST(RefusedCallLimiter, BucketsStayBoundedUnderManySources) {
  RefusedCallLimits limits = Limits();
  limits.global_burst = 1e9;
  limits.global_per_second = 1e9;
  RefusedCallLimiter limiter(limits);
  // Twice as many sources as there are buckets, each one call: none is turned away for want
  // of a bucket once the idle ones (refilled after 5 s) can be pruned.
  const size_t n = RefusedCallLimiter::kMaxSources * 2;
  int admitted = 0;
  for (size_t i = 0; i < n; ++i) {
    admitted += Admitted(limiter, "10.0." + std::to_string(i), Start() + std::chrono::seconds(
                                                                   i < n / 2 ? 0 : 10),
                         1);
  }
  EXPECT_EQ(static_cast<size_t>(admitted), n);
}

TEST(RefusedCallLimiter, NewSourcesBeyondTheBucketsAreCountedUntilThePruneASecondLater) {
  RefusedCallLimits limits = Limits();
  limits.global_burst = 1e9;
  limits.global_per_second = 1e9;
  RefusedCallLimiter limiter(limits);
  const size_t n = RefusedCallLimiter::kMaxSources;
  for (size_t i = 0; i < n; ++i) Admitted(limiter, "10.1." + std::to_string(i), Start(), 1);
  // Every bucket is busy (none refilled yet): a new source has none, and is counted.
  const TimePoint soon = Start() + std::chrono::milliseconds(100);
  EXPECT_EQ(Admitted(limiter, "10.2.0.1", soon, 1), 0);
  EXPECT_EQ(Admitted(limiter, "10.2.0.2", soon, 1), 0);
  // Refilled, the old buckets are pruned (at most once a second) and new sources get theirs.
  EXPECT_EQ(Admitted(limiter, "10.2.0.3", Start() + std::chrono::seconds(10), 1), 1);
}

}  // namespace
}  // namespace berth::services::cloudtrail
