#include "services/monitoring/store/series_snapshot.h"

#include "services/monitoring/store/decimal_value.h"

namespace berth::services::monitoring {
namespace {

bool DecodeFormatOne(ByteReader& r, std::vector<SealedBucket>& buckets) {
  const uint64_t n = r.Varint();
  if (!r.ok || n > r.in.size()) return false;
  buckets.resize(n);
  for (SealedBucket& b : buckets) {
    b.start_s = UnZigZag(r.Varint());
    b.width_s = static_cast<uint32_t>(r.Varint());
    b.unit = r.U8();
    if (!DecodeAggregate(r, b.agg)) return false;
  }
  return r.ok;
}

}  // namespace

void EncodeSnapshotBuckets(const std::vector<SealedBucket>& buckets, std::string& out) {
  PutVarint(out, buckets.size());
  int64_t prev_start = 0;
  for (const SealedBucket& b : buckets) {
    PutVarint(out, ZigZag(b.start_s - prev_start));
    prev_start = b.start_s;
  }
  for (const SealedBucket& b : buckets) PutVarint(out, b.width_s);
  for (const SealedBucket& b : buckets) out.push_back(static_cast<char>(b.unit));
  for (const SealedBucket& b : buckets) out.push_back(b.single ? 0 : 1);
  for (const SealedBucket& b : buckets)
    if (b.single) out.push_back(static_cast<char>(DecimalsOf(b.value)));
  double prev = 0;
  for (const SealedBucket& b : buckets) {
    if (!b.single) continue;
    const uint8_t k = DecimalsOf(b.value);
    if (k == kRawValue) {
      PutF64(out, b.value);
    } else {
      PutVarint(out, ZigZag(Scaled(b.value, k) - Scaled(prev, k)));
    }
    prev = b.value;
  }
  for (const SealedBucket& b : buckets)
    if (!b.single) EncodeAggregate(b.agg, out);
}

bool DecodeSnapshotBuckets(ByteReader& r, int format, std::vector<SealedBucket>& buckets) {
  if (format < 2) return DecodeFormatOne(r, buckets);
  const uint64_t n = r.Varint();
  if (!r.ok || n > r.in.size()) return false;
  buckets.resize(n);
  int64_t start = 0;
  for (SealedBucket& b : buckets) b.start_s = start += UnZigZag(r.Varint());
  for (SealedBucket& b : buckets) b.width_s = static_cast<uint32_t>(r.Varint());
  for (SealedBucket& b : buckets) b.unit = r.U8();
  for (SealedBucket& b : buckets) b.single = r.U8() == 0;
  std::vector<uint8_t> decimals;
  for (const SealedBucket& b : buckets) {
    if (!b.single) continue;
    const uint8_t k = r.U8();
    if (k > 6 && k != kRawValue) return false;
    decimals.push_back(k);
  }
  double prev = 0;
  size_t single = 0;
  for (SealedBucket& b : buckets) {
    if (!b.single || !r.ok) continue;
    const uint8_t k = decimals[single++];
    b.value = k == kRawValue ? r.F64() : FromScaledDelta(prev, k, UnZigZag(r.Varint()));
    prev = b.value;
  }
  for (SealedBucket& b : buckets)
    if (!b.single && !DecodeAggregate(r, b.agg)) return false;
  return r.ok;
}

}  // namespace berth::services::monitoring
