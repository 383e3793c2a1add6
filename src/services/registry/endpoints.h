#pragma once
// The /v2 endpoints, one function each: given the checked call, the answer or an OCI error
// (oci_error_codes.h). The Registry (registry.cc) routes, authenticates and records around
// them.

#include "core/http_types.h"
#include "core/result.h"
#include "services/ecr/ecr_service.h"
#include "services/registry/registry_call.h"
#include "services/registry/upload_sink.h"

namespace berth::services::registry {

using ecr::EcrService;

// blobs.cc
Result<Response> GetBlob(EcrService& s, RegistryCall& call);  // GET and HEAD, with Range

// uploads.cc
Result<Response> StartUpload(EcrService& s, RegistryCall& call, UploadSink* sink);
Result<Response> PatchUpload(EcrService& s, RegistryCall& call, UploadSink* sink);
Result<Response> FinishUploadCall(EcrService& s, RegistryCall& call, UploadSink* sink);
Result<Response> GetUploadStatus(EcrService& s, RegistryCall& call);
Result<Response> CancelUpload(EcrService& s, RegistryCall& call);
// What a sink for this upload request must know before the body flows: the checks, and the
// upload to append to (a monolithic POST starts one). Used by Registry::OpenSink.
std::unique_ptr<UploadSink> OpenUploadSink(EcrService& s, RegistryCall& call);

// manifests.cc
Result<Response> GetManifest(EcrService& s, RegistryCall& call);  // GET and HEAD
Result<Response> PutManifest(EcrService& s, RegistryCall& call);
Result<Response> DeleteManifest(EcrService& s, RegistryCall& call);

// listings.cc
Result<Response> ListTags(EcrService& s, RegistryCall& call);
Result<Response> ListCatalog(EcrService& s, RegistryCall& call);
Result<Response> ListReferrers(EcrService& s, RegistryCall& call);

}  // namespace berth::services::registry
