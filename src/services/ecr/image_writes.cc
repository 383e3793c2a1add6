#include "services/ecr/image_writes.h"

#include <algorithm>
#include <chrono>
#include <vector>

#include "core/crypto.h"
#include "services/ecr/model/errors.h"

namespace berth::services::ecr {
namespace {

constexpr std::chrono::minutes kPullNoteInterval{1};

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

// A descriptor whose size is not its content's: clients that check sizes (containerd) would
// fail to pull what berth acknowledged, so the manifest is refused as ECR refuses a malformed one.
Error SizeMismatch(std::string_view what, const Descriptor& d, uint64_t stored) {
  return errors::InvalidParameter("Invalid parameter at 'imageManifest' failed to satisfy "
                                  "constraint: the " + std::string(what) + " descriptor of '" +
                                  d.digest + "' declares size " + std::to_string(d.size) +
                                  " but the stored content is " + std::to_string(stored) +
                                  " bytes");
}

}  // namespace

Result<ManifestWrite> WriteManifest(EcrService& s, const Repository& repo,
                                    std::string_view bytes, std::string_view declared_type,
                                    const std::optional<std::string>& tag, TimePoint now) {
  ManifestWrite write;
  write.digest = "sha256:" + crypto::Sha256Hex(bytes);
  BERTH_ASSIGN_OR_RETURN(write.manifest, ParseManifest(bytes, declared_type));
  const Manifest& manifest = write.manifest;

  // Everything the manifest names must already be in the repository.
  std::vector<std::string> references, missing;
  std::optional<Error> size_mismatch;  // reported after missing references, as ECR orders them
  uint64_t size = manifest.layers_size;
  if (manifest.is_index) {
    size = 0;
    for (const auto& child : manifest.manifests) {
      references.push_back(child.digest);
      BERTH_ASSIGN_OR_RETURN(auto image, s.store().FindImageByDigest(repo.id, child.digest));
      if (!image) {
        missing.push_back(child.digest);
      } else {
        size = std::max(size, image->size);
        if (image->manifest_size != child.size && !size_mismatch)
          size_mismatch = SizeMismatch("manifest", child, image->manifest_size);
      }
    }
  } else {
    std::vector<const Descriptor*> blobs;
    blobs.push_back(&*manifest.config);
    for (const auto& layer : manifest.layers) blobs.push_back(&layer);
    for (const Descriptor* d : blobs) {
      references.push_back(d->digest);
      BERTH_ASSIGN_OR_RETURN(auto layer, s.store().FindLayer(repo.id, d->digest));
      // The bytes too: a link whose blob garbage collection took in a race is no layer.
      std::optional<store::BlobInfo> bytes;
      if (layer) {
        BERTH_ASSIGN_OR_RETURN(bytes, s.blobs().Stat(d->digest));
      }
      if (!layer || !bytes) {
        missing.push_back(d->digest);
      } else if (bytes->size != d->size && !size_mismatch) {
        size_mismatch = SizeMismatch(d == blobs.front() ? "config" : "layer", *d, bytes->size);
      }
    }
  }
  if (!missing.empty()) {
    if (manifest.is_index) {
      return errors::ReferencedImagesNotFound(
          "The manifest list is referencing images with digests '[" + Join(missing) +
          "]' that do not exist in the repository with name '" + repo.name +
          "' in the registry with id '" + repo.registry_id + "'");
    }
    return errors::LayersNotFound("Layers with digests '[" + Join(missing) +
                                  "]' required for pushing image into repository with name '" +
                                  repo.name + "' in the registry with id '" + repo.registry_id +
                                  "' do not exist");
  }
  if (size_mismatch) return *size_mismatch;

  // The bytes first, then the rows that point at them: a crash in between leaves an
  // unreferenced blob (garbage collection's to reclaim), never a row without its bytes.
  BERTH_ASSIGN_OR_RETURN(auto stored, s.blobs().Put(bytes));
  Image image;
  image.digest = stored.digest;
  image.media_type = manifest.media_type;
  if (manifest.config) image.artifact_media_type = manifest.config->media_type;
  image.artifact_type = manifest.artifact_type;
  if (manifest.subject) image.subject = manifest.subject->digest;
  image.size = size;
  image.manifest_size = stored.size;
  image.pushed_at = now;
  const TagMutability mutability = tag && IsTagImmutable(repo, *tag) ? TagMutability::kImmutable
                                                                     : TagMutability::kMutable;
  BERTH_ASSIGN_OR_RETURN(write.outcome,
                         s.store().PutImage(repo.id, image, tag, references, mutability));
  // A push (of an image, or of a tag onto one) can put the repository over its policy's count.
  if (write.outcome == PutImageOutcome::kStored && repo.lifecycle_policy_text) {
    s.lifecycle_due().Mark(repo.registry_id, repo.name);
  }
  return write;
}

Result<std::string> BeginUpload(EcrService& s, const Repository& repo, TimePoint now) {
  BERTH_ASSIGN_OR_RETURN(std::string upload_id, s.blobs().BeginUpload());
  if (Status made = s.store().CreateUpload(upload_id, repo.id, now, s.max_uploads());
      !made.ok()) {
    IgnoreError(s.blobs().CancelUpload(upload_id));
    return made.error();
  }
  return upload_id;
}

Result<store::BlobInfo> FinishUpload(EcrService& s, const Repository& repo,
                                     std::string_view upload_id, std::string_view digest,
                                     TimePoint now) {
  auto blob = s.blobs().CompleteUpload(upload_id, digest);
  if (!blob.ok()) {
    if (blob.error().code == "DigestMismatch") {
      BERTH_RETURN_IF_ERROR(s.store().DeleteUpload(upload_id));
    }
    return blob.error();
  }
  BERTH_RETURN_IF_ERROR(s.store().LinkLayer(repo.id, LayerInfo{blob->digest, blob->size, now}));
  BERTH_RETURN_IF_ERROR(s.store().DeleteUpload(upload_id));
  return *blob;
}

Status NotePull(EcrService& s, const Repository& repo, const Image& image, TimePoint now) {
  if (image.last_pulled_at && now - *image.last_pulled_at < kPullNoteInterval) return Ok();
  return s.store().RecordPull(repo.id, image.digest, now);
}

}  // namespace berth::services::ecr
