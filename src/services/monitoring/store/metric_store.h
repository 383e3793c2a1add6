#pragma once
// The metric store seam: what the handlers (and berth's own publishers) need from wherever
// metric data lives.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "core/clock.h"
#include "core/http_types.h"
#include "core/result.h"
#include "services/monitoring/model/statistics.h"
#include "services/monitoring/model/types.h"

namespace berth::services::monitoring {

struct SeriesInfo {
  MetricKey key;
  int64_t last_seen_ms = 0;  // when data for it last arrived (arrival time, not its timestamp)
};

// One period of a metric, for one unit (AWS aggregates data of different units separately).
struct PeriodAggregate {
  int64_t start_ms = 0;
  UnitId unit = kNoneUnit;
  Aggregate agg;
};

class MetricStore {
 public:
  virtual ~MetricStore() = default;
  // Stores a validated batch whose every datum has its timestamp. The data is readable at once;
  // the returned commitment is kept when it is durable (the caller's response waits for it).
  virtual Result<std::shared_ptr<Commitment>> Put(const PutMetricDataInput& batch,
                                                  TimePoint now) = 0;
  // Every metric `keep` accepts that received data at or after `seen_since_ms`, sorted by
  // Canonical().
  virtual std::vector<SeriesInfo> ListSeries(
      const std::function<bool(const MetricKey&)>& keep, int64_t seen_since_ms) const = 0;
  // The metric's data with timestamps in [start_ms, end_ms), merged into periods of
  // `period_ms` that start at start_ms + k·period_ms; only `unit`'s when given. Sorted by
  // (start, unit). Data kept coarser than the period lands in the period holding its start.
  // `with_samples` false: each aggregate's statistic set only (enough for SampleCount, Average,
  // Sum, Minimum, Maximum), without copying a bucket's samples.
  virtual std::vector<PeriodAggregate> Read(const MetricKey& key, std::optional<UnitId> unit,
                                            int64_t start_ms, int64_t end_ms, int64_t period_ms,
                                            bool with_samples = true) const = 0;
  // Rolls data up and drops what has passed its retention, as of `now` (see the store).
  virtual Status Maintain(TimePoint now) = 0;
};

}  // namespace berth::services::monitoring
