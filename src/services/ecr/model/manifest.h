#pragma once
// Image manifests as ECR and the OCI registry accept them: OCI image manifest and index,
// Docker schema 2 manifest and manifest list. Parsing never throws.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace berth::services::ecr {

inline constexpr std::string_view kOciManifest = "application/vnd.oci.image.manifest.v1+json";
inline constexpr std::string_view kOciIndex = "application/vnd.oci.image.index.v1+json";
inline constexpr std::string_view kDockerManifest =
    "application/vnd.docker.distribution.manifest.v2+json";
inline constexpr std::string_view kDockerManifestList =
    "application/vnd.docker.distribution.manifest.list.v2+json";

struct Descriptor {
  std::string media_type;
  std::string digest;
  uint64_t size = 0;
};

struct Manifest {
  std::string media_type;
  bool is_index = false;
  std::optional<Descriptor> config;     // image manifests
  std::vector<Descriptor> layers;       // image manifests
  std::vector<Descriptor> manifests;    // indexes
  std::optional<Descriptor> subject;
  std::optional<std::string> artifact_type;
  uint64_t layers_size = 0;  // sum of layer sizes
};

// Parses `bytes`; `declared` is the media type the client named (Content-Type or
// imageManifestMediaType), empty when none. Errors: InvalidParameterException (ECR) with
// code overridable by the caller; the message says what is wrong.
Result<Manifest> ParseManifest(std::string_view bytes, std::string_view declared);

bool IsSupportedManifestType(std::string_view media_type);

}  // namespace berth::services::ecr
