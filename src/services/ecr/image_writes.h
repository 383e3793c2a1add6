#pragma once
// The image writes the ECR API and the /v2 registry share, so that an image pushed either way
// obeys the same rules: what a manifest may name, tag immutability, how an upload becomes a
// repository's blob, how pulls are noted.

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"
#include "services/ecr/ecr_service.h"
#include "services/ecr/model/manifest.h"
#include "store/blob_store.h"

namespace berth::services::ecr {

struct ManifestWrite {
  std::string digest;  // of the bytes as given
  Manifest manifest;
  PutImageOutcome outcome = PutImageOutcome::kStored;
};

// Parses and checks the manifest (everything it names must be in the repository), stores its
// bytes, then its image row and tag. Errors are ECR's: InvalidParameterException for a
// malformed manifest or one whose descriptor sizes are not the stored content's (config,
// layers, and the child manifests of an index), LayersNotFoundException,
// ReferencedImagesNotFoundException (before a size mismatch). A refused
// tag move is not an error here but outcome kTagImmutable.
Result<ManifestWrite> WriteManifest(EcrService& s, const Repository& repo,
                                    std::string_view bytes, std::string_view declared_type,
                                    const std::optional<std::string>& tag, TimePoint now);

// Starts an upload into `repo`: its (empty) bytes and its bookkeeping, within the account's
// cap (EcrService::max_uploads; LimitExceededException past it, nothing kept). Returns its id.
Result<std::string> BeginUpload(EcrService& s, const Repository& repo, TimePoint now);

// Verifies and publishes the upload's bytes as `digest` and links the blob to the repository;
// the upload is gone afterwards, whatever happened. Errors from the blob store pass through
// (code "DigestMismatch" when the bytes hash otherwise).
Result<store::BlobInfo> FinishUpload(EcrService& s, const Repository& repo,
                                     std::string_view upload_id, std::string_view digest,
                                     TimePoint now);

// Notes a pull of `image`. ECR refreshes lastRecordedPullTime lazily (at least daily), so a
// pull writes only when the recorded time is older than a minute: pulls stay reads.
Status NotePull(EcrService& s, const Repository& repo, const Image& image, TimePoint now);

}  // namespace berth::services::ecr
