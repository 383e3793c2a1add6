#pragma once
// The console's files as the build embedded them (cmake/embed_console.cmake generates the .cc
// from console/): each gzip-compressed, with its URL, content type and SHA-256.

#include <cstdint>
#include <span>
#include <string_view>

namespace berth::app::console {

struct EmbeddedAsset {
  std::string_view url;           // "/console/a/<tree hash>/app.mjs", or "/console/index.html"
  std::string_view content_type;  // "text/javascript; charset=utf-8"
  std::string_view gzip;          // the file, gzip -9
  std::string_view sha256_hex;    // of the uncompressed file: its strong ETag
  uint64_t size;                  // uncompressed bytes
};

// Where every asset but index.html lives: "/console/a/<tree hash>/".
std::string_view AssetBase();
std::span<const EmbeddedAsset> EmbeddedAssets();

}  // namespace berth::app::console
