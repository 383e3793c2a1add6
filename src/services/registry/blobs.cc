#include "services/registry/endpoints.h"
#include "services/registry/oci_error_codes.h"
#include "services/registry/ranges.h"
#include "store/blob_store.h"

namespace berth::services::registry {

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
