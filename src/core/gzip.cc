#include "core/gzip.h"

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace berth::gzip {
namespace {

constexpr int kGzipWindowBits = 15 + 16;  // 15-bit window, gzip header and trailer

Error ZlibError(const char* what) { return Error{"InternalFailure", what, 500}; }

}  // namespace

Result<std::string> Compress(std::string_view bytes) {
  z_stream z{};
  // The fastest level: trail delivery compresses every recorded event as it is recorded (tens of
  // thousands a second under load); on CloudTrail's repetitive JSON level 1 still shrinks files
  // ~8x, at several times the speed of zlib's default level 6.
  if (deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, kGzipWindowBits, 8,
                   Z_DEFAULT_STRATEGY) != Z_OK) {
    return ZlibError("deflateInit2 failed");
  }
  std::string out(deflateBound(&z, static_cast<uLong>(bytes.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(bytes.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) return ZlibError("deflate failed");
  out.resize(z.total_out);
  return out;
}

Result<std::string> Decompress(std::string_view gz, size_t max_bytes) {
  z_stream z{};
  if (inflateInit2(&z, kGzipWindowBits) != Z_OK) return ZlibError("inflateInit2 failed");
  // Inflated straight into the result, sized once from the trailer's ISIZE (the input's length
  // mod 2^32) for a well-formed stream. Only a hint: capped by max_bytes and by deflate's
  // largest ratio (~1032:1), a lying one costs a resize, never a larger allocation.
  size_t size = 65536;
  if (gz.size() >= 18) {
    uint32_t isize;
    std::memcpy(&isize, gz.data() + gz.size() - 4, 4);
    size = std::max<size_t>(isize, 1);
  }
  const size_t cap = max_bytes < SIZE_MAX ? max_bytes + 1 : max_bytes;  // one byte over: "too large"
  size = std::min({size, cap, gz.size() * 1032 + 65536});
  std::string out(size, '\0');
  size_t produced = 0;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  z.avail_in = static_cast<uInt>(gz.size());
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    if (produced == out.size()) out.resize(std::min(out.size() * 2, cap));
    z.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
    z.avail_out = static_cast<uInt>(out.size() - produced);
    const uInt room = z.avail_out;
    rc = inflate(&z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&z);
      return Error{"InvalidGzip", "not a valid gzip stream", 400};
    }
    produced += room - z.avail_out;
    if (produced > max_bytes) {
      inflateEnd(&z);
      return Error{"InvalidGzip", "the decompressed data is too large", 400};
    }
    if (rc == Z_OK && z.avail_in == 0 && z.avail_out != 0) {
      inflateEnd(&z);
      return Error{"InvalidGzip", "the gzip stream is truncated", 400};
    }
  }
  inflateEnd(&z);
  out.resize(produced);
  return out;
}

}  // namespace berth::gzip
