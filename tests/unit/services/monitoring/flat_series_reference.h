#pragma once
// The series table as it was before chunks (every bucket of a series held whole in one sorted
// vector): the reference the chunked SeriesTable is checked against, answer for answer
// (series_chunks_differential_test.cc). Not thread-safe; tests only.

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "services/monitoring/store/series_table.h"

namespace berth::services::monitoring::testing {

class FlatSeriesTable {
 public:
  void Apply(const PutMetricDataInput& batch) {
    for (const Datum& d : batch.data) {
      AddTo(series_[MetricKey{batch.ns, d.metric_name, d.dimensions}.Canonical()], d);
    }
  }

  std::vector<PeriodAggregate> Read(const MetricKey& key, std::optional<UnitId> unit,
                                    int64_t start_ms, int64_t end_ms, int64_t period_ms,
                                    bool with_samples) const {
    std::vector<PeriodAggregate> out;
    auto found = series_.find(key.Canonical());
    if (found == series_.end()) return out;
    const auto& buckets = found->second;
    auto it = std::lower_bound(buckets.begin(), buckets.end(), start_ms,
                               [](const Bucket& b, int64_t ms) { return b.start_s * 1000 < ms; });
    for (; it != buckets.end() && it->start_s * 1000 < end_ms; ++it) {
      if (unit && it->unit != *unit) continue;
      const int64_t pstart = start_ms + FloorTo(it->start_s * 1000 - start_ms, period_ms);
      PeriodAggregate* slot = nullptr;
      for (auto p = out.rbegin(); p != out.rend() && p->start_ms == pstart; ++p) {
        if (p->unit == it->unit) {
          slot = &*p;
          break;
        }
      }
      if (slot == nullptr) {
        out.push_back(with_samples
                          ? PeriodAggregate{pstart, it->unit, it->agg}
                          : PeriodAggregate{pstart, it->unit, Aggregate{it->agg.stats, {}}});
      } else if (with_samples) {
        slot->agg.Merge(it->agg);
      } else {
        slot->agg.stats.Merge(it->agg.stats);
      }
    }
    auto before = [](const PeriodAggregate& a, const PeriodAggregate& b) {
      return a.start_ms != b.start_ms ? a.start_ms < b.start_ms : a.unit < b.unit;
    };
    if (!std::is_sorted(out.begin(), out.end(), before)) std::sort(out.begin(), out.end(), before);
    return out;
  }

  void Rollup(int64_t now_ms) {
    for (auto& [canonical, buckets] : series_) {
      std::vector<Bucket> kept;
      bool changed = false;
      for (Bucket& b : buckets) {
        const uint32_t width = RetainedWidth(b.start_s, b.width_s, now_ms);
        if (width == 0) {
          changed = true;
          continue;
        }
        if (width != b.width_s) {
          b.start_s = FloorTo(b.start_s, width);
          b.width_s = width;
          changed = true;
        }
        kept.push_back(std::move(b));
      }
      if (changed) {
        std::stable_sort(kept.begin(), kept.end(), [](const Bucket& a, const Bucket& b) {
          return a.start_s != b.start_s ? a.start_s < b.start_s : a.unit < b.unit;
        });
        std::vector<Bucket> merged;
        for (Bucket& b : kept) {
          if (!merged.empty() && merged.back().start_s == b.start_s &&
              merged.back().unit == b.unit) {
            merged.back().width_s = std::max(merged.back().width_s, b.width_s);
            merged.back().agg.Merge(b.agg);
          } else {
            merged.push_back(std::move(b));
          }
        }
        buckets = std::move(merged);
      } else {
        buckets = std::move(kept);
      }
    }
  }

 private:
  struct Bucket {
    int64_t start_s;
    uint32_t width_s;
    UnitId unit;
    Aggregate agg;
  };

  static int64_t FloorTo(int64_t v, int64_t step) {
    int64_t q = v / step;
    if (v % step != 0 && v < 0) --q;
    return q * step;
  }

  static void AddSamples(Aggregate& agg, const Datum& d) {
    if (d.statistic_values) {
      const StatSet& s = *d.statistic_values;
      agg.stats.Merge(s);
      if (s.min == s.max && (s.count == 1 ? s.sum == s.min : s.sum == s.min * s.count)) {
        agg.samples.Add(s.min, s.count);
      } else {
        agg.samples.MarkUnusable();
      }
      return;
    }
    for (const auto& [value, count] : d.values) {
      agg.stats.Add(value, count);
      agg.samples.Add(value, count);
    }
  }

  static void AddTo(std::vector<Bucket>& b, const Datum& d) {
    const uint32_t width = d.high_resolution ? 1 : 60;
    const int64_t start = FloorTo(FloorTo(d.time_ms, 1000) / 1000, width);
    auto it = b.end();
    while (it != b.begin()) {
      auto prev = std::prev(it);
      if (prev->start_s < start || (prev->start_s == start && prev->unit <= d.unit)) break;
      it = prev;
    }
    if (it != b.begin()) {
      auto prev = std::prev(it);
      if (prev->start_s == start && prev->unit == d.unit) {
        AddSamples(prev->agg, d);
        return;
      }
      if (prev->unit == d.unit && prev->start_s <= start &&
          start < prev->start_s + static_cast<int64_t>(prev->width_s) && prev->width_s > width) {
        AddSamples(prev->agg, d);
        return;
      }
    }
    Bucket bucket{start, width, d.unit, {}};
    AddSamples(bucket.agg, d);
    b.insert(it, std::move(bucket));
  }

  std::map<std::string, std::vector<Bucket>> series_;
};

}  // namespace berth::services::monitoring::testing
