#include "services/monitoring/store/series_table.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <functional>

#include "core/byte_codec.h"

namespace berth::services::monitoring {
namespace {

constexpr int64_t kHour = 3600;
constexpr int64_t kDay = 24 * kHour;

// MetricKey{ns, d.metric_name, d.dimensions}.Canonical(), written into `out` (a buffer the
// caller reuses) without copying the key.
void CanonicalOf(std::string_view ns, const Datum& d, std::string& out) {
  out.clear();
  auto add = [&out](std::string_view part) {
    char digits[24];
    auto [end, ec] = std::to_chars(digits, digits + sizeof digits, part.size());
    out.append(digits, end).push_back(':');
    out.append(part);
  };
  add(ns);
  add(d.metric_name);
  for (const Dimension& dim : d.dimensions) {
    add(dim.name);
    add(dim.value);
  }
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

SeriesTable::Shard& SeriesTable::ShardOf(std::string_view canonical) {
  return shards_[std::hash<std::string_view>{}(canonical) % kShards];
}
const SeriesTable::Shard& SeriesTable::ShardOf(std::string_view canonical) const {
  return shards_[std::hash<std::string_view>{}(canonical) % kShards];
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
  thread_local std::string canonical;
  for (const Datum& d : batch.data) {
    CanonicalOf(batch.ns, d, canonical);
    Shard& shard = ShardOf(canonical);
    std::lock_guard lock(shard.mu);
    auto found = shard.series.find(std::string_view(canonical));
    if (found == shard.series.end()) {
      auto series = std::make_unique<Series>();
      series->key = MetricKey{batch.ns, d.metric_name, d.dimensions};
      found = shard.series.emplace(canonical, std::move(series)).first;
    }
    Series& series = *found->second;
    series.last_seen_ms = std::max(series.last_seen_ms, arrival_ms);
    AddTo(series, d);
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
                                               int64_t period_ms, bool with_samples) const {
  std::vector<PeriodAggregate> out;
  const std::string canonical = key.Canonical();
  const Shard& shard = ShardOf(canonical);
  std::lock_guard lock(shard.mu);
  auto found = shard.series.find(canonical);
  if (found == shard.series.end()) return out;
  const auto& buckets = found->second->buckets;
  if (period_ms > 0 && end_ms > start_ms)
    out.reserve(static_cast<size_t>(std::min<int64_t>((end_ms - start_ms) / period_ms + 1, 100800)));
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
      out.push_back(with_samples ? PeriodAggregate{pstart, it->unit, it->agg}
                                 : PeriodAggregate{pstart, it->unit, Aggregate{it->agg.stats, {}}});
    } else if (with_samples) {
      slot->agg.Merge(it->agg);
    } else {
      slot->agg.stats.Merge(it->agg.stats);
    }
  }
  // In order already unless units interleave (buckets are sorted by start, then unit).
  auto before = [](const PeriodAggregate& a, const PeriodAggregate& b) {
    return a.start_ms != b.start_ms ? a.start_ms < b.start_ms : a.unit < b.unit;
  };
  if (!std::is_sorted(out.begin(), out.end(), before)) std::sort(out.begin(), out.end(), before);
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
        shard.series.erase(it++);  // erasing moves no other element of the flat map
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

namespace {

constexpr double kPow10[] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6};
constexpr uint8_t kRawValue = 0xff;

int64_t Scaled(double v, int k) {
  const double s = v * kPow10[k];
  return std::fabs(s) < 9e15 ? std::llround(s) : 0;
}

bool SameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// The fewest decimals k (0..6) with which v is an integer n, v == n / 10^k exactly (values sent
// as decimal text are); kRawValue when none is.
uint8_t DecimalsOf(double v) {
  for (int k = 0; k <= 6; ++k) {
    const double s = v * kPow10[k];
    if (!(std::fabs(s) < 9e15)) return kRawValue;
    if (SameBits(static_cast<double>(std::llround(s)) / kPow10[k], v)) return static_cast<uint8_t>(k);
  }
  return kRawValue;
}

// A bucket that holds one datum of one value: count 1, sum = min = max = the value, one exact
// sample. Most buckets of a regular series are.
bool IsSingle(const Aggregate& agg) {
  const StatSet& s = agg.stats;
  if (s.count != 1 || !SameBits(s.sum, s.min) || !SameBits(s.min, s.max)) return false;
  if (!agg.samples.usable() || agg.samples.approximate()) return false;
  const auto& values = agg.samples.sorted();
  return values.size() == 1 && SameBits(values[0].first, s.min) && values[0].second == 1;
}

}  // namespace

void SeriesTable::EncodeFullBucket(const Bucket& b, std::string& out, bool with_position) {
  if (with_position) {
    PutVarint(out, ZigZag(b.start_s));
    PutVarint(out, b.width_s);
    out.push_back(static_cast<char>(b.unit));
  }
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

bool SeriesTable::DecodeFullBucket(ByteReader& r, Bucket& b, bool with_position) {
  if (with_position) {
    b.start_s = UnZigZag(r.Varint());
    b.width_s = static_cast<uint32_t>(r.Varint());
    b.unit = r.U8();
  }
  b.agg.stats.count = r.F64();
  b.agg.stats.sum = r.F64();
  b.agg.stats.min = r.F64();
  b.agg.stats.max = r.F64();
  const uint8_t flags = r.U8();
  const uint64_t values = r.Varint();
  if (!r.ok || values > r.in.size() / 16) return false;
  std::vector<std::pair<double, double>> samples(values);
  for (auto& [value, count] : samples) {
    value = r.F64();
    count = r.F64();
  }
  b.agg.samples.Restore(std::move(samples), flags & 2, flags & 1);
  return r.ok;
}

// A series' buckets column by column: starts (as deltas), widths, units, kinds, then each
// single-value bucket's decimals and value (a zigzag delta from the previous one's, scaled by
// 10^decimals; 8 raw bytes when it has no short decimal form), then the other buckets whole.
// A regular series thus becomes runs of equal bytes and one- or two-byte deltas, which the
// snapshot's deflate shrinks to about a byte a datapoint or less (bench/metric_store.cc).
void SeriesTable::EncodeBuckets(const std::vector<Bucket>& buckets, std::string& out) {
  PutVarint(out, buckets.size());
  int64_t prev_start = 0;
  for (const Bucket& b : buckets) {
    PutVarint(out, ZigZag(b.start_s - prev_start));
    prev_start = b.start_s;
  }
  for (const Bucket& b : buckets) PutVarint(out, b.width_s);
  for (const Bucket& b : buckets) out.push_back(static_cast<char>(b.unit));
  for (const Bucket& b : buckets) out.push_back(IsSingle(b.agg) ? 0 : 1);
  for (const Bucket& b : buckets)
    if (IsSingle(b.agg)) out.push_back(static_cast<char>(DecimalsOf(b.agg.stats.min)));
  double prev = 0;
  for (const Bucket& b : buckets) {
    if (!IsSingle(b.agg)) continue;
    const double v = b.agg.stats.min;
    const uint8_t k = DecimalsOf(v);
    if (k == kRawValue) {
      PutF64(out, v);
    } else {
      PutVarint(out, ZigZag(Scaled(v, k) - Scaled(prev, k)));
    }
    prev = v;
  }
  for (const Bucket& b : buckets)
    if (!IsSingle(b.agg)) EncodeFullBucket(b, out, /*with_position=*/false);
}

bool SeriesTable::DecodeBuckets(ByteReader& r, std::vector<Bucket>& buckets) {
  const uint64_t n = r.Varint();
  if (!r.ok || n > r.in.size()) return false;
  buckets.resize(n);
  int64_t start = 0;
  for (Bucket& b : buckets) b.start_s = start += UnZigZag(r.Varint());
  for (Bucket& b : buckets) b.width_s = static_cast<uint32_t>(r.Varint());
  for (Bucket& b : buckets) b.unit = r.U8();
  std::vector<uint8_t> kinds(n);
  size_t singles = 0;
  for (uint8_t& kind : kinds) singles += (kind = r.U8()) == 0;
  std::vector<uint8_t> decimals(singles);
  for (uint8_t& k : decimals) {
    k = r.U8();
    if (k > 6 && k != kRawValue) return false;
  }
  double prev = 0;
  size_t single = 0;
  for (size_t i = 0; i < n && r.ok; ++i) {
    if (kinds[i] != 0) continue;
    const uint8_t k = decimals[single++];
    const double v = k == kRawValue
                         ? r.F64()
                         : static_cast<double>(Scaled(prev, k) + UnZigZag(r.Varint())) / kPow10[k];
    buckets[i].agg.stats = StatSet{1, v, v, v};
    buckets[i].agg.samples.Restore({{v, 1.0}}, false, true);
    prev = v;
  }
  for (size_t i = 0; i < n && r.ok; ++i)
    if (kinds[i] != 0 && !DecodeFullBucket(r, buckets[i], /*with_position=*/false)) return false;
  return r.ok;
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
      EncodeBuckets(s->buckets, out);
    }
  }
}

Status SeriesTable::DecodeInto(std::string_view bytes, int format) {
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
    if (format >= 2) {
      if (!DecodeBuckets(r, series->buckets)) return damaged;
    } else {
      const uint64_t n = r.Varint();
      if (!r.ok || n > r.in.size()) return damaged;
      series->buckets.resize(n);
      for (Bucket& b : series->buckets)
        if (!DecodeFullBucket(r, b, /*with_position=*/true)) return damaged;
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
