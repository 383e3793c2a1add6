#pragma once
// What a period of a metric holds, and the statistics CloudWatch computes from it.
//
// An Aggregate is a statistic set (SampleCount, Sum, Minimum, Maximum: exact, mergeable) plus
// the samples as sorted (value, count) pairs for the percentile family. Samples stay exact up
// to kMaxExactSamples distinct values in a period; beyond that they are compacted onto
// logarithmic buckets of 1% relative width (DDSketch's idea: each value replaced by its
// bucket's midpoint, counts kept), so a percentile is then within 1% of the exact one and a
// period's memory is bounded whatever arrives. AWS computes percentiles only when every value
// is ≥ 0 and every statistic set was degenerate (one value repeated); otherwise Samples are
// marked unusable and the percentile family answers nothing, as on AWS.

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace berth::services::monitoring {

struct StatSet {
  double count = 0;
  double sum = 0;
  double min = std::numeric_limits<double>::infinity();
  double max = -std::numeric_limits<double>::infinity();

  void Add(double value, double n);
  void Merge(const StatSet& other);
  bool empty() const { return count == 0; }
};

inline constexpr size_t kMaxExactSamples = 4096;

class Samples {
 public:
  void Add(double value, double count);
  void Merge(const Samples& other);
  // No percentile may be computed (a negative value or a non-degenerate statistic set).
  void MarkUnusable() { unusable_ = true; values_.clear(); values_.shrink_to_fit(); }
  bool usable() const { return !unusable_; }
  bool approximate() const { return approximate_; }
  // Sorted by value, equal values merged.
  const std::vector<std::pair<double, double>>& sorted() const;
  size_t distinct() const { return values_.size(); }
  // Rebuilds samples saved with sorted(), approximate() and usable() (store snapshots).
  void Restore(std::vector<std::pair<double, double>> sorted_values, bool approximate,
               bool usable) {
    values_ = std::move(sorted_values);
    sorted_ = true;
    approximate_ = approximate;
    unusable_ = !usable;
  }

 private:
  void Compact();
  mutable std::vector<std::pair<double, double>> values_;
  mutable bool sorted_ = true;
  bool unusable_ = false;
  bool approximate_ = false;
};

struct Aggregate {
  StatSet stats;
  Samples samples;
  void Merge(const Aggregate& other) {
    stats.Merge(other.stats);
    samples.Merge(other.samples);
  }
};

// A statistic by its name: SampleCount, Average, Sum, Minimum, Maximum, and the extended ones:
// pNN[.NN], tmNN, wmNN, tcNN, tsNN, IQM, TM(a%:b%), WM(a%:b%), TC(a%:b%), TS(a%:b%) and
// PR(a:b) (absolute bounds, lower exclusive, upper inclusive; either may be empty).
struct Statistic {
  enum class Kind {
    kSampleCount, kAverage, kSum, kMinimum, kMaximum,
    kPercentile, kTrimmedMean, kWinsorizedMean, kTrimmedCount, kTrimmedSum, kPercentileRank
  } kind;
  double low = 0;    // percent (0..100) or, for PR, an absolute bound
  double high = 100;
  bool has_low = false, has_high = false;  // PR: which bounds were given
};

std::optional<Statistic> ParseStatistic(std::string_view name);
// The five basic names only (GetMetricStatistics' Statistics member).
std::optional<Statistic> ParseBasicStatistic(std::string_view name);
// The statistic's value over `agg`, or nothing (no samples, or percentiles unavailable).
std::optional<double> Compute(const Statistic& stat, const Aggregate& agg);

}  // namespace berth::services::monitoring
