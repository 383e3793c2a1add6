#include "services/cloudtrail/refused_call_limiter.h"

#include <algorithm>

namespace berth::services::cloudtrail {

void RefusedCallLimiter::Refill(Bucket& b, TimePoint now, double burst, double per_second) {
  if (b.tokens < 0) {  // first use
    b.tokens = burst;
  } else if (now > b.refilled) {
    const double seconds = std::chrono::duration<double>(now - b.refilled).count();
    b.tokens = std::min(burst, b.tokens + seconds * per_second);
  }
  b.refilled = std::max(b.refilled, now);
}

void RefusedCallLimiter::PruneIdle(TimePoint now) {
  // A bucket that has refilled to its burst is the same as no bucket at all.
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    Refill(it->second, now, limits_.burst, limits_.per_second);
    it = it->second.tokens >= limits_.burst ? buckets_.erase(it) : std::next(it);
  }
}

void RefusedCallLimiter::Count(std::string_view source_ip, TimePoint now) {
  if (pending_++ == 0) {  // the first counted call opens the summary's interval
    since_ = now;
    due_ms_.store(Millis(since_ + limits_.summary_interval), std::memory_order_relaxed);
  }
  ++counted_total_;
  auto it = counts_.find(std::string(source_ip));
  if (it != counts_.end()) {
    ++it->second;
  } else if (counts_.size() < kMaxSummarySources) {
    counts_.emplace(source_ip, 1);
  } else {
    ++pending_other_;
  }
}

bool RefusedCallLimiter::Admit(std::string_view source_ip, TimePoint now, bool force_count) {
  std::lock_guard lock(mu_);
  if (force_count) {
    Count(source_ip, now);
    return false;
  }
  Refill(global_, now, limits_.global_burst, limits_.global_per_second);
  const std::string key(source_ip);
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    // Pruning walks every bucket: at most once a second, or a stream of new addresses would
    // make every call pay for the walk.
    if (buckets_.size() >= kMaxSources && now - last_prune_ >= std::chrono::seconds(1)) {
      PruneIdle(now);
      last_prune_ = now;
    }
    if (buckets_.size() < kMaxSources) it = buckets_.emplace(key, Bucket{-1, now}).first;
  }
  Bucket* own = nullptr;
  if (it != buckets_.end()) {
    own = &it->second;
    Refill(*own, now, limits_.burst, limits_.per_second);
  }
  // Every slot busy: a new source has no bucket of its own and is only counted.
  if (own == nullptr || own->tokens < 1 || global_.tokens < 1) {
    Count(source_ip, now);
    return false;
  }
  own->tokens -= 1;
  global_.tokens -= 1;
  return true;
}

RefusedCallSummary RefusedCallLimiter::TakeSummary(TimePoint now) {
  std::lock_guard lock(mu_);
  RefusedCallSummary out;
  out.since = since_;
  out.until = now;
  out.total = pending_;
  out.other = pending_other_;
  std::vector<RefusedCallSummary::Source> all;
  all.reserve(counts_.size());
  for (auto& [ip, count] : counts_) all.push_back({ip, count});
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
    return a.count != b.count ? a.count > b.count : a.ip < b.ip;
  });
  for (size_t i = 0; i < all.size(); ++i) {
    if (i < kMaxSummaryListed) {
      out.sources.push_back(std::move(all[i]));
    } else {
      out.other += all[i].count;
    }
  }
  counts_.clear();
  pending_ = 0;
  pending_other_ = 0;
  due_ms_.store(kNotDue, std::memory_order_relaxed);
  return out;
}

uint64_t RefusedCallLimiter::counted_total() const {
  std::lock_guard lock(mu_);
  return counted_total_;
}

}  // namespace berth::services::cloudtrail
