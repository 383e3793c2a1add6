#pragma once
// Persistence of repositories, images (manifests), tags, repository blobs and uploads: the
// data model the ECR API and the /v2 registry share. Manifest and layer bytes live in the
// BlobStore; this store holds what refers to them. Implementations are thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "services/ecr/model/types.h"

namespace berth::services::ecr {

enum class TagStatus { kAny, kTagged, kUntagged };

enum class PutImageOutcome {
  kStored,              // a new image, or a tag moved/added to an existing one
  kAlreadyExists,       // the image (and the tag, if one was given) were already there
  kTagImmutable,        // the tag names another image and the repository is IMMUTABLE
};

// What a deletion did, decided inside its transaction.
struct ImageDeletion {
  enum class Outcome { kDeleted, kNotFound, kReferenced };
  Outcome outcome = Outcome::kNotFound;
  std::string digest;                // the image concerned (empty when not found)
  std::vector<std::string> parents;  // kReferenced: the manifest lists naming the image
};

// What a pull asks first: the repository and the image a tag or digest names in it.
struct ImageLookup {
  std::optional<Repository> repo;  // without its tags
  std::optional<Image> image;      // without its tags; unset when the reference names none
};

// What a repository holds, for berth's AWS/ECR RepositorySize and ImageCount metrics.
struct RepositoryFootprint {
  std::string name;
  int64_t image_count = 0;  // manifests, as DescribeImages counts them
  // Bytes of its manifests plus each distinct blob (layer, config) they refer to, once.
  int64_t size_bytes = 0;
};

class EcrStore {
 public:
  virtual ~EcrStore() = default;

  // Repositories belong to a registry (registry_id: the owning account's id); their names are
  // unique within it.
  // Inserts the repository; false when the name is taken in its registry. Sets repo.id.
  virtual Result<bool> CreateRepository(Repository& repo) = 0;
  virtual Result<std::optional<Repository>> GetRepository(std::string_view registry_id,
                                                          std::string_view name) = 0;
  // The registry's repositories with name > after, in name order, at most limit; without
  // their tags (a listing never shows them, and loading them would cost a query per
  // repository).
  virtual Result<std::vector<Repository>> ListRepositories(std::string_view registry_id,
                                                           std::string_view after,
                                                           size_t limit) = 0;
  // Every registry's repositories that have a repository policy, without their tags (what the
  // authorizer compiles).
  virtual Result<std::vector<Repository>> ListRepositoryPolicies() = 0;
  // Every repository, of every registry, that has a lifecycle policy (the scheduled sweep).
  virtual Result<std::vector<Repository>> ListLifecyclePolicies() = 0;
  // Saves every setting, policy and tag of an existing repository.
  virtual Status UpdateRepository(const Repository& repo) = 0;
  // Notes when the repository's lifecycle policy was last evaluated, changing nothing else (the
  // evaluation runs beside calls that update the repository).
  virtual Status SetLifecycleEvaluatedAt(int64_t repo_id, TimePoint when) = 0;
  // Deletes the repository; when !force, refuses (returns false) if it holds images.
  virtual Result<bool> DeleteRepository(int64_t repo_id, bool force) = 0;

  virtual Result<std::optional<Image>> FindImageByDigest(int64_t repo_id,
                                                         std::string_view digest) = 0;
  // The repository `repo_name` of the registry and the image `reference` (a tag, or a digest
  // when it holds a ':') names in it, in one read transaction: the hot path of every pull.
  virtual Result<ImageLookup> LookupImage(std::string_view registry_id,
                                          std::string_view repo_name,
                                          std::string_view reference) = 0;
  // The digest a tag points to.
  virtual Result<std::optional<std::string>> ResolveTag(int64_t repo_id,
                                                        std::string_view tag) = 0;
  // Every image of the repository with its tags, in digest order, filtered by tag status.
  virtual Result<std::vector<Image>> ListImages(int64_t repo_id, TagStatus filter) = 0;
  // Stores the image (if new) with the digests it references, and points `tag` at it, in one
  // transaction, honouring tag immutability.
  virtual Result<PutImageOutcome> PutImage(int64_t repo_id, const Image& image,
                                           const std::optional<std::string>& tag,
                                           const std::vector<std::string>& references,
                                           TagMutability mutability) = 0;
  // Deletes the image and its tags, unless a manifest list (index) in the repository still
  // refers to it: then nothing changes and `parents` names those lists.
  virtual Result<ImageDeletion> DeleteImage(int64_t repo_id, std::string_view digest) = 0;
  // Removes a tag; when it was the image's last tag the image goes too (ECR's rule), and when
  // that image is still referred to by a manifest list nothing changes (kReferenced).
  // `digest` is the image the tag named.
  virtual Result<ImageDeletion> RemoveTag(int64_t repo_id, std::string_view tag) = 0;
  virtual Status RecordPull(int64_t repo_id, std::string_view digest, TimePoint when) = 0;
  // Tags of the repository with tag > after, in tag order, at most limit.
  virtual Result<std::vector<std::string>> ListTags(int64_t repo_id, std::string_view after,
                                                    size_t limit) = 0;
  // Images of the repository whose subject is `subject` (the OCI referrers), without tags.
  virtual Result<std::vector<Image>> ListReferrers(int64_t repo_id, std::string_view subject) = 0;

  virtual Result<std::optional<LayerInfo>> FindLayer(int64_t repo_id,
                                                     std::string_view digest) = 0;
  virtual Status LinkLayer(int64_t repo_id, const LayerInfo& layer) = 0;

  // Records an upload unless the repository's registry (account) already has `max_uploads`
  // unfinished ones (0: no cap): then LimitExceededException. The count and the insert are
  // one write, so concurrent starts cannot pass the cap together.
  virtual Status CreateUpload(std::string_view upload_id, int64_t repo_id, TimePoint when,
                              size_t max_uploads = 0) = 0;
  // The repository an upload belongs to; nullopt when the upload is unknown.
  virtual Result<std::optional<int64_t>> UploadRepository(std::string_view upload_id) = 0;
  virtual Status DeleteUpload(std::string_view upload_id) = 0;
  // Uploads started before `before` (abandoned ones, for cleaning).
  virtual Result<std::vector<std::string>> UploadsStartedBefore(TimePoint before) = 0;

  // --- Garbage collection ---
  // Forgets repository blobs linked before `before` that no manifest of their repository
  // refers to (layers of deleted images, pushes abandoned before their manifest); returns
  // how many links went.
  virtual Result<size_t> UnlinkUnreferencedBlobs(TimePoint before) = 0;
  // True when any repository, manifest or upload-free reference still needs the digest: a
  // blob link, an image (manifest bytes) or a manifest's reference.
  virtual Result<bool> IsDigestInUse(std::string_view digest) = 0;

  // --- Metrics ---
  // The footprint of each repository named (all of them when `names` is empty), in name
  // order; a name with no repository is left out.
  virtual Result<std::vector<RepositoryFootprint>> RepositoryFootprints(
      const std::vector<std::string>& names) = 0;
};

}  // namespace berth::services::ecr
