#pragma once
// The stats functions, each a small accumulator that sees one value at a time and keeps a
// bounded amount of state: count_distinct counts exactly up to kExactDistinct values and then
// estimates with HyperLogLog (AWS documents it as approximate for high cardinality); pct keeps
// every value up to kMaxPercentileSamples and then a uniform reservoir sample of that many.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>

#include "services/logs/insights/value.h"

namespace berth::services::logs::insights {

enum class AggregateKind {
  kCountAll,  // count(*), count()
  kCount,     // count(f): rows where f is present
  kCountDistinct,
  kSum,
  kAvg,
  kMin,
  kMax,
  kPct,
  kStddev,
  kEarliest,  // the value of the row with the smallest @timestamp
  kLatest,
  kSortsFirst,
  kSortsLast,
};

inline constexpr size_t kExactDistinct = 10'000;
inline constexpr size_t kMaxPercentileSamples = 10'000;

class Aggregator {
 public:
  virtual ~Aggregator() = default;
  // `value` is never null for kCountAll; for the others a null value is skipped. `timestamp`
  // is the row's @timestamp, which earliest/latest need.
  virtual void Add(const Value& value, std::optional<int64_t> timestamp) = 0;
  // The aggregate so far; null when no value contributed (except counts, which are 0).
  virtual Value Result() const = 0;
  // Heap bytes held, for the run's memory bound.
  virtual size_t RetainedBytes() const = 0;
};

// `percentile` is used by kPct only (0..100).
std::unique_ptr<Aggregator> MakeAggregator(AggregateKind kind, double percentile);

// A byte string that identifies a value for grouping and distinct counting: equal values give
// equal keys (a number and the same number spelled as a string stay distinct, as their types
// differ).
void AppendValueKey(const Value& v, std::string& key);

}  // namespace berth::services::logs::insights
