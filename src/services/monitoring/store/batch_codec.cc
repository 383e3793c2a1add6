#include "services/monitoring/store/batch_codec.h"

#include <lz4.h>

#include <cstring>

namespace berth::services::monitoring {
namespace {

constexpr uint8_t kHighResolution = 1;
constexpr uint8_t kStatisticSet = 2;

void Varint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

void Str(std::string& out, std::string_view s) {
  Varint(out, s.size());
  out.append(s);
}

void F64(std::string& out, double v) {
  char b[8];
  std::memcpy(b, &v, 8);
  out.append(b, 8);
}

struct Reader {
  std::string_view in;
  bool ok = true;

  uint64_t Varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (in.empty()) break;
      const uint8_t b = static_cast<uint8_t>(in[0]);
      in.remove_prefix(1);
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) return v;
    }
    ok = false;
    return 0;
  }
  std::string Str() {
    const uint64_t n = Varint();
    if (!ok || n > in.size()) {
      ok = false;
      return {};
    }
    std::string s(in.substr(0, n));
    in.remove_prefix(n);
    return s;
  }
  double F64() {
    if (in.size() < 8) {
      ok = false;
      return 0;
    }
    double v;
    std::memcpy(&v, in.data(), 8);
    in.remove_prefix(8);
    return v;
  }
  uint8_t U8() {
    if (in.empty()) {
      ok = false;
      return 0;
    }
    const uint8_t v = static_cast<uint8_t>(in[0]);
    in.remove_prefix(1);
    return v;
  }
};

}  // namespace

void EncodeBatch(const PutMetricDataInput& batch, std::string& out) {
  Str(out, batch.ns);
  Varint(out, batch.data.size());
  for (const Datum& d : batch.data) {
    Str(out, d.metric_name);
    Varint(out, d.dimensions.size());
    for (const Dimension& dim : d.dimensions) {
      Str(out, dim.name);
      Str(out, dim.value);
    }
    Varint(out, static_cast<uint64_t>(d.time_ms));
    out.push_back(static_cast<char>(d.unit));
    out.push_back(static_cast<char>((d.high_resolution ? kHighResolution : 0) |
                                    (d.statistic_values ? kStatisticSet : 0)));
    if (d.statistic_values) {
      F64(out, d.statistic_values->count);
      F64(out, d.statistic_values->sum);
      F64(out, d.statistic_values->min);
      F64(out, d.statistic_values->max);
    }
    Varint(out, d.values.size());
    for (const auto& [value, count] : d.values) {
      F64(out, value);
      F64(out, count);
    }
  }
}

Result<PutMetricDataInput> DecodeBatch(std::string_view bytes) {
  Reader r{bytes};
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
  std::string plain;
  EncodeBatch(batch, plain);
  std::string out(5 + LZ4_compressBound(static_cast<int>(plain.size())), '\0');
  const int n = LZ4_compress_default(plain.data(), out.data() + 5, static_cast<int>(plain.size()),
                                     static_cast<int>(out.size() - 5));
  if (n <= 0 || static_cast<size_t>(n) >= plain.size()) {
    plain.insert(plain.begin(), '\0');
    return plain;
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
