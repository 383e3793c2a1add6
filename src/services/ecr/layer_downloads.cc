#include "services/ecr/layer_downloads.h"

#include "core/url.h"
#include "protocol/oci_errors.h"
#include "services/ecr/model/validation.h"
#include "store/blob_store.h"

namespace berth::services::ecr {
namespace {

constexpr std::string_view kPrefix = "/v2/";
constexpr std::string_view kBlobs = "/blobs/";
constexpr std::string_view kTokenParam = "X-Berth-Token";

Error Oci(const char* code, std::string message, int status) {
  return Error{code, std::move(message), status};
}

}  // namespace

bool LayerDownloads::Matches(const RequestHead& head) const {
  return (head.method == "GET" || head.method == "HEAD") &&
         head.path.compare(0, kPrefix.size(), kPrefix) == 0 &&
         head.path.find(kBlobs) != std::string::npos &&
         head.query.find(std::string(kTokenParam) + "=") != std::string::npos;
}

Response LayerDownloads::Handle(Request& request, pipeline::CallRecord& record) {
  const RequestHead& head = request.head;
  record.service = "ecr";
  record.event_source = "ecr.amazonaws.com";
  record.read_only = true;
  auto fail = [&](Error error) {
    record.error = error;
    return protocol::EncodeOciError(error);
  };

  std::string token;
  if (auto params = url::ParseQuery(head.query, false)) {
    for (const auto& [k, v] : *params)
      if (k == kTokenParam) token = v;
  }
  auto claims = tokens_.Verify(token);
  if (!claims.ok()) return fail(Oci("UNAUTHORIZED", "authentication required", 401));
  auto key = credentials_.FindAccessKey(claims->access_key_id);
  if (!key.ok() || !key->has_value()) {
    return fail(Oci("UNAUTHORIZED", "authentication required", 401));
  }
  record.principal = (*key)->principal;
  record.authenticated = true;

  const auto blobs = head.path.rfind(kBlobs);
  const std::string name = head.path.substr(kPrefix.size(), blobs - kPrefix.size());
  const std::string digest = head.path.substr(blobs + kBlobs.size());
  if (!IsValidRepositoryName(name)) return fail(Oci("NAME_INVALID", "invalid repository name", 400));
  if (!store::IsValidDigest(digest)) return fail(Oci("DIGEST_INVALID", "invalid digest", 400));
  auto repo = ecr_.store().GetRepository(name);
  if (!repo.ok()) return fail(repo.error());
  if (!repo->has_value() || (*repo)->registry_id != claims->account_id) {
    return fail(Oci("NAME_UNKNOWN", "repository name not known to registry", 404));
  }
  auto layer = ecr_.store().FindLayer((*repo)->id, digest);
  if (!layer.ok()) return fail(layer.error());
  if (!layer->has_value()) return fail(Oci("BLOB_UNKNOWN", "blob unknown to registry", 404));
  auto file = ecr_.blobs().Locate(digest);
  if (!file.ok()) return fail(Oci("BLOB_UNKNOWN", "blob unknown to registry", 404));
  Response response;
  response.SetHeader("Content-Type", "application/octet-stream");
  response.SetHeader("Docker-Content-Digest", digest);
  response.file = *file;
  return response;
}

}  // namespace berth::services::ecr
