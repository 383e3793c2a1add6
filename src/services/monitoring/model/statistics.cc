#include "services/monitoring/model/statistics.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace berth::services::monitoring {
namespace {

// Buckets of 1% relative width: value v ≥ 0 falls in bucket ceil(log_gamma(v)).
constexpr double kGamma = 1.02;

double BucketMidpoint(double v) {
  if (v <= 0) return 0;
  const double index = std::ceil(std::log(v) / std::log(kGamma));
  const double upper = std::pow(kGamma, index);
  return 2 * upper / (1 + kGamma);  // the midpoint of (upper/gamma, upper]
}

std::optional<double> Number(std::string_view s) {
  if (s.empty()) return std::nullopt;
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

// "99" or "99.9" as a percentage in [0, 100].
std::optional<double> Percent(std::string_view s) {
  auto v = Number(s);
  if (!v || *v < 0 || *v > 100) return std::nullopt;
  return v;
}

// Ranks within the sorted samples, 1-based; sample at rank r is inside (low%, high%] when
// low·N < r ≤ high·N (AWS: "the lower bound is exclusive, the upper inclusive").
struct Range {
  double count = 0, sum = 0;
};

Range InRange(const std::vector<std::pair<double, double>>& sorted, double total, double low_pct,
              double high_pct) {
  const double lo = low_pct / 100 * total, hi = high_pct / 100 * total;
  Range r;
  double rank = 0;  // samples before this entry
  for (const auto& [value, count] : sorted) {
    // Ranks rank+1 .. rank+count; the part inside (lo, hi].
    const double first = std::max(rank, std::floor(lo));
    const double last = std::min(rank + count, std::floor(hi));
    if (last > first) {
      r.count += last - first;
      r.sum += (last - first) * value;
    }
    rank += count;
  }
  return r;
}

double PercentileOf(const std::vector<std::pair<double, double>>& sorted, double total,
                    double pct) {
  // Nearest rank: the smallest value with at least pct% of the samples at or below it.
  const double rank = std::max(1.0, std::ceil(pct / 100 * total));
  double seen = 0;
  for (const auto& [value, count] : sorted) {
    seen += count;
    if (seen >= rank) return value;
  }
  return sorted.back().first;
}

}  // namespace

void StatSet::Add(double value, double n) {
  count += n;
  sum += value * n;
  min = std::min(min, value);
  max = std::max(max, value);
}

void StatSet::Merge(const StatSet& o) {
  count += o.count;
  sum += o.sum;
  min = std::min(min, o.min);
  max = std::max(max, o.max);
}

void Samples::Add(double value, double count) {
  if (unusable_) return;
  if (value < 0) return MarkUnusable();
  if (approximate_) value = BucketMidpoint(value);
  if (!values_.empty() && values_.back().first == value) {
    values_.back().second += count;
    return;
  }
  if (!values_.empty() && values_.back().first > value) sorted_ = false;
  values_.emplace_back(value, count);
  if (values_.size() > 2 * kMaxExactSamples) Compact();
}

void Samples::Merge(const Samples& other) {
  if (unusable_) return;
  if (!other.usable()) return MarkUnusable();
  if (other.approximate_ && !approximate_) {
    approximate_ = true;
    Compact();
  }
  for (const auto& [value, count] : other.values_) Add(value, count);
}

const std::vector<std::pair<double, double>>& Samples::sorted() const {
  if (!sorted_) {
    std::sort(values_.begin(), values_.end());
    size_t out = 0;
    for (size_t i = 0; i < values_.size(); ++i) {
      if (out > 0 && values_[out - 1].first == values_[i].first) {
        values_[out - 1].second += values_[i].second;
      } else {
        values_[out++] = values_[i];
      }
    }
    values_.resize(out);
    sorted_ = true;
  }
  return values_;
}

void Samples::Compact() {
  sorted();
  if (!approximate_ && values_.size() <= kMaxExactSamples) return;
  approximate_ = true;
  for (auto& entry : values_) entry.first = BucketMidpoint(entry.first);
  sorted_ = false;
  sorted();
}

std::optional<Statistic> ParseBasicStatistic(std::string_view name) {
  using K = Statistic::Kind;
  if (name == "SampleCount") return Statistic{K::kSampleCount};
  if (name == "Average") return Statistic{K::kAverage};
  if (name == "Sum") return Statistic{K::kSum};
  if (name == "Minimum") return Statistic{K::kMinimum};
  if (name == "Maximum") return Statistic{K::kMaximum};
  return std::nullopt;
}

std::optional<Statistic> ParseStatistic(std::string_view name) {
  using K = Statistic::Kind;
  if (auto basic = ParseBasicStatistic(name)) return basic;
  if (name == "IQM") return Statistic{K::kTrimmedMean, 25, 75};
  struct Prefix {
    std::string_view lower, upper;
    K kind;
  };
  static constexpr Prefix kPrefixes[] = {{"tm", "TM", K::kTrimmedMean},
                                         {"wm", "WM", K::kWinsorizedMean},
                                         {"tc", "TC", K::kTrimmedCount},
                                         {"ts", "TS", K::kTrimmedSum}};
  if (name.size() > 1 && name[0] == 'p') {
    auto pct = Percent(name.substr(1));
    if (!pct) return std::nullopt;
    return Statistic{K::kPercentile, *pct, *pct};
  }
  for (const Prefix& prefix : kPrefixes) {
    if (name.substr(0, 2) == prefix.lower) {  // tm99 = TM(:99%)
      auto pct = Percent(name.substr(2));
      if (!pct) return std::nullopt;
      return Statistic{prefix.kind, 0, *pct};
    }
    if (name.substr(0, 3) == std::string(prefix.upper) + "(" && name.back() == ')') {
      std::string_view body = name.substr(3, name.size() - 4);
      const size_t colon = body.find(':');
      if (colon == std::string_view::npos) return std::nullopt;
      std::string_view lo = body.substr(0, colon), hi = body.substr(colon + 1);
      auto pct = [](std::string_view s, double fallback) -> std::optional<double> {
        if (s.empty()) return fallback;
        if (s.back() != '%') return std::nullopt;
        return Percent(s.substr(0, s.size() - 1));
      };
      auto l = pct(lo, 0), h = pct(hi, 100);
      if (!l || !h || *l >= *h) return std::nullopt;
      return Statistic{prefix.kind, *l, *h};
    }
  }
  if (name.substr(0, 3) == "PR(" && name.back() == ')') {
    std::string_view body = name.substr(3, name.size() - 4);
    const size_t colon = body.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    Statistic s{K::kPercentileRank, 0, 0};
    if (colon > 0) {
      auto v = Number(body.substr(0, colon));
      if (!v) return std::nullopt;
      s.low = *v;
      s.has_low = true;
    }
    if (colon + 1 < body.size()) {
      auto v = Number(body.substr(colon + 1));
      if (!v) return std::nullopt;
      s.high = *v;
      s.has_high = true;
    }
    if (!s.has_low && !s.has_high) return std::nullopt;
    if (s.has_low && s.has_high && s.low >= s.high) return std::nullopt;
    return s;
  }
  return std::nullopt;
}

std::optional<double> Compute(const Statistic& stat, const Aggregate& agg) {
  using K = Statistic::Kind;
  const StatSet& s = agg.stats;
  if (s.empty()) return std::nullopt;
  switch (stat.kind) {
    case K::kSampleCount: return s.count;
    case K::kSum: return s.sum;
    case K::kAverage: return s.sum / s.count;
    case K::kMinimum: return s.min;
    case K::kMaximum: return s.max;
    default: break;
  }
  if (!agg.samples.usable() || agg.samples.distinct() == 0) return std::nullopt;
  const auto& sorted = agg.samples.sorted();
  double total = 0;
  for (const auto& entry : sorted) total += entry.second;
  switch (stat.kind) {
    case K::kPercentile:
      return PercentileOf(sorted, total, stat.high);
    case K::kTrimmedMean: {
      Range r = InRange(sorted, total, stat.low, stat.high);
      if (r.count == 0) return std::nullopt;
      return r.sum / r.count;
    }
    case K::kTrimmedCount:
      return InRange(sorted, total, stat.low, stat.high).count;
    case K::kTrimmedSum:
      return InRange(sorted, total, stat.low, stat.high).sum;
    case K::kWinsorizedMean: {
      // Values below the low percentile count as it, above the high one as it.
      const double lo = stat.low > 0 ? PercentileOf(sorted, total, stat.low) : sorted.front().first;
      const double hi = PercentileOf(sorted, total, stat.high);
      double sum = 0;
      for (const auto& [value, count] : sorted) sum += std::clamp(value, lo, hi) * count;
      return sum / total;
    }
    case K::kPercentileRank: {
      double inside = 0;
      for (const auto& [value, count] : sorted) {
        if (stat.has_low && value <= stat.low) continue;
        if (stat.has_high && value > stat.high) continue;
        inside += count;
      }
      return 100 * inside / total;
    }
    default:
      return std::nullopt;
  }
}

}  // namespace berth::services::monitoring
