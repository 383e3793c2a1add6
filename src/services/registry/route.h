#pragma once
// The endpoints of the OCI Distribution API under /v2, told apart by the shape of the path.
// Repository names may contain '/', so the endpoint is found from the end of the path.

#include <string>
#include <string_view>

namespace berth::services::registry {

enum class RouteKind {
  kPing,          // /v2/
  kCatalog,       // /v2/_catalog
  kTags,          // /v2/<name>/tags/list
  kManifest,      // /v2/<name>/manifests/<reference>
  kBlob,          // /v2/<name>/blobs/<digest>
  kUploads,       // /v2/<name>/blobs/uploads/        (start an upload, or mount)
  kUpload,        // /v2/<name>/blobs/uploads/<id>
  kReferrers,     // /v2/<name>/referrers/<digest>
  kUnknown,
};

struct Route {
  RouteKind kind = RouteKind::kUnknown;
  std::string name;       // repository name (not validated here)
  std::string reference;  // tag, digest or upload id, percent-decoded
};

// True for /v2 and everything under /v2/.
bool IsRegistryPath(std::string_view path);

// The route of a raw (still percent-encoded) /v2 path.
Route ParseRoute(std::string_view path);

}  // namespace berth::services::registry
