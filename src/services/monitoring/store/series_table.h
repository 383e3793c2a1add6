#pragma once
// Every metric's data in memory: a dictionary of series (sharded by the metric's hash, one
// mutex per shard, so ingest on several threads rarely meets), and per series its buckets in
// time order. A bucket is one resolution step of one unit: count/sum/min/max plus the samples
// (model/statistics.h). Data arrives into 1-second buckets (StorageResolution 1) or 60-second
// ones, and Rollup merges buckets as AWS's retention schedule says: 1 s kept 3 hours, then
// 60 s to 15 days, 300 s to 63 days, 3600 s to 455 days, then dropped.
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

#include "core/byte_codec.h"
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

  // Everything, in the snapshot form (DecodeInto reads it back into an empty table). Format 2
  // stores each series' buckets column by column (see EncodeBuckets); DecodeInto still reads
  // format 1 (a bucket after another, every field in full), which older snapshots hold.
  void Encode(std::string& out) const;
  Status DecodeInto(std::string_view bytes, int format = 2);

  size_t series_count() const;

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
    std::vector<Bucket> buckets;  // sorted by (start_s, unit)
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

  static void AddTo(Series& s, const Datum& d);
  static void EncodeBuckets(const std::vector<Bucket>& buckets, std::string& out);
  static bool DecodeBuckets(ByteReader& r, std::vector<Bucket>& buckets);
  static void EncodeFullBucket(const Bucket& b, std::string& out, bool with_position);
  static bool DecodeFullBucket(ByteReader& r, Bucket& b, bool with_position);
  Shard& ShardOf(std::string_view canonical);
  const Shard& ShardOf(std::string_view canonical) const;

  std::array<Shard, kShards> shards_;
};

// The width a bucket starting at `start_s` has once `now_ms` makes it that old (0: dropped).
uint32_t RetainedWidth(int64_t start_s, uint32_t width_s, int64_t now_ms);

}  // namespace berth::services::monitoring
