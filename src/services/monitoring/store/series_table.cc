#include "services/monitoring/store/series_table.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <functional>

#include "core/byte_codec.h"
#include "services/monitoring/store/series_snapshot.h"

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


// The old-style insertion into a sorted run of whole buckets (the head, or a chunk opened up).
void SeriesTable::AddToBuckets(std::vector<Bucket>& b, int64_t start, uint32_t width,
                               const Datum& d) {
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

namespace {

bool KeyBefore(int64_t a_start, UnitId a_unit, int64_t b_start, UnitId b_unit) {
  return a_start != b_start ? a_start < b_start : a_unit < b_unit;
}

// A datum for (start, unit) of `width` makes a new bucket right after the chunk's last one: it
// sorts after it and that bucket does not cover it (a wider one of the same unit would take it).
bool NewAfter(const BucketChunk& c, int64_t start, uint32_t width, UnitId unit) {
  const bool covered = c.last_unit() == unit && c.last_start_s() <= start &&
                       start < c.last_start_s() + static_cast<int64_t>(c.last_width_s()) &&
                       c.last_width_s() > width;
  return KeyBefore(c.last_start_s(), c.last_unit(), start, unit) && !covered;
}

}  // namespace

void SeriesTable::AddTo(Series& s, const Datum& d, int64_t arrival_ms) {
  const uint32_t width = d.high_resolution ? 1 : 60;
  const int64_t start = FloorTo(FloorTo(d.time_ms, 1000) / 1000, width);
  // The head takes the datum when the bucket it lands in (or next to) is in the head: it sorts
  // at or after the head's first bucket, or after every sealed bucket without the last sealed
  // one covering it (a wider bucket of the same unit, which the datum would merge into).
  bool to_head = s.chunks.empty();
  if (!to_head && !s.head.empty())
    to_head = !KeyBefore(start, d.unit, s.head.front().start_s, s.head.front().unit);
  if (!to_head) to_head = NewAfter(s.chunks.back(), start, width, d.unit);
  if (to_head) {
    AddToBuckets(s.head, start, width, d);
    Seal(s, arrival_ms);
  } else {
    AddToChunk(s, start, width, d);
  }
}

void SeriesTable::AddToChunk(Series& s, int64_t start, uint32_t width, const Datum& d) {
  // The chunk whose first bucket is the last at or before the datum's: its run holds the
  // bucket the datum merges into, or the datum goes right after it (or before every chunk).
  size_t i = s.chunks.size();
  while (i > 0 && KeyBefore(start, d.unit, s.chunks[i - 1].first_start_s(),
                            s.chunks[i - 1].first_unit()))
    --i;
  if (i == 0 || NewAfter(s.chunks[i - 1], start, width, d.unit)) {
    // A new bucket between two chunks (or before the first): appended to the chunk before it
    // when that has room, else a chunk of its own — so data backfilled in time order (several
    // clients sending a series' history in parallel) is appended, not rewritten.
    Bucket bucket{start, width, d.unit, {}};
    AddSamples(bucket.agg, d);
    if (i == 0 || s.chunks[i - 1].count() >= kChunkBuckets)
      s.chunks.insert(s.chunks.begin() + static_cast<ptrdiff_t>(i++), BucketChunk());
    s.chunks[i - 1].Append(bucket.start_s, bucket.width_s, bucket.unit, bucket.agg);
    return;
  }
  // Inside the chunk's run: it is decoded, the datum merged or inserted, and rewritten.
  BucketChunk& chunk = s.chunks[i - 1];
  std::vector<Bucket> buckets;
  buckets.reserve(chunk.count() + 1);
  SealedBucket sealed;
  for (BucketChunk::Reader r(chunk); r.Next(sealed);)
    buckets.push_back(Bucket{sealed.start_s, sealed.width_s, sealed.unit, sealed.TakeAggregate()});
  AddToBuckets(buckets, start, width, d);
  const size_t half = buckets.size() > kChunkBuckets ? buckets.size() / 2 : buckets.size();
  BucketChunk first, second;
  for (size_t k = 0; k < buckets.size(); ++k)
    (k < half ? first : second).Append(buckets[k].start_s, buckets[k].width_s, buckets[k].unit,
                                       buckets[k].agg);
  first.Close();
  chunk = std::move(first);
  if (!second.empty()) s.chunks.insert(s.chunks.begin() + static_cast<ptrdiff_t>(i), std::move(second));
}

BucketChunk& SeriesTable::OpenChunk(std::vector<BucketChunk>& chunks) {
  if (chunks.empty() || chunks.back().count() >= kChunkBuckets) {
    if (!chunks.empty()) chunks.back().Close();
    chunks.emplace_back();
  }
  return chunks.back();
}

void SeriesTable::Seal(Series& s, int64_t now_ms) {
  size_t n = 0;
  while (n + 1 < s.head.size() && s.head[n].start_s * 1000 < now_ms - kOpenWindowMs) ++n;
  if (n == 0) return;
  for (size_t i = 0; i < n; ++i) {
    const Bucket& b = s.head[i];
    OpenChunk(s.chunks).Append(b.start_s, b.width_s, b.unit, b.agg);
  }
  s.head.erase(s.head.begin(), s.head.begin() + static_cast<ptrdiff_t>(n));
}

std::vector<SeriesTable::Bucket> SeriesTable::TakeAll(Series& s) {
  std::vector<Bucket> all;
  size_t sealed_count = 0;
  for (const BucketChunk& c : s.chunks) sealed_count += c.count();
  all.reserve(sealed_count + s.head.size());
  SealedBucket sealed;
  for (const BucketChunk& c : s.chunks)
    for (BucketChunk::Reader r(c); r.Next(sealed);)
      all.push_back(Bucket{sealed.start_s, sealed.width_s, sealed.unit, sealed.TakeAggregate()});
  s.chunks.clear();
  for (Bucket& b : s.head) all.push_back(std::move(b));
  s.head.clear();
  return all;
}

void SeriesTable::Rebuild(Series& s, std::vector<Bucket> buckets, int64_t now_ms) {
  s.chunks.clear();
  s.head = std::move(buckets);
  Seal(s, now_ms);
  s.head.shrink_to_fit();
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
    AddTo(series, d, arrival_ms);
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

namespace {

// Merges buckets, in time order, into periods of `period_ms` from `start_ms`.
class PeriodMerger {
 public:
  PeriodMerger(std::vector<PeriodAggregate>& out, std::optional<UnitId> unit, int64_t start_ms,
               int64_t period_ms, bool with_samples)
      : out_(out), unit_(unit), start_ms_(start_ms), period_ms_(period_ms),
        with_samples_(with_samples) {}

  // A bucket held whole (moved from when an rvalue: a decoded one).
  template <typename Agg>
  void Add(int64_t start_s, UnitId unit, Agg&& agg) {
    if (unit_ && unit != *unit_) return;
    PeriodAggregate* slot = Slot(start_s, unit);
    if (slot == nullptr) {
      if (!with_samples_) {
        out_.push_back(PeriodAggregate{Period(start_s), unit, Aggregate{agg.stats, {}}});
      } else {
        out_.push_back(PeriodAggregate{Period(start_s), unit, std::forward<Agg>(agg)});
      }
    } else if (with_samples_) {
      slot->agg.Merge(agg);
    } else {
      slot->agg.stats.Merge(agg.stats);
    }
  }
  // A single bucket: one datum of `value` (what Add of its aggregate would do, without one).
  void AddSingle(int64_t start_s, UnitId unit, double value) {
    if (unit_ && unit != *unit_) return;
    PeriodAggregate* slot = Slot(start_s, unit);
    if (slot == nullptr) {
      out_.push_back(PeriodAggregate{Period(start_s), unit, {}});
      slot = &out_.back();
      slot->agg.stats = StatSet{1, value, value, value};
      if (with_samples_) slot->agg.samples.Add(value, 1);
      return;
    }
    slot->agg.stats.Merge(StatSet{1, value, value, value});
    if (with_samples_) slot->agg.samples.Add(value, 1);
  }

 private:
  int64_t Period(int64_t start_s) const {
    return start_ms_ + FloorTo(start_s * 1000 - start_ms_, period_ms_);
  }
  PeriodAggregate* Slot(int64_t start_s, UnitId unit) {
    const int64_t pstart = Period(start_s);
    // Buckets come in time order, so the period is the last one or new.
    for (auto p = out_.rbegin(); p != out_.rend() && p->start_ms == pstart; ++p)
      if (p->unit == unit) return &*p;
    return nullptr;
  }

  std::vector<PeriodAggregate>& out_;
  const std::optional<UnitId> unit_;
  const int64_t start_ms_, period_ms_;
  const bool with_samples_;
};

}  // namespace

std::vector<PeriodAggregate> SeriesTable::Read(const MetricKey& key, std::optional<UnitId> unit,
                                               int64_t start_ms, int64_t end_ms,
                                               int64_t period_ms, bool with_samples) const {
  std::vector<PeriodAggregate> out;
  const std::string canonical = key.Canonical();
  const Shard& shard = ShardOf(canonical);
  std::lock_guard lock(shard.mu);
  auto found = shard.series.find(canonical);
  if (found == shard.series.end()) return out;
  const Series& s = *found->second;
  if (period_ms > 0 && end_ms > start_ms)
    out.reserve(static_cast<size_t>(std::min<int64_t>((end_ms - start_ms) / period_ms + 1, 100800)));
  PeriodMerger merge(out, unit, start_ms, period_ms, with_samples);
  SealedBucket b;
  for (const BucketChunk& c : s.chunks) {
    if (c.last_start_s() * 1000 < start_ms) continue;
    if (c.first_start_s() * 1000 >= end_ms) break;
    for (BucketChunk::Reader r(c, with_samples); r.Next(b);) {
      if (b.start_s * 1000 < start_ms) continue;
      if (b.start_s * 1000 >= end_ms) break;
      if (b.single) {
        merge.AddSingle(b.start_s, b.unit, b.value);
      } else {
        merge.Add(b.start_s, b.unit, std::move(b.agg));
      }
    }
  }
  auto it = std::lower_bound(s.head.begin(), s.head.end(), start_ms,
                             [](const Bucket& b, int64_t ms) { return b.start_s * 1000 < ms; });
  for (; it != s.head.end() && it->start_s * 1000 < end_ms; ++it)
    merge.Add(it->start_s, it->unit, it->agg);
  // In order already unless units interleave (buckets are sorted by start, then unit).
  auto before = [](const PeriodAggregate& a, const PeriodAggregate& b) {
    return a.start_ms != b.start_ms ? a.start_ms < b.start_ms : a.unit < b.unit;
  };
  if (!std::is_sorted(out.begin(), out.end(), before)) std::sort(out.begin(), out.end(), before);
  return out;
}

bool SeriesTable::Fragmented(const Series& s) {
  // Out-of-order data can leave many small chunks (each late bucket before the next chunk may
  // start one): re-sealed when there are twice as many as full ones would need.
  size_t sealed = 0;
  for (const BucketChunk& c : s.chunks) sealed += c.count();
  return s.chunks.size() > 2 * (sealed / kChunkBuckets + 1);
}

bool SeriesTable::NeedsRollup(const Series& s, int64_t now_ms) {
  // Within a chunk the first bucket is the oldest, so the one the schedule reaches first: if
  // the narrowest width is kept for it, every bucket of the chunk keeps its width.
  for (const BucketChunk& c : s.chunks)
    if (RetainedWidth(c.first_start_s(), c.min_width_s(), now_ms) != c.min_width_s()) return true;
  for (const Bucket& b : s.head)
    if (RetainedWidth(b.start_s, b.width_s, now_ms) != b.width_s) return true;
  return false;
}

void SeriesTable::RollUp(std::vector<Bucket>& buckets, int64_t now_ms) {
  std::vector<Bucket> kept;
  kept.reserve(buckets.size());
  for (Bucket& b : buckets) {
    const uint32_t width = RetainedWidth(b.start_s, b.width_s, now_ms);
    if (width == 0) continue;
    if (width != b.width_s) {
      b.start_s = FloorTo(b.start_s, width);
      b.width_s = width;
    }
    kept.push_back(std::move(b));
  }
  std::stable_sort(kept.begin(), kept.end(), [](const Bucket& a, const Bucket& b) {
    return a.start_s != b.start_s ? a.start_s < b.start_s : a.unit < b.unit;
  });
  std::vector<Bucket> merged;
  for (Bucket& b : kept) {
    if (!merged.empty() && merged.back().start_s == b.start_s && merged.back().unit == b.unit) {
      merged.back().width_s = std::max(merged.back().width_s, b.width_s);
      merged.back().agg.Merge(b.agg);
    } else {
      merged.push_back(std::move(b));
    }
  }
  buckets = std::move(merged);
}

void SeriesTable::Rollup(int64_t now_ms) {
  for (Shard& shard : shards_) {
    std::lock_guard lock(shard.mu);
    for (auto it = shard.series.begin(); it != shard.series.end();) {
      Series& s = *it->second;
      if (NeedsRollup(s, now_ms) || Fragmented(s)) {
        std::vector<Bucket> buckets = TakeAll(s);
        RollUp(buckets, now_ms);
        Rebuild(s, std::move(buckets), now_ms);
      } else {
        Seal(s, now_ms);  // a series that went quiet seals its head too
      }
      // A metric with no data left is forgotten (ListMetrics stops listing it after 2 weeks).
      if (s.chunks.empty() && s.head.empty() && now_ms - s.last_seen_ms > 15 * kDay * 1000) {
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

SeriesTable::Footprint SeriesTable::footprint() const {
  Footprint f;
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mu);
    for (const auto& [canonical, s] : shard.series) {
      f.head_buckets += s->head.size();
      f.chunks += s->chunks.size();
      for (const BucketChunk& c : s->chunks) {
        f.sealed_buckets += c.count();
        f.bytes += c.memory_bytes();
      }
      f.bytes += s->head.capacity() * sizeof(Bucket);
      for (const Bucket& b : s->head) f.bytes += b.agg.samples.distinct() * 16;
    }
  }
  return f;
}

void SeriesTable::Encode(std::string& out) const {
  std::vector<SealedBucket> buckets;
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
      buckets.clear();
      for (const BucketChunk& c : s->chunks) {
        SealedBucket b;
        for (BucketChunk::Reader r(c); r.Next(b);) buckets.push_back(std::move(b));
      }
      for (const Bucket& h : s->head) {
        SealedBucket b{h.start_s, h.width_s, h.unit, IsSingle(h.agg), h.agg.stats.min, {}};
        if (!b.single) b.agg = h.agg;
        buckets.push_back(std::move(b));
      }
      EncodeSnapshotBuckets(buckets, out);
    }
  }
}

Status SeriesTable::DecodeInto(std::string_view bytes, int format) {
  ByteReader r{bytes};
  const Error damaged{"InternalFailure", "damaged metric snapshot", 500};
  std::vector<SealedBucket> buckets;
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
    buckets.clear();
    if (!DecodeSnapshotBuckets(r, format, buckets) || !r.ok) return damaged;
    // All sealed but the newest; the store's Rollup after loading opens the head it needs.
    for (size_t i = 0; i + 1 < buckets.size(); ++i) OpenChunk(series->chunks).Append(buckets[i]);
    if (!buckets.empty()) {
      SealedBucket& last = buckets.back();
      series->head.push_back(Bucket{last.start_s, last.width_s, last.unit, last.TakeAggregate()});
    }
    std::string canonical = series->key.Canonical();
    Shard& shard = ShardOf(canonical);
    std::lock_guard lock(shard.mu);
    shard.series[canonical] = std::move(series);
  }
  return Ok();
}

}  // namespace berth::services::monitoring
