#pragma once
// Every metric's data in memory: a dictionary of series (sharded by the metric's hash, one
// mutex per shard, so ingest on several threads rarely meets), and per series its buckets in
// time order. A bucket is one resolution step of one unit: count/sum/min/max plus the samples
// (model/statistics.h). Data arrives into 1-second buckets (StorageResolution 1) or 60-second
// ones, and Rollup merges buckets as AWS's retention schedule says: 1 s kept 3 hours, then
// 60 s to 15 days, 300 s to 63 days, 3600 s to 455 days, then dropped.
//
// A series keeps only its newest buckets open (the head: those that started less than
// kOpenWindowMs before the latest arrival, and always the newest one), as full aggregates that
// more data merges into; older ones are sealed into compressed chunks (bucket_chunk.h) of up to
// kChunkBuckets buckets, about 1–3 bytes a regular bucket instead of ~130, so memory grows with
// the series and only slowly with their history. Data older than a series' head (late, out of
// order) is merged into its chunk, which is rewritten; reads decode the chunks they overlap.
// Every answer is the one the buckets held whole would give, bit for bit.
//
// Thread-safe.

#include <boost/unordered/unordered_flat_map.hpp>

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "services/monitoring/store/bucket_chunk.h"
#include "services/monitoring/store/metric_store.h"

namespace berth::services::monitoring {

class SeriesTable {
 public:
  void Apply(const PutMetricDataInput& batch, int64_t arrival_ms);
  std::vector<SeriesInfo> List(const std::function<bool(const MetricKey&)>& keep,
                               int64_t seen_since_ms) const;
  std::vector<PeriodAggregate> Read(const MetricKey& key, std::optional<UnitId> unit,
                                    int64_t start_ms, int64_t end_ms, int64_t period_ms,
                                    bool with_samples = true) const;
  void Rollup(int64_t now_ms);

  // Everything, in the snapshot form (DecodeInto reads it back into an empty table): format 2
  // (series_snapshot.h); DecodeInto still reads format 1, which older snapshots hold.
  void Encode(std::string& out) const;
  Status DecodeInto(std::string_view bytes, int format = 2);

  size_t series_count() const;
  // What the series' data takes in memory: buckets held whole, chunks, their bytes.
  struct Footprint {
    size_t head_buckets = 0, sealed_buckets = 0, chunks = 0, bytes = 0;
  };
  Footprint footprint() const;

  static constexpr int64_t kOpenWindowMs = 120'000;
  static constexpr size_t kChunkBuckets = 240;

 private:
  struct Bucket {
    int64_t start_s;
    uint32_t width_s;
    UnitId unit;
    Aggregate agg;
  };
  struct Series {
    MetricKey key;
    int64_t last_seen_ms = 0;
    // Sorted by (start_s, unit) across both: every chunk's buckets before the head's.
    std::vector<BucketChunk> chunks;
    std::vector<Bucket> head;
  };
  // Looked up by a string_view of a reused buffer: ingest builds no key string per datum. An
  // open-addressing table: a lookup is one probe of a group of slots, where std::unordered_map's
  // was a division and two dependent cache misses (a fifth of ingest's CPU at 10,000 series).
  struct CanonicalHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  struct Shard {
    mutable std::mutex mu;
    boost::unordered_flat_map<std::string, std::unique_ptr<Series>, CanonicalHash,
                              std::equal_to<>>
        series;  // by Canonical()
  };
  static constexpr size_t kShards = 64;

  static void AddTo(Series& s, const Datum& d, int64_t arrival_ms);
  static void AddToBuckets(std::vector<Bucket>& buckets, int64_t start, uint32_t width,
                           const Datum& d);
  static void AddToChunk(Series& s, int64_t start, uint32_t width, const Datum& d);
  // Moves head buckets that started before `now_ms` - kOpenWindowMs, but the newest, to chunks.
  static void Seal(Series& s, int64_t now_ms);
  // The last chunk, or a new one when it is full.
  static BucketChunk& OpenChunk(std::vector<BucketChunk>& chunks);
  // Every bucket of the series whole, in order, its chunks emptied (then Rebuild).
  static std::vector<Bucket> TakeAll(Series& s);
  static void Rebuild(Series& s, std::vector<Bucket> buckets, int64_t now_ms);
  static bool NeedsRollup(const Series& s, int64_t now_ms);
  static bool Fragmented(const Series& s);
  static void RollUp(std::vector<Bucket>& buckets, int64_t now_ms);
  Shard& ShardOf(std::string_view canonical);
  const Shard& ShardOf(std::string_view canonical) const;

  std::array<Shard, kShards> shards_;
};

// The width a bucket starting at `start_s` has once `now_ms` makes it that old (0: dropped).
uint32_t RetainedWidth(int64_t start_s, uint32_t width_s, int64_t now_ms);

}  // namespace berth::services::monitoring
