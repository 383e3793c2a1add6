#include "services/ecr/image_writes.h"
#include "services/registry/endpoints.h"
#include "services/registry/oci_error_codes.h"
#include "services/registry/ranges.h"
#include "store/blob_store.h"

namespace berth::services::registry {
namespace {

// A new upload within the account's cap, the cap's refusal in OCI's words.
Result<std::string> BeginUpload(EcrService& s, const RegistryCall& call) {
  auto upload_id = ecr::BeginUpload(s, call.repo, call.now);
  if (!upload_id.ok() && upload_id.error().code == "LimitExceededException") {
    return oci::TooManyUploads(upload_id.error().message);
  }
  return upload_id;
}

std::string RangeHeader(uint64_t size) {
  // Distribution's convention, which clients expect: "0-0" for an empty upload.
  return "0-" + std::to_string(size == 0 ? 0 : size - 1);
}

// The 202 that tells the client where its upload stands.
Response UploadStatus(const RegistryCall& call, const std::string& upload_id, uint64_t size,
                      int status) {
  Response response;
  response.status = status;
  response.SetHeader("Location", UploadLocation(call.repo.name, upload_id));
  response.SetHeader("Range", RangeHeader(size));
  response.SetHeader("Docker-Upload-UUID", upload_id);
  return response;
}

// The upload named by the route, checked to belong to the call's repository.
Status RequireUpload(EcrService& s, const RegistryCall& call) {
  BERTH_ASSIGN_OR_RETURN(auto owner, s.store().UploadRepository(call.route.reference));
  if (!owner || *owner != call.repo.id) return oci::BlobUploadUnknown();
  return Ok();
}

Error FromAppend(const Error& error) {
  if (error.code == "InvalidUploadOffset") return oci::RangeInvalid(error.message);
  if (error.code == "UploadNotFound") return oci::BlobUploadUnknown();
  return error;
}

// Drains the sink into the upload and checks the body arrived whole.
Status Settle(RegistryCall& call, UploadSink& sink) {
  if (Status flushed = sink.Flush(); !flushed.ok()) return FromAppend(flushed.error());
  if (!call.request.sink_status.ok()) {
    return oci::BlobUploadInvalid(call.request.sink_status.error().message);
  }
  return Ok();
}

// Publishes the upload as `digest` (201) or refuses it with nothing of it kept.
Result<Response> Complete(EcrService& s, RegistryCall& call, const std::string& upload_id,
                          const std::string& digest) {
  if (!store::IsValidDigest(digest)) {
    BERTH_RETURN_IF_ERROR(s.blobs().CancelUpload(upload_id));
    BERTH_RETURN_IF_ERROR(s.store().DeleteUpload(upload_id));
    return oci::DigestInvalid("invalid digest '" + digest + "'");
  }
  auto blob = ecr::FinishUpload(s, call.repo, upload_id, digest, call.now);
  if (!blob.ok()) {
    if (blob.error().code == "DigestMismatch") return oci::DigestMismatch(blob.error().message);
    if (blob.error().code == "UploadNotFound") return oci::BlobUploadUnknown();
    return blob.error();
  }
  Response response;
  response.status = 201;
  response.SetHeader("Location", BlobLocation(call.repo.name, blob->digest));
  response.SetHeader("Docker-Content-Digest", blob->digest);
  return response;
}

// Cross-repository mount: the blob joins this repository without a byte sent, when the
// caller's `from` repository holds it. nullopt when it cannot (the client then uploads).
Result<std::optional<Response>> TryMount(EcrService& s, RegistryCall& call,
                                         const std::string& digest,
                                         const std::optional<std::string>& from) {
  if (!store::IsValidDigest(digest) || !from) return std::optional<Response>();
  // Only from a repository of the same registry: the mount's source was not authorized.
  BERTH_ASSIGN_OR_RETURN(auto source, s.store().GetRepository(call.repo.registry_id, *from));
  if (!source) return std::optional<Response>();
  BERTH_ASSIGN_OR_RETURN(auto layer, s.store().FindLayer(source->id, digest));
  if (!layer) return std::optional<Response>();
  BERTH_RETURN_IF_ERROR(
      s.store().LinkLayer(call.repo.id, ecr::LayerInfo{digest, layer->size, call.now}));
  // The link is made before this check, so garbage collection either sees the link and keeps
  // the bytes, or took them before the check and the mount is declined.
  BERTH_ASSIGN_OR_RETURN(auto bytes, s.blobs().Stat(digest));
  if (!bytes) return std::optional<Response>();
  Response response;
  response.status = 201;
  response.SetHeader("Location", BlobLocation(call.repo.name, digest));
  response.SetHeader("Docker-Content-Digest", digest);
  return std::optional<Response>(std::move(response));
}

}  // namespace

std::unique_ptr<UploadSink> OpenUploadSink(EcrService& s, RegistryCall& call) {
  auto refuse = [](Error e) { return std::make_unique<UploadSink>(std::move(e)); };
  if (call.route.kind == RouteKind::kUploads) {  // a monolithic POST ?digest=
    auto upload_id = BeginUpload(s, call);
    if (!upload_id.ok()) return refuse(upload_id.error());
    return std::make_unique<UploadSink>(s.blobs(), *upload_id, 0);
  }
  if (Status owned = RequireUpload(s, call); !owned.ok()) return refuse(owned.error());
  auto size = s.blobs().UploadSize(call.route.reference);
  if (!size.ok()) return refuse(oci::BlobUploadUnknown());
  if (const std::string* range = call.head().Find("content-range")) {
    uint64_t first = 0, last = 0;
    if (!ParseContentRange(*range, first, last)) {
      return refuse(oci::RangeInvalid("malformed Content-Range '" + *range + "'"));
    }
    if (first != *size) {
      return refuse(oci::RangeInvalid("the chunk starts at " + std::to_string(first) +
                                      " but the upload holds " + std::to_string(*size) +
                                      " bytes"));
    }
    const std::string* length = call.head().Find("content-length");
    if (length != nullptr && *length != std::to_string(last - first + 1)) {
      return refuse(oci::RangeInvalid("Content-Range " + *range +
                                      " does not match Content-Length " + *length));
    }
  }
  return std::make_unique<UploadSink>(s.blobs(), call.route.reference, *size);
}

Result<Response> StartUpload(EcrService& s, RegistryCall& call, UploadSink* sink) {
  if (auto mount = call.Query("mount")) {
    BERTH_ASSIGN_OR_RETURN(auto mounted, TryMount(s, call, *mount, call.Query("from")));
    if (mounted) return std::move(*mounted);
  }
  if (sink != nullptr) {  // monolithic upload: the whole blob in this request
    Status settled = Settle(call, *sink);
    if (!settled.ok()) {
      (void)s.blobs().CancelUpload(sink->upload_id());
      (void)s.store().DeleteUpload(sink->upload_id());
      return settled.error();
    }
    return Complete(s, call, sink->upload_id(), call.Query("digest").value_or(""));
  }
  BERTH_ASSIGN_OR_RETURN(std::string upload_id, BeginUpload(s, call));
  return UploadStatus(call, upload_id, 0, 202);
}

Result<Response> PatchUpload(EcrService& s, RegistryCall& call, UploadSink* sink) {
  if (sink == nullptr) return oci::BlobUploadUnknown();
  // What arrived is kept even when the body broke off: the client asks where the upload
  // stands (GET) and resumes from there.
  BERTH_RETURN_IF_ERROR(Settle(call, *sink));
  BERTH_ASSIGN_OR_RETURN(uint64_t size, s.blobs().UploadSize(sink->upload_id()));
  return UploadStatus(call, sink->upload_id(), size, 202);
}

Result<Response> FinishUploadCall(EcrService& s, RegistryCall& call, UploadSink* sink) {
  if (sink == nullptr) return oci::BlobUploadUnknown();
  BERTH_RETURN_IF_ERROR(Settle(call, *sink));
  auto digest = call.Query("digest");
  if (!digest) return oci::DigestInvalid("the digest query parameter is required");
  return Complete(s, call, sink->upload_id(), *digest);
}

Result<Response> GetUploadStatus(EcrService& s, RegistryCall& call) {
  BERTH_RETURN_IF_ERROR(RequireUpload(s, call));
  auto size = s.blobs().UploadSize(call.route.reference);
  if (!size.ok()) return oci::BlobUploadUnknown();
  return UploadStatus(call, call.route.reference, *size, 204);
}

Result<Response> CancelUpload(EcrService& s, RegistryCall& call) {
  BERTH_RETURN_IF_ERROR(RequireUpload(s, call));
  BERTH_RETURN_IF_ERROR(s.blobs().CancelUpload(call.route.reference));
  BERTH_RETURN_IF_ERROR(s.store().DeleteUpload(call.route.reference));
  Response response;
  response.status = 204;
  return response;
}

}  // namespace berth::services::registry
