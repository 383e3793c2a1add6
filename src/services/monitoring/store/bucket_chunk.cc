#include "services/monitoring/store/bucket_chunk.h"

#include <algorithm>

#include "services/monitoring/store/decimal_value.h"

namespace berth::services::monitoring {
namespace {

// The header byte: bit 0 the start delta repeats, bit 1 width and unit repeat, bits 2–3 the
// kind, bits 4–7 a single value's zigzag delta when under 15 (15: a varint follows).
constexpr uint8_t kSameDelta = 1;
constexpr uint8_t kSameShape = 2;
enum Kind : uint8_t { kSingle = 0, kSingleNewDecimals = 1, kSingleRaw = 2, kFull = 3 };
constexpr uint64_t kInlineDelta = 15;

}  // namespace

Aggregate SealedBucket::TakeAggregate() {
  if (!single) return std::move(agg);
  Aggregate a;
  a.stats = StatSet{1, value, value, value};
  a.samples.Restore({{value, 1.0}}, false, true);
  return a;
}

bool IsSingle(const Aggregate& agg) {
  const StatSet& s = agg.stats;
  if (s.count != 1 || !SameBits(s.sum, s.min) || !SameBits(s.min, s.max)) return false;
  if (!agg.samples.usable() || agg.samples.approximate()) return false;
  const auto& values = agg.samples.sorted();
  return values.size() == 1 && SameBits(values[0].first, s.min) && values[0].second == 1;
}

void EncodeAggregate(const Aggregate& agg, std::string& out) {
  PutF64(out, agg.stats.count);
  PutF64(out, agg.stats.sum);
  PutF64(out, agg.stats.min);
  PutF64(out, agg.stats.max);
  const bool usable = agg.samples.usable();
  out.push_back(static_cast<char>((usable ? 1 : 0) | (agg.samples.approximate() ? 2 : 0)));
  const auto& values = agg.samples.sorted();
  PutVarint(out, values.size());
  for (const auto& [value, count] : values) {
    PutF64(out, value);
    PutF64(out, count);
  }
}

bool DecodeAggregate(ByteReader& r, Aggregate& agg, bool with_samples) {
  agg.stats.count = r.F64();
  agg.stats.sum = r.F64();
  agg.stats.min = r.F64();
  agg.stats.max = r.F64();
  const uint8_t flags = r.U8();
  const uint64_t values = r.Varint();
  if (!r.ok || values > r.in.size() / 16) return false;
  std::vector<std::pair<double, double>> samples;
  if (with_samples) {
    samples.resize(values);
    for (auto& [value, count] : samples) {
      value = r.F64();
      count = r.F64();
    }
  } else {
    r.in.remove_prefix(values * 16);
  }
  agg.samples.Restore(std::move(samples), flags & 2, flags & 1);
  return r.ok;
}

void BucketChunk::Append(int64_t start_s, uint32_t width_s, UnitId unit, const Aggregate& agg) {
  if (IsSingle(agg)) {
    Put(start_s, width_s, unit, nullptr, agg.stats.min);
  } else {
    Put(start_s, width_s, unit, &agg, 0);
  }
}

void BucketChunk::Append(const SealedBucket& b) {
  if (b.single) {
    Put(b.start_s, b.width_s, b.unit, nullptr, b.value);
  } else {
    Append(b.start_s, b.width_s, b.unit, b.agg);
  }
}

void BucketChunk::Put(int64_t start_s, uint32_t width_s, UnitId unit, const Aggregate* full,
                      double value) {
  thread_local std::string out;
  out.clear();
  out.push_back(0);
  uint8_t header = 0;
  const int64_t delta = start_s - start_;
  if (count_ > 0 && delta == delta_) {
    header |= kSameDelta;
  } else {
    PutVarint(out, ZigZag(delta));
  }
  if (count_ > 0 && width_s == width_ && unit == unit_) {
    header |= kSameShape;
  } else {
    PutVarint(out, width_s);
    out.push_back(static_cast<char>(unit));
  }
  if (full != nullptr) {
    header |= kFull << 2;
    EncodeAggregate(*full, out);
  } else {
    const DecimalForm form = DecimalFormOf(value);
    if (form.k == kRawValue) {
      header |= kSingleRaw << 2;
      PutF64(out, value);
      scaled_k_ = kRawValue;
    } else {
      if (form.k != decimals_) {
        header |= kSingleNewDecimals << 2;
        out.push_back(static_cast<char>(form.k));
        decimals_ = form.k;
      }
      // The previous value's scaled form is at hand when it had the same decimals.
      const int64_t prev = form.k == scaled_k_ ? scaled_ : Scaled(value_, form.k);
      const uint64_t z = ZigZag(form.n - prev);
      if (z < kInlineDelta) {
        header |= static_cast<uint8_t>(z << 4);
      } else {
        header |= kInlineDelta << 4;
        PutVarint(out, z);
      }
      scaled_ = form.n;
      scaled_k_ = form.k;
    }
    value_ = value;
  }
  out[0] = static_cast<char>(header);
  AppendBytes(out);
  if (count_ == 0) {
    first_start_ = start_s;
    first_unit_ = unit;
  }
  start_ = start_s;
  delta_ = delta;
  width_ = width_s;
  unit_ = unit;
  min_width_ = std::min(min_width_, width_s);
  ++count_;
}

void BucketChunk::AppendBytes(const std::string& encoded) {
  // Grown by a quarter, not doubled: an open chunk's spare capacity is memory every series pays.
  if (bytes_.size() + encoded.size() > bytes_.capacity())
    bytes_.reserve(bytes_.size() + encoded.size() + 16 + bytes_.size() / 4);
  bytes_.insert(bytes_.end(), encoded.begin(), encoded.end());
}

BucketChunk::Reader::Reader(const BucketChunk& chunk, bool with_samples)
    : in_{std::string_view(reinterpret_cast<const char*>(chunk.bytes_.data()),
                           chunk.bytes_.size())},
      with_samples_(with_samples),
      left_(chunk.count_) {}

bool BucketChunk::Reader::Next(SealedBucket& b) {
  if (left_ == 0) return false;
  --left_;
  const uint8_t header = in_.U8();
  if (!(header & kSameDelta)) delta_ = UnZigZag(in_.Varint());
  start_ += delta_;
  if (!(header & kSameShape)) {
    width_ = static_cast<uint32_t>(in_.Varint());
    unit_ = in_.U8();
  }
  b.start_s = start_;
  b.width_s = width_;
  b.unit = unit_;
  const uint8_t kind = (header >> 2) & 3;
  if (kind == kFull) {
    b.single = false;
    DecodeAggregate(in_, b.agg, with_samples_);
    return in_.ok;
  }
  b.single = true;
  if (kind == kSingleRaw) {
    value_ = in_.F64();
    scaled_k_ = kRawValue;
  } else {
    if (kind == kSingleNewDecimals) decimals_ = in_.U8();
    uint64_t z = header >> 4;
    if (z == kInlineDelta) z = in_.Varint();
    if (decimals_ > 6) return false;  // never written so: damage
    const int64_t prev = decimals_ == scaled_k_ ? scaled_ : Scaled(value_, decimals_);
    scaled_ = prev + UnZigZag(z);
    scaled_k_ = decimals_;
    value_ = static_cast<double>(scaled_) / kPow10[decimals_];
  }
  b.value = value_;
  return in_.ok;
}

}  // namespace berth::services::monitoring
