#pragma once
// Which refused, unauthenticated calls get a full CloudTrail record. Anyone who can reach the
// port can make such a call, so recording each one in full would let an anonymous client fill
// the disk through the audit journal (issue 16). Instead, per source IP, a token bucket admits a
// burst of full records and then a steady trickle; the calls it turns away are counted, and the
// recorder writes one summary record per interval naming the busiest sources and their counts
// (SummaryDue/TakeSummary). A global bucket caps the total too, so many addresses (an IPv6
// prefix) cannot multiply the budget. Nothing is dropped silently: every refused call is either
// recorded or counted in a summary.
//
// Memory is bounded: at most kMaxSources buckets (idle ones are pruned first; when every slot is
// busy, a new source shares the global bucket only) and kMaxSummarySources counted sources (the
// rest lumped into one "other" count).
//
// Thread-safe.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/clock.h"

namespace berth::services::cloudtrail {

struct RefusedCallLimits {
  double burst = 20;                // full records a source may write at once
  double per_second = 1;            // and then per second
  double global_burst = 200;        // all sources together
  double global_per_second = 50;
  std::chrono::seconds summary_interval{60};
};

struct RefusedCallSummary {
  TimePoint since;
  TimePoint until;
  uint64_t total = 0;  // calls counted rather than recorded
  struct Source {
    std::string ip;
    uint64_t count = 0;
  };
  std::vector<Source> sources;  // busiest first, at most kMaxSummaryListed
  uint64_t other = 0;           // counted calls of sources not listed
};

class RefusedCallLimiter {
 public:
  static constexpr size_t kMaxSources = 16384;
  static constexpr size_t kMaxSummarySources = 4096;
  static constexpr size_t kMaxSummaryListed = 10;

  explicit RefusedCallLimiter(RefusedCallLimits limits = {}) : limits_(limits) {}

  // True when this refused call from `source_ip` at `now` is to be recorded in full; false when
  // it was counted for the next summary instead. `force_count` counts it whatever the buckets
  // hold (the disk is low).
  bool Admit(std::string_view source_ip, TimePoint now, bool force_count = false);

  // True when calls were counted and the interval since the last summary has passed. Lock-free
  // (one relaxed load): the recorder asks on every call.
  bool SummaryDue(TimePoint now) const {
    return Millis(now) >= due_ms_.load(std::memory_order_relaxed);
  }
  // The counts since the last summary, which start again from zero.
  RefusedCallSummary TakeSummary(TimePoint now);

  // Calls counted rather than recorded since start (metrics and tests).
  uint64_t counted_total() const;

 private:
  struct Bucket {
    double tokens = 0;
    TimePoint refilled;
  };
  // Refills `b` up to `burst` for the time since it was last refilled.
  static void Refill(Bucket& b, TimePoint now, double burst, double per_second);
  void Count(std::string_view source_ip, TimePoint now);
  void PruneIdle(TimePoint now);

  const RefusedCallLimits limits_;
  mutable std::mutex mu_;
  Bucket global_{-1, {}};                             // GUARDED_BY(mu_); -1: not yet filled
  std::unordered_map<std::string, Bucket> buckets_;  // GUARDED_BY(mu_)
  std::unordered_map<std::string, uint64_t> counts_;  // GUARDED_BY(mu_)
  uint64_t pending_ = 0;        // counted since the last summary; GUARDED_BY(mu_)
  uint64_t pending_other_ = 0;  // of those, sources past kMaxSummarySources; GUARDED_BY(mu_)
  uint64_t counted_total_ = 0;  // GUARDED_BY(mu_)
  TimePoint since_{};  // the first call counted since the last summary; GUARDED_BY(mu_)
  TimePoint last_prune_{};  // GUARDED_BY(mu_)
  static constexpr int64_t kNotDue = INT64_MAX;
  std::atomic<int64_t> due_ms_{kNotDue};  // when the pending counts are to be summarised
};

}  // namespace berth::services::cloudtrail
