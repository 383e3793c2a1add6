#include "services/monitoring/store/batch_codec.h"

#include <lz4.h>

#include <cstring>

#include "core/byte_codec.h"

namespace berth::services::monitoring {
namespace {

constexpr uint8_t kHighResolution = 1;
constexpr uint8_t kStatisticSet = 2;

}  // namespace

void EncodeBatch(const PutMetricDataInput& batch, std::string& out) {
  PutStr(out, batch.ns);
  PutVarint(out, batch.data.size());
  for (const Datum& d : batch.data) {
    PutStr(out, d.metric_name);
    PutVarint(out, d.dimensions.size());
    for (const Dimension& dim : d.dimensions) {
      PutStr(out, dim.name);
      PutStr(out, dim.value);
    }
    PutVarint(out, static_cast<uint64_t>(d.time_ms));
    out.push_back(static_cast<char>(d.unit));
    out.push_back(static_cast<char>((d.high_resolution ? kHighResolution : 0) |
                                    (d.statistic_values ? kStatisticSet : 0)));
    if (d.statistic_values) {
      PutF64(out, d.statistic_values->count);
      PutF64(out, d.statistic_values->sum);
      PutF64(out, d.statistic_values->min);
      PutF64(out, d.statistic_values->max);
    }
    PutVarint(out, d.values.size());
    for (const auto& [value, count] : d.values) {
      PutF64(out, value);
      PutF64(out, count);
    }
  }
}

Result<PutMetricDataInput> DecodeBatch(std::string_view bytes) {
  ByteReader r{bytes};
  PutMetricDataInput batch;
  batch.ns = r.Str();
  const uint64_t n = r.Varint();
  // Every datum takes at least 5 bytes: a count beyond that is damage.
  if (!r.ok || n > r.in.size()) return Error{"InternalFailure", "damaged metric batch", 500};
  batch.data.resize(n);
  for (Datum& d : batch.data) {
    d.metric_name = r.Str();
    const uint64_t dims = r.Varint();
    if (!r.ok || dims > r.in.size()) {
      r.ok = false;
      break;
    }
    d.dimensions.resize(dims);
    for (Dimension& dim : d.dimensions) {
      dim.name = r.Str();
      dim.value = r.Str();
    }
    d.time_ms = static_cast<int64_t>(r.Varint());
    d.unit = r.U8();
    const uint8_t flags = r.U8();
    d.high_resolution = flags & kHighResolution;
    if (flags & kStatisticSet) {
      StatSet s;
      s.count = r.F64();
      s.sum = r.F64();
      s.min = r.F64();
      s.max = r.F64();
      d.statistic_values = s;
    }
    const uint64_t values = r.Varint();
    if (!r.ok || values > r.in.size() / 16) {
      r.ok = false;
      break;
    }
    d.values.resize(values);
    for (auto& [value, count] : d.values) {
      value = r.F64();
      count = r.F64();
    }
    if (!r.ok) break;
  }
  if (!r.ok || !r.in.empty()) return Error{"InternalFailure", "damaged metric batch", 500};
  return batch;
}

std::string EncodeJournalRecord(const PutMetricDataInput& batch) {
  // Reused by every batch encoded on this thread: no reallocation as a batch's bytes grow.
  thread_local std::string plain;
  plain.clear();
  EncodeBatch(batch, plain);
  std::string out(5 + LZ4_compressBound(static_cast<int>(plain.size())), '\0');
  const int n = LZ4_compress_default(plain.data(), out.data() + 5, static_cast<int>(plain.size()),
                                     static_cast<int>(out.size() - 5));
  if (n <= 0 || static_cast<size_t>(n) >= plain.size()) {
    out.assign(1, '\0');
    out.append(plain);
    return out;
  }
  out[0] = 1;
  const uint32_t size = static_cast<uint32_t>(plain.size());
  std::memcpy(out.data() + 1, &size, 4);
  out.resize(5 + static_cast<size_t>(n));
  return out;
}

Result<PutMetricDataInput> DecodeJournalRecord(std::string_view record) {
  const Error damaged{"InternalFailure", "damaged metric batch", 500};
  if (record.empty()) return damaged;
  if (record[0] == 0) return DecodeBatch(record.substr(1));
  if (record[0] != 1 || record.size() < 5) return damaged;
  uint32_t size;
  std::memcpy(&size, record.data() + 1, 4);
  if (size > (64u << 20)) return damaged;
  std::string plain(size, '\0');
  const int n = LZ4_decompress_safe(record.data() + 5, plain.data(),
                                    static_cast<int>(record.size() - 5), static_cast<int>(size));
  if (n != static_cast<int>(size)) return damaged;
  return DecodeBatch(plain);
}

}  // namespace berth::services::monitoring
