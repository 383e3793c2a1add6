#pragma once
// A run of a series' buckets, sealed into bytes: how the series table keeps everything but each
// series' newest buckets in memory (series_table.h).
//
// A bucket (one resolution step of one unit of one series) is a header byte then only what
// differs from the bucket before it (Gorilla's idea, on berth's buckets): the start as a delta
// (nothing when it repeats the previous delta, as a regular series' does), width and unit only
// when they change, and the data. A bucket holding one datum of one value — most buckets of a
// regular series — is that value as a zigzag delta from the previous value scaled by 10^k, k the
// fewest decimals (0..6) with which it is exact (values sent as decimal text are), a small delta
// inside the header byte itself; a value with no short decimal form is its 8 bytes; any other
// bucket (several values, a statistic set, percentiles unusable or approximate) is written whole.
// Every bucket comes back bit for bit. A random walk in tenths costs 1 byte a bucket, noise over
// 0.0–100.0 about 3 (bench/metric_store.cc), where a bucket in memory costs ~130.
//
// Appending is cheap (the encoder's state is kept at the end); reading decodes from the start.
// Not thread-safe: the series table's shard lock guards it.

#include <cstdint>
#include <string>
#include <vector>

#include "core/byte_codec.h"
#include "services/monitoring/model/statistics.h"
#include "services/monitoring/model/types.h"

namespace berth::services::monitoring {

// One bucket as it was sealed. `single`: it held one datum of one value, `value` (its statistic
// set is {1, value, value, value} and its samples {(value, 1)}), and `agg` is left empty;
// otherwise `agg` is the bucket's aggregate (its samples sorted).
struct SealedBucket {
  int64_t start_s = 0;
  uint32_t width_s = 0;
  UnitId unit = kNoneUnit;
  bool single = false;
  double value = 0;
  Aggregate agg;

  // The aggregate a single bucket stands for (`agg` otherwise).
  Aggregate TakeAggregate();
};

// A bucket's aggregate is one value seen once, exactly (so a SealedBucket can be single).
bool IsSingle(const Aggregate& agg);

// The aggregate in full (statistic set, sample flags, sorted samples), and back; DecodeAggregate
// skips the samples when `with_samples` is false. Shared with the snapshot's encoding.
void EncodeAggregate(const Aggregate& agg, std::string& out);
bool DecodeAggregate(ByteReader& r, Aggregate& agg, bool with_samples = true);

class BucketChunk {
 public:
  // Appends a bucket that sorts after every bucket in the chunk, by (start, unit).
  void Append(int64_t start_s, uint32_t width_s, UnitId unit, const Aggregate& agg);
  void Append(const SealedBucket& b);
  // No more appends are expected: gives back the spare capacity.
  void Close() { bytes_.shrink_to_fit(); }

  // Reads the buckets in order. `with_samples` false: full buckets come without their samples.
  class Reader {
   public:
    explicit Reader(const BucketChunk& chunk, bool with_samples = true);
    bool Next(SealedBucket& b);

   private:
    ByteReader in_;
    bool with_samples_;
    size_t left_;
    int64_t start_ = 0, delta_ = 0;
    uint32_t width_ = 0;
    UnitId unit_ = kNoneUnit;
    uint8_t decimals_ = 0xfe, scaled_k_ = 0xfe;
    double value_ = 0;
    int64_t scaled_ = 0;  // value_ as an integer of scaled_k_ decimals (kept, not recomputed)
  };

  size_t count() const { return count_; }
  bool empty() const { return count_ == 0; }
  int64_t first_start_s() const { return first_start_; }
  UnitId first_unit() const { return first_unit_; }
  int64_t last_start_s() const { return start_; }
  uint32_t last_width_s() const { return width_; }
  UnitId last_unit() const { return unit_; }
  uint32_t min_width_s() const { return min_width_; }
  size_t memory_bytes() const { return sizeof *this + bytes_.capacity(); }

 private:
  // `full` null: a single bucket of `value`.
  void Put(int64_t start_s, uint32_t width_s, UnitId unit, const Aggregate* full, double value);
  void AppendBytes(const std::string& encoded);

  std::vector<uint8_t> bytes_;
  // The encoder's state after the last bucket (the reader's starts from zeros).
  int64_t start_ = 0, delta_ = 0;
  double value_ = 0;
  int64_t scaled_ = 0;  // as the Reader's
  int64_t first_start_ = 0;
  uint32_t width_ = 0, min_width_ = UINT32_MAX, count_ = 0;
  UnitId unit_ = kNoneUnit, first_unit_ = kNoneUnit;
  uint8_t decimals_ = 0xfe, scaled_k_ = 0xfe;
};

}  // namespace berth::services::monitoring
