#include <charconv>

#include "services/registry/endpoints.h"
#include "services/registry/oci_error_codes.h"
#include "store/blob_store.h"

namespace berth::services::registry {
namespace {

struct ByteRange {
  uint64_t first = 0;
  uint64_t last = 0;  // inclusive
};

bool ParseNumber(std::string_view s, uint64_t& out) {
  if (s.empty()) return false;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size();
}

// One range of a `Range: bytes=…` header (RFC 9110 14.1.2) over a body of `size` bytes.
// nullopt with *satisfiable = true: no usable range (serve the whole body, as RFC 9110 lets a
// server ignore what it does not understand); with *satisfiable = false: 416.
std::optional<ByteRange> ParseRange(std::string_view header, uint64_t size, bool* satisfiable) {
  *satisfiable = true;
  constexpr std::string_view kBytes = "bytes=";
  if (header.substr(0, kBytes.size()) != kBytes) return std::nullopt;
  std::string_view spec = header.substr(kBytes.size());
  if (spec.find(',') != std::string_view::npos) return std::nullopt;  // one range only
  const auto dash = spec.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  const std::string_view first = spec.substr(0, dash), last = spec.substr(dash + 1);
  ByteRange range;
  if (first.empty()) {  // suffix: the last N bytes
    uint64_t n = 0;
    if (!ParseNumber(last, n)) return std::nullopt;
    if (n == 0 || size == 0) {
      *satisfiable = false;
      return std::nullopt;
    }
    range.first = n >= size ? 0 : size - n;
    range.last = size - 1;
    return range;
  }
  if (!ParseNumber(first, range.first)) return std::nullopt;
  if (last.empty()) {
    range.last = size == 0 ? 0 : size - 1;
  } else if (!ParseNumber(last, range.last) || range.last < range.first) {
    return std::nullopt;
  }
  if (range.first >= size) {
    *satisfiable = false;
    return std::nullopt;
  }
  if (range.last >= size) range.last = size - 1;
  return range;
}

}  // namespace

Result<Response> GetBlob(EcrService& s, RegistryCall& call) {
  const std::string& digest = call.route.reference;
  if (!store::IsValidDigest(digest)) return oci::DigestInvalid("invalid digest '" + digest + "'");
  BERTH_ASSIGN_OR_RETURN(auto layer, s.store().FindLayer(call.repo.id, digest));
  if (!layer) {
    // Manifests are blobs of the repository too (the spec lets clients read them so).
    BERTH_ASSIGN_OR_RETURN(auto image, s.store().FindImageByDigest(call.repo.id, digest));
    if (!image) return oci::BlobUnknown();
  }
  auto file = s.blobs().Locate(digest);
  if (!file.ok()) return oci::BlobUnknown();
  Response response;
  response.SetHeader("Content-Type", "application/octet-stream");
  response.SetHeader("Docker-Content-Digest", digest);
  response.SetHeader("Accept-Ranges", "bytes");
  response.SetHeader("Cache-Control", "max-age=31536000");
  const uint64_t size = file->length;
  if (const std::string* header = call.head().Find("range")) {
    bool satisfiable = true;
    auto range = ParseRange(*header, size, &satisfiable);
    if (!satisfiable) {
      Response refused;
      refused.status = 416;
      refused.SetHeader("Content-Range", "bytes */" + std::to_string(size));
      return refused;
    }
    if (range) {
      response.status = 206;
      response.SetHeader("Content-Range", "bytes " + std::to_string(range->first) + "-" +
                                              std::to_string(range->last) + "/" +
                                              std::to_string(size));
      file->offset = range->first;
      file->length = range->last - range->first + 1;
    }
  }
  response.file = *file;
  return response;
}

}  // namespace berth::services::registry
