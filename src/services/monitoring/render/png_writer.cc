#include "services/monitoring/render/png_writer.h"

#include <isa-l/crc.h>
#include <isa-l/igzip_lib.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace berth::services::monitoring::render {
namespace {

Error EncodeFailed() { return Error{"InternalFailure", "The graph could not be encoded.", 500}; }

void PutBigEndian(std::string& out, uint32_t v) {
  const char b[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16),
                     static_cast<char>(v >> 8), static_cast<char>(v)};
  out.append(b, 4);
}

// A PNG chunk whose data already sits at out[at + 8 ..]: fills in its length and type in front
// (reserved by BeginChunk) and appends its CRC (of type and data: the gzip CRC-32).
size_t BeginChunk(std::string& out, std::string_view type) {
  const size_t at = out.size();
  out.append(4, '\0');
  out.append(type);
  return at;
}
void EndChunk(std::string& out, size_t at) {
  const size_t length = out.size() - at - 8;
  for (int i = 0; i < 4; ++i) out[at + i] = static_cast<char>(length >> (24 - 8 * i));
  PutBigEndian(out, crc32_gzip_refl(0, reinterpret_cast<const unsigned char*>(out.data()) + at + 4,
                                    length + 4));
}

// One scanline as PNG compresses it: a filter byte (0, none), then RGB.
void Scanline(const unsigned char* pixels, int width, uint8_t* dst) {
  *dst++ = 0;
  // Cairo's pixels are native-endian 0xAARRGGBB words.
  const auto* src = reinterpret_cast<const uint32_t*>(pixels);
  for (int x = 0; x < width; ++x) {
    *dst++ = static_cast<uint8_t>(src[x] >> 16);
    *dst++ = static_cast<uint8_t>(src[x] >> 8);
    *dst++ = static_cast<uint8_t>(src[x]);
  }
}

}  // namespace

Result<std::string> EncodePng(cairo_surface_t* surface) {
  cairo_surface_flush(surface);
  const int width = cairo_image_surface_get_width(surface);
  const int height = cairo_image_surface_get_height(surface);
  const int stride = cairo_image_surface_get_stride(surface);
  const unsigned char* pixels = cairo_image_surface_get_data(surface);
  if (pixels == nullptr || width < 1 || height < 1) return EncodeFailed();

  std::string out("\x89PNG\r\n\x1a\n", 8);
  size_t chunk = BeginChunk(out, "IHDR");
  PutBigEndian(out, static_cast<uint32_t>(width));
  PutBigEndian(out, static_cast<uint32_t>(height));
  out.append("\x08\x02\x00\x00\x00", 5);  // 8 bits, RGB, deflate, adaptive filters, no interlace
  EndChunk(out, chunk);

  // One IDAT chunk holding the whole zlib stream, compressed straight into `out`.
  chunk = BeginChunk(out, "IDAT");
  isal_zstream z;
  isal_deflate_init(&z);
  auto level_buf = std::make_unique<uint8_t[]>(ISAL_DEF_LVL1_DEFAULT);
  z.level = 1;
  z.level_buf = level_buf.get();
  z.level_buf_size = ISAL_DEF_LVL1_DEFAULT;
  z.gzip_flag = IGZIP_ZLIB;
  z.flush = NO_FLUSH;
  // Rows go to igzip in batches of about 64 KiB: a call per row costs a fifth more.
  const size_t row_bytes = static_cast<size_t>(width) * 3 + 1;
  const int batch = std::max<int>(1, 65536 / row_bytes);
  std::vector<uint8_t> rows(row_bytes * batch);
  size_t written = out.size();
  out.resize(written + row_bytes * height / 8 + 4096);
  for (int y = 0; y < height; y += batch) {
    const int n = std::min(batch, height - y);
    for (int k = 0; k < n; ++k)
      Scanline(pixels + static_cast<size_t>(y + k) * stride, width, rows.data() + k * row_bytes);
    z.next_in = rows.data();
    z.avail_in = static_cast<uint32_t>(row_bytes * n);
    z.end_of_stream = y + n == height;
    // Until the rows are taken (and, after the last, the stream is ended), growing `out` as needed.
    while (z.avail_in > 0 || (z.end_of_stream && z.internal_state.state != ZSTATE_END)) {
      if (out.size() - written < 1024) out.resize(out.size() * 2);
      z.next_out = reinterpret_cast<uint8_t*>(out.data()) + written;
      z.avail_out = static_cast<uint32_t>(out.size() - written);
      if (isal_deflate(&z) != COMP_OK) return EncodeFailed();
      written = out.size() - z.avail_out;
    }
  }
  out.resize(written);
  EndChunk(out, chunk);
  EndChunk(out, BeginChunk(out, "IEND"));
  return out;
}

}  // namespace berth::services::monitoring::render
