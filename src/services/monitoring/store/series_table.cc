#include "services/monitoring/store/series_table.h"

#include <algorithm>
#include <functional>

#include "core/byte_codec.h"

namespace berth::services::monitoring {
namespace {

constexpr int64_t kHour = 3600;
constexpr int64_t kDay = 24 * kHour;

std::string CanonicalOf(std::string_view ns, const Datum& d) {
  MetricKey key{std::string(ns), d.metric_name, d.dimensions};
  return key.Canonical();
}

int64_t FloorTo(int64_t v, int64_t step) {
  int64_t q = v / step;
  if (v % step != 0 && v < 0) --q;
  return q * step;
}

void AddSamples(Aggregate& agg, const Datum& d) {
  if (d.statistic_values) {
    const StatSet& s = *d.statistic_values;
    agg.stats.Merge(s);
    // Percentiles only from sets that are one value repeated (AWS's rule).
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

}  // namespace

uint32_t RetainedWidth(int64_t start_s, uint32_t width_s, int64_t now_ms) {
  const int64_t age = now_ms / 1000 - start_s;
  uint32_t want;
  if (age < 3 * kHour) {
    want = 1;
  } else if (age < 15 * kDay) {
    want = 60;
  } else if (age < 63 * kDay) {
    want = 300;
  } else if (age < 455 * kDay) {
    want = 3600;
  } else {
    return 0;
  }
  return std::max(want, width_s);
}

SeriesTable::Shard& SeriesTable::ShardOf(const std::string& canonical) {
  return shards_[std::hash<std::string>{}(canonical) % kShards];
}
const SeriesTable::Shard& SeriesTable::ShardOf(const std::string& canonical) const {
  return shards_[std::hash<std::string>{}(canonical) % kShards];
}

void SeriesTable::AddTo(Series& s, const Datum& d) {
  const uint32_t width = d.high_resolution ? 1 : 60;
  const int64_t start = FloorTo(FloorTo(d.time_ms, 1000) / 1000, width);
  auto& b = s.buckets;
  // Data mostly arrives in time order: look from the newest bucket back.
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
    // A 60-second bucket covers the 1-second data of its minute (and a rolled-up one more).
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

void SeriesTable::Apply(const PutMetricDataInput& batch, int64_t arrival_ms) {
  for (const Datum& d : batch.data) {
    std::string canonical = CanonicalOf(batch.ns, d);
    Shard& shard = ShardOf(canonical);
    std::lock_guard lock(shard.mu);
    auto& slot = shard.series[canonical];
    if (!slot) {
      slot = std::make_unique<Series>();
      slot->key = MetricKey{batch.ns, d.metric_name, d.dimensions};
    }
    slot->last_seen_ms = std::max(slot->last_seen_ms, arrival_ms);
    AddTo(*slot, d);
  }
}

std::vector<SeriesInfo> SeriesTable::List(const std::function<bool(const MetricKey&)>& keep,
                                          int64_t seen_since_ms) const {
  std::vector<std::pair<std::string, SeriesInfo>> found;
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mu);
    for (const auto& [canonical, s] : shard.series) {
      if (s->last_seen_ms < seen_since_ms || !keep(s->key)) continue;
      found.emplace_back(canonical, SeriesInfo{s->key, s->last_seen_ms});
    }
  }
  std::sort(found.begin(), found.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<SeriesInfo> out;
  out.reserve(found.size());
  for (auto& [canonical, info] : found) out.push_back(std::move(info));
  return out;
}

std::vector<PeriodAggregate> SeriesTable::Read(const MetricKey& key, std::optional<UnitId> unit,
                                               int64_t start_ms, int64_t end_ms,
                                               int64_t period_ms) const {
  std::vector<PeriodAggregate> out;
  const std::string canonical = key.Canonical();
  const Shard& shard = ShardOf(canonical);
  std::lock_guard lock(shard.mu);
  auto found = shard.series.find(canonical);
  if (found == shard.series.end()) return out;
  const auto& buckets = found->second->buckets;
  auto it = std::lower_bound(buckets.begin(), buckets.end(), start_ms,
                             [](const Bucket& b, int64_t ms) { return b.start_s * 1000 < ms; });
  for (; it != buckets.end() && it->start_s * 1000 < end_ms; ++it) {
    if (unit && it->unit != *unit) continue;
    const int64_t pstart = start_ms + FloorTo(it->start_s * 1000 - start_ms, period_ms);
    // Buckets come in time order, so the period is the last one or new.
    PeriodAggregate* slot = nullptr;
    for (auto p = out.rbegin(); p != out.rend() && p->start_ms == pstart; ++p) {
      if (p->unit == it->unit) {
        slot = &*p;
        break;
      }
    }
    if (slot == nullptr) {
      out.push_back(PeriodAggregate{pstart, it->unit, it->agg});
    } else {
      slot->agg.Merge(it->agg);
    }
  }
  std::sort(out.begin(), out.end(), [](const PeriodAggregate& a, const PeriodAggregate& b) {
    return a.start_ms != b.start_ms ? a.start_ms < b.start_ms : a.unit < b.unit;
  });
  return out;
}

void SeriesTable::Rollup(int64_t now_ms) {
  for (Shard& shard : shards_) {
    std::lock_guard lock(shard.mu);
    for (auto it = shard.series.begin(); it != shard.series.end();) {
      auto& buckets = it->second->buckets;
      std::vector<Bucket> kept;
      kept.reserve(buckets.size());
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
      // A metric with no data left is forgotten (ListMetrics stops listing it after 2 weeks).
      if (buckets.empty() && now_ms - it->second->last_seen_ms > 15 * kDay * 1000) {
        it = shard.series.erase(it);
      } else {
        ++it;
      }
    }
  }
}

size_t SeriesTable::series_count() const {
  size_t n = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mu);
    n += shard.series.size();
  }
  return n;
}

void SeriesTable::Encode(std::string& out) const {
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mu);
    for (const auto& [canonical, s] : shard.series) {
      PutStr(out, s->key.ns);
      PutStr(out, s->key.name);
      PutVarint(out, s->key.dimensions.size());
      for (const Dimension& d : s->key.dimensions) {
        PutStr(out, d.name);
        PutStr(out, d.value);
      }
      PutVarint(out, static_cast<uint64_t>(s->last_seen_ms));
      PutVarint(out, s->buckets.size());
      for (const Bucket& b : s->buckets) {
        PutVarint(out, ZigZag(b.start_s));
        PutVarint(out, b.width_s);
        out.push_back(static_cast<char>(b.unit));
        PutF64(out, b.agg.stats.count);
        PutF64(out, b.agg.stats.sum);
        PutF64(out, b.agg.stats.min);
        PutF64(out, b.agg.stats.max);
        const bool usable = b.agg.samples.usable();
        out.push_back(static_cast<char>((usable ? 1 : 0) | (b.agg.samples.approximate() ? 2 : 0)));
        const auto& values = b.agg.samples.sorted();
        PutVarint(out, values.size());
        for (const auto& [value, count] : values) {
          PutF64(out, value);
          PutF64(out, count);
        }
      }
    }
  }
}

Status SeriesTable::DecodeInto(std::string_view bytes) {
  ByteReader r{bytes};
  const Error damaged{"InternalFailure", "damaged metric snapshot", 500};
  while (!r.in.empty()) {
    auto series = std::make_unique<Series>();
    series->key.ns = r.Str();
    series->key.name = r.Str();
    const uint64_t dims = r.Varint();
    if (!r.ok || dims > r.in.size()) return damaged;
    series->key.dimensions.resize(dims);
    for (Dimension& d : series->key.dimensions) {
      d.name = r.Str();
      d.value = r.Str();
    }
    series->last_seen_ms = static_cast<int64_t>(r.Varint());
    const uint64_t n = r.Varint();
    if (!r.ok || n > r.in.size()) return damaged;
    series->buckets.resize(n);
    for (Bucket& b : series->buckets) {
      b.start_s = UnZigZag(r.Varint());
      b.width_s = static_cast<uint32_t>(r.Varint());
      if (r.in.empty()) return damaged;
      b.unit = static_cast<UnitId>(r.in[0]);
      r.in.remove_prefix(1);
      b.agg.stats.count = r.F64();
      b.agg.stats.sum = r.F64();
      b.agg.stats.min = r.F64();
      b.agg.stats.max = r.F64();
      if (r.in.empty()) return damaged;
      const uint8_t flags = static_cast<uint8_t>(r.in[0]);
      r.in.remove_prefix(1);
      const uint64_t values = r.Varint();
      if (!r.ok || values > r.in.size() / 16) return damaged;
      std::vector<std::pair<double, double>> samples(values);
      for (auto& [value, count] : samples) {
        value = r.F64();
        count = r.F64();
      }
      b.agg.samples.Restore(std::move(samples), flags & 2, flags & 1);
    }
    if (!r.ok) return damaged;
    std::string canonical = series->key.Canonical();
    Shard& shard = ShardOf(canonical);
    std::lock_guard lock(shard.mu);
    shard.series[canonical] = std::move(series);
  }
  return Ok();
}

}  // namespace berth::services::monitoring
