#include <chrono>

#include "core/url.h"
#include "services/ecr/handlers/handlers.h"
#include "services/ecr/image_writes.h"
#include "services/ecr/model/errors.h"
#include "store/blob_store.h"

namespace berth::services::ecr::handlers {
namespace {

constexpr int64_t kPartSize = 10 * 1024 * 1024;  // what ECR advertises
constexpr char kLayerMediaType[] = "application/vnd.docker.image.rootfs.diff.tar.gzip";

// The upload, checked to belong to this repository.
Status RequireUpload(EcrService& s, const Repository& repo, const std::string& upload_id) {
  BERTH_ASSIGN_OR_RETURN(auto owner, s.store().UploadRepository(upload_id));
  if (!owner || *owner != repo.id) return errors::UploadNotFound(upload_id);
  return Ok();
}

Document LayerFailure(const std::string& digest, const char* code, const char* reason) {
  Document f;
  f["layerDigest"] = digest;
  f["failureCode"] = code;
  f["failureReason"] = reason;
  return f;
}

Document UploadOutput(const Repository& repo, const std::string& upload_id) {
  Document out;
  out["registryId"] = repo.registry_id;
  out["repositoryName"] = repo.name;
  out["uploadId"] = upload_id;
  return out;
}

}  // namespace

Result<Document> BatchCheckLayerAvailability(EcrService& s, CallContext& ctx,
                                             const BatchCheckLayerAvailabilityInput& in) {
  BERTH_ASSIGN_OR_RETURN(Repository repo,
                         s.RequireRepository(ctx, in.repo.registry_id, in.repo.name));
  Document layers = Document::MakeList();
  Document failures = Document::MakeList();
  for (const auto& digest : in.digests) {
    if (!store::IsValidDigest(digest)) {
      failures.Push(LayerFailure(digest, "InvalidLayerDigest", "Invalid layer digest"));
      continue;
    }
    BERTH_ASSIGN_OR_RETURN(auto layer, s.store().FindLayer(repo.id, digest));
    if (!layer) {
      failures.Push(
          LayerFailure(digest, "MissingLayerDigest", "Requested layer digest not found"));
      continue;
    }
    Document l;
    l["layerDigest"] = digest;
    l["layerAvailability"] = "AVAILABLE";
    l["layerSize"] = static_cast<int64_t>(layer->size);
    l["mediaType"] = kLayerMediaType;
    layers.Push(std::move(l));
  }
  Document out;
  out["layers"] = std::move(layers);
  out["failures"] = std::move(failures);
  return out;
}

Result<Document> InitiateLayerUpload(EcrService& s, CallContext& ctx, const RepositoryRef& in) {
  BERTH_ASSIGN_OR_RETURN(Repository repo, s.RequireRepository(ctx, in.registry_id, in.name));
  BERTH_ASSIGN_OR_RETURN(std::string upload_id, BeginUpload(s, repo, ctx.now));
  Document out;
  out["uploadId"] = upload_id;
  out["partSize"] = kPartSize;
  return out;
}

Result<Document> UploadLayerPart(EcrService& s, CallContext& ctx,
                                 const UploadLayerPartInput& in) {
  BERTH_ASSIGN_OR_RETURN(Repository repo,
                         s.RequireRepository(ctx, in.repo.registry_id, in.repo.name));
  BERTH_RETURN_IF_ERROR(RequireUpload(s, repo, in.upload_id));
  BERTH_ASSIGN_OR_RETURN(uint64_t received, s.blobs().UploadSize(in.upload_id));
  const int64_t last_valid = static_cast<int64_t>(received) - 1;
  if (in.first_byte != static_cast<int64_t>(received) || in.last_byte < in.first_byte ||
      in.last_byte - in.first_byte + 1 != static_cast<int64_t>(in.blob.size())) {
    return errors::InvalidLayerPart(
        "The layer part with first byte " + std::to_string(in.first_byte) + " and last byte " +
        std::to_string(in.last_byte) + " is not valid for upload " + in.upload_id +
        " (" + std::to_string(in.blob.size()) + " bytes given); the last valid byte received "
        "is " + std::to_string(last_valid));
  }
  auto appended = s.blobs().AppendUpload(in.upload_id, received, in.blob);
  if (!appended.ok()) {
    if (appended.error().code == "InvalidUploadOffset") {
      return errors::InvalidLayerPart(appended.error().message);
    }
    return appended.error();
  }
  Document out = UploadOutput(repo, in.upload_id);
  out["lastByteReceived"] = static_cast<int64_t>(*appended) - 1;
  return out;
}

Result<Document> CompleteLayerUpload(EcrService& s, CallContext& ctx,
                                     const CompleteLayerUploadInput& in) {
  BERTH_ASSIGN_OR_RETURN(Repository repo,
                         s.RequireRepository(ctx, in.repo.registry_id, in.repo.name));
  BERTH_RETURN_IF_ERROR(RequireUpload(s, repo, in.upload_id));
  if (in.digests.size() != 1) {
    return errors::InvalidParameter("Invalid parameter at 'layerDigests': exactly one layer "
                                    "digest is expected");
  }
  const std::string& digest = in.digests.front();
  if (!store::IsValidDigest(digest)) {
    return errors::InvalidLayer("Invalid layer digest '" + digest + "'");
  }
  BERTH_ASSIGN_OR_RETURN(uint64_t size, s.blobs().UploadSize(in.upload_id));
  if (size == 0) return errors::EmptyUpload(in.upload_id);
  BERTH_ASSIGN_OR_RETURN(auto existing, s.store().FindLayer(repo.id, digest));
  if (existing) {
    BERTH_RETURN_IF_ERROR(s.blobs().CancelUpload(in.upload_id));
    BERTH_RETURN_IF_ERROR(s.store().DeleteUpload(in.upload_id));
    return errors::LayerAlreadyExists(digest, repo.name);
  }
  auto blob = FinishUpload(s, repo, in.upload_id, digest, ctx.now);
  if (!blob.ok()) {
    if (blob.error().code == "DigestMismatch") {
      return errors::InvalidLayer("The calculated digest does not match the provided digest " +
                                  digest + ": " + blob.error().message);
    }
    return blob.error();
  }
  Document out = UploadOutput(repo, in.upload_id);
  out["layerDigest"] = blob->digest;
  return out;
}

Result<Document> GetDownloadUrlForLayer(EcrService& s, CallContext& ctx,
                                        const GetDownloadUrlForLayerInput& in) {
  BERTH_ASSIGN_OR_RETURN(Repository repo,
                         s.RequireRepository(ctx, in.repo.registry_id, in.repo.name));
  if (!store::IsValidDigest(in.digest)) {
    return errors::InvalidParameter("Invalid parameter at 'layerDigest' failed to satisfy "
                                    "constraint: 'must be a sha256 digest'");
  }
  BERTH_ASSIGN_OR_RETURN(auto layer, s.store().FindLayer(repo.id, in.digest));
  if (!layer) {
    return errors::LayersNotFound("The layer with digest '" + in.digest +
                                  "' does not exist in the repository with name '" + repo.name +
                                  "' in the registry with id '" + repo.registry_id + "'");
  }
  // Like ECR's presigned S3 URL: this one layer, fetchable for an hour without other
  // credentials, and good for nothing else.
  const std::string token =
      s.tokens().IssueDownload(ctx.principal.access_key_id, ctx.principal.account_id, repo.name,
                               in.digest, auth::kDownloadUrlLifetime);
  Document out;
  out["downloadUrl"] = "http://" + std::string(ctx.host) + "/v2/" + repo.name + "/blobs/" +
                       in.digest + "?X-Berth-Token=" + url::UriEncode(token);
  out["layerDigest"] = in.digest;
  return out;
}

}  // namespace berth::services::ecr::handlers
