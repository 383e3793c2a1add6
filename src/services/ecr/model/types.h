#pragma once
// ECR's value types: repositories and images as berth stores them, shared by the ECR API and
// (next) the /v2 registry. No I/O here.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"

namespace berth::services::ecr {

// MUTABLE_WITH_EXCLUSION / IMMUTABLE_WITH_EXCLUSION: the setting holds for every tag but those
// the repository's exclusion filters match, which get the other one.
enum class TagMutability { kMutable, kImmutable, kMutableWithExclusion, kImmutableWithExclusion };

struct Repository {
  int64_t id = 0;  // storage key
  std::string name;
  std::string registry_id;  // the account id
  TimePoint created_at;
  TagMutability tag_mutability = TagMutability::kMutable;
  // The WILDCARD filters of a *_WITH_EXCLUSION setting (`*` matches any run of characters).
  std::vector<std::string> tag_mutability_exclusions;
  bool scan_on_push = false;
  std::string encryption_type = "AES256";  // or "KMS"
  std::optional<std::string> kms_key;
  std::optional<std::string> policy_text;
  std::optional<std::string> lifecycle_policy_text;
  std::optional<TimePoint> lifecycle_evaluated_at;
  std::map<std::string, std::string> tags;
};

// A manifest (image, index or artifact) stored in a repository, with its tags.
struct Image {
  std::string digest;      // "sha256:…" of the manifest bytes
  std::string media_type;  // the manifest's media type
  std::optional<std::string> artifact_media_type;  // the config's media type
  std::optional<std::string> artifact_type;        // OCI artifactType
  std::optional<std::string> subject;              // digest of the subject manifest
  uint64_t size = 0;                               // imageSizeInBytes
  uint64_t manifest_size = 0;
  TimePoint pushed_at;
  std::optional<TimePoint> last_pulled_at;
  std::vector<std::string> tags;
};

// A blob a repository holds (uploaded or mounted into it).
struct LayerInfo {
  std::string digest;
  uint64_t size = 0;
  TimePoint linked_at;  // when it was (last) linked to the repository
};

const char* ToString(TagMutability m);
// True when a push may not move `tag` off the image it names.
bool IsTagImmutable(const Repository& repo, std::string_view tag);
std::optional<TagMutability> ParseTagMutability(std::string_view s);

}  // namespace berth::services::ecr
