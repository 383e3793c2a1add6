// OCI image manifests and indexes, Docker schema 2 manifests and lists. Input:
// "<declared media type>\n<manifest bytes>" (an empty first line: no Content-Type).

#include "fuzz/fuzz_input.h"
#include "services/ecr/model/manifest.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace berth;
  auto [declared, bytes] = fuzz::SplitOnce(fuzz::AsText(data, size));
  auto manifest = services::ecr::ParseManifest(bytes, declared);
  if (!manifest.ok()) return 0;
  if (!services::ecr::IsSupportedManifestType(manifest->media_type)) {
    fuzz::Fail("a manifest accepted with an unsupported media type");
  }
  uint64_t sum = 0;
  for (const auto& layer : manifest->layers) sum += layer.size;
  if (sum != manifest->layers_size) fuzz::Fail("layers_size is not the sum of layer sizes");
  return 0;
}
