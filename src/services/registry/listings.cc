#include <charconv>
#include <string>
#include <vector>

#include "core/document.h"
#include "core/json_writer.h"
#include "core/url.h"
#include "protocol/json_reader.h"
#include "services/ecr/model/manifest.h"
#include "services/registry/endpoints.h"
#include "services/registry/oci_error_codes.h"
#include "store/blob_store.h"

namespace berth::services::registry {
namespace {

constexpr size_t kMaxPage = 1000;  // ECR's cap on n
constexpr uint64_t kMaxManifestBytes = 4 << 20;

struct Page {
  size_t n = kMaxPage;
  std::string last;
};

Result<Page> ReadPage(const RegistryCall& call) {
  Page page;
  if (auto n = call.Query("n")) {
    size_t value = 0;
    auto [end, ec] = std::from_chars(n->data(), n->data() + n->size(), value);
    if (ec != std::errc() || end != n->data() + n->size()) {
      // Distribution's code for this (the spec lists none that fits); clients show the message.
      return Error{"PAGINATION_NUMBER_INVALID", "invalid number of results requested: " + *n,
                   400};
    }
    page.n = std::min(value, kMaxPage);
  }
  page.last = call.Query("last").value_or("");
  return page;
}

// RFC 8288 link to the next page, as Distribution sends it.
std::string NextLink(const std::string& path, const std::string& last, size_t n) {
  return "<" + path + "?last=" + url::UriEncode(last) + "&n=" + std::to_string(n) +
         ">; rel=\"next\"";
}

Response JsonResponse(const Document& doc, std::string content_type = "application/json") {
  Response response;
  response.SetHeader("Content-Type", std::move(content_type));
  response.body = ToJson(doc);
  return response;
}

// The annotations of a stored manifest (the referrers list repeats them).
Document AnnotationsOf(EcrService& s, const std::string& digest) {
  auto bytes = s.blobs().ReadAll(digest, kMaxManifestBytes);
  if (!bytes.ok()) return Document();
  auto doc = protocol::ParseJson(*bytes);
  if (!doc.ok()) return Document();
  const Document* annotations = doc->Find("annotations");
  if (annotations == nullptr || !annotations->is_map()) return Document();
  return *annotations;
}

}  // namespace

Result<Response> ListTags(EcrService& s, RegistryCall& call) {
  BERTH_ASSIGN_OR_RETURN(Page page, ReadPage(call));
  std::vector<std::string> tags;
  if (page.n > 0) {  // n=0 asks for an empty page, with no link (the spec's rule)
    BERTH_ASSIGN_OR_RETURN(tags, s.store().ListTags(call.repo.id, page.last, page.n + 1));
  }
  const bool more = tags.size() > page.n;
  if (more) tags.resize(page.n);
  Document out;
  out["name"] = call.repo.name;
  Document list = Document::MakeList();
  for (const auto& tag : tags) list.Push(tag);
  out["tags"] = std::move(list);
  Response response = JsonResponse(out);
  if (more) {
    response.SetHeader("Link", NextLink("/v2/" + call.repo.name + "/tags/list",
                                        tags.back(), page.n));
  }
  return response;
}

Result<Response> ListCatalog(EcrService& s, RegistryCall& call) {
  BERTH_ASSIGN_OR_RETURN(Page page, ReadPage(call));
  Document list = Document::MakeList();
  // The caller's own registry only: the catalog names no repository to authorize another
  // account's on.
  std::vector<ecr::Repository> repos;
  if (page.n > 0) {  // n=0 asks for an empty page, with no link
    BERTH_ASSIGN_OR_RETURN(repos, s.store().ListRepositories(call.principal.account_id,
                                                             page.last, page.n + 1));
  }
  const bool more = repos.size() > page.n;
  if (more) repos.resize(page.n);
  for (const auto& repo : repos) list.Push(repo.name);
  const std::string last_listed = repos.empty() ? std::string() : repos.back().name;
  Document out;
  out["repositories"] = std::move(list);
  Response response = JsonResponse(out);
  if (more) response.SetHeader("Link", NextLink("/v2/_catalog", last_listed, page.n));
  return response;
}

Result<Response> ListReferrers(EcrService& s, RegistryCall& call) {
  const std::string& subject = call.route.reference;
  if (!store::IsValidDigest(subject)) {
    return oci::DigestInvalid("invalid digest '" + subject + "'");
  }
  const auto wanted = call.Query("artifactType");
  BERTH_ASSIGN_OR_RETURN(auto images, s.store().ListReferrers(call.repo.id, subject));
  Document manifests = Document::MakeList();
  for (const auto& image : images) {
    // The spec: a manifest without artifactType is listed under its config's media type.
    const std::optional<std::string>& type =
        image.artifact_type ? image.artifact_type : image.artifact_media_type;
    if (wanted && type != wanted) continue;
    Document d;
    d["mediaType"] = image.media_type;
    d["digest"] = image.digest;
    d["size"] = static_cast<int64_t>(image.manifest_size);
    if (type) d["artifactType"] = *type;
    Document annotations = AnnotationsOf(s, image.digest);
    if (!annotations.is_null()) d["annotations"] = std::move(annotations);
    manifests.Push(std::move(d));
  }
  Document index;
  index["schemaVersion"] = 2;
  index["mediaType"] = std::string(ecr::kOciIndex);
  index["manifests"] = std::move(manifests);
  Response response = JsonResponse(index, std::string(ecr::kOciIndex));
  if (wanted) response.SetHeader("OCI-Filters-Applied", "artifactType");
  return response;
}

}  // namespace berth::services::registry
