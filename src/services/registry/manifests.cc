#include <algorithm>

#include "core/crypto.h"
#include "services/ecr/image_writes.h"
#include "services/ecr/model/manifest.h"
#include "services/ecr/model/validation.h"
#include "services/registry/endpoints.h"
#include "services/registry/oci_error_codes.h"
#include "store/blob_store.h"

namespace berth::services::registry {
namespace {

bool IsDigestReference(std::string_view reference) {
  return reference.find(':') != std::string_view::npos;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The media types an Accept header lists (parameters such as q= dropped). Repeated Accept
// headers add up.
std::vector<std::string_view> AcceptedTypes(const RequestHead& head) {
  std::vector<std::string_view> types;
  for (const Header& h : head.headers) {
    if (h.name != "accept") continue;
    std::string_view rest = h.value;
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      std::string_view item = rest.substr(0, comma);
      item = Trim(item.substr(0, item.find(';')));
      if (!item.empty()) types.push_back(item);
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
  }
  return types;
}

// A client that names manifest types gets one of them; one that names none (or */*) gets the
// manifest as stored. As ECR's BatchGetImage with acceptedMediaTypes, a manifest in no
// accepted type is not found.
bool Acceptable(const RequestHead& head, std::string_view media_type) {
  bool names_manifest_types = false;
  for (std::string_view type : AcceptedTypes(head)) {
    if (type == media_type || type == "*/*") return true;
    if (ecr::IsSupportedManifestType(type)) names_manifest_types = true;
  }
  return !names_manifest_types;
}

// Checks a tag or digest reference's syntax. A read (GET, HEAD) by a tag that cannot exist
// finds no manifest: 404 MANIFEST_UNKNOWN, as the OCI conformance suite requires; a write by
// one is TAG_INVALID.
Status CheckReference(const std::string& ref, bool read = false) {
  if (IsDigestReference(ref)) {
    if (!store::IsValidDigest(ref)) return oci::DigestInvalid("invalid digest '" + ref + "'");
  } else if (!ecr::IsValidImageTag(ref)) {
    if (read) return oci::ManifestUnknown("no manifest can have the tag '" + ref + "'");
    return oci::TagInvalid("invalid tag '" + ref + "'");
  }
  return Ok();
}

}  // namespace

Result<Response> GetManifest(EcrService& s, RegistryCall& call) {
  // The repository check and the image lookup in one read (see Registry: this endpoint checks
  // its repository itself), as every pull starts here.
  const std::string& ref = call.route.reference;
  if (!ecr::IsValidRepositoryName(call.route.name)) return oci::NameInvalid();
  BERTH_RETURN_IF_ERROR(CheckReference(ref, /*read=*/true));
  BERTH_ASSIGN_OR_RETURN(ecr::ImageLookup found,
                         s.store().LookupImage(call.registry_id, call.route.name, ref));
  if (!found.repo) return oci::NameUnknown(call.route.name);
  call.repo = std::move(*found.repo);
  if (!found.image) return oci::ManifestUnknown("manifest '" + ref + "' is not found");
  const ecr::Image& image = *found.image;
  if (!Acceptable(call.head(), image.media_type)) {
    return oci::ManifestUnknown("manifest " + image.digest + " is a " + image.media_type +
                                ", which the Accept header does not list");
  }
  auto file = s.blobs().Locate(image.digest);
  if (!file.ok()) return oci::ManifestUnknown("manifest " + image.digest + " has no content");
  if (call.head().method == "GET") {
    BERTH_RETURN_IF_ERROR(ecr::NotePull(s, call.repo, image, call.now));
  }
  Response response;
  response.SetHeader("Content-Type", image.media_type);
  response.SetHeader("Docker-Content-Digest", image.digest);
  response.SetHeader("Etag", "\"" + image.digest + "\"");
  response.file = *file;
  return response;
}

Result<Response> PutManifest(EcrService& s, RegistryCall& call) {
  const std::string& ref = call.route.reference;
  const std::string& body = call.request.body;
  std::optional<std::string> tag;
  BERTH_RETURN_IF_ERROR(CheckReference(ref));
  if (IsDigestReference(ref)) {
    const std::string actual = "sha256:" + crypto::Sha256Hex(body);
    if (actual != ref) {
      return oci::DigestMismatch("the manifest's digest is " + actual + ", not " + ref);
    }
  } else {
    tag = ref;
  }
  std::string_view declared;
  if (const std::string* type = call.head().Find("content-type")) {
    declared = Trim(std::string_view(*type).substr(0, type->find(';')));
  }
  auto write = ecr::WriteManifest(s, call.repo, body, declared, tag, call.now);
  if (!write.ok()) {
    const std::string& code = write.error().code;
    if (code == "LayersNotFoundException" || code == "ReferencedImagesNotFoundException") {
      return oci::ManifestBlobUnknown(write.error().message);
    }
    if (code == "InvalidParameterException") return oci::ManifestInvalid(write.error().message);
    return write.error();
  }
  if (write->outcome == ecr::PutImageOutcome::kTagImmutable) {
    return oci::TagInvalid("The image tag '" + *tag + "' already exists in the '" +
                           call.repo.name +
                           "' repository and cannot be overwritten because the repository is "
                           "immutable.");
  }
  Response response;
  response.status = 201;
  response.SetHeader("Location", ManifestLocation(call.repo.name, write->digest));
  response.SetHeader("Docker-Content-Digest", write->digest);
  if (write->manifest.subject) response.SetHeader("OCI-Subject", write->manifest.subject->digest);
  return response;
}

Result<Response> DeleteManifest(EcrService& s, RegistryCall& call) {
  const std::string& ref = call.route.reference;
  ecr::ImageDeletion done;
  BERTH_RETURN_IF_ERROR(CheckReference(ref));
  if (IsDigestReference(ref)) {
    BERTH_ASSIGN_OR_RETURN(done, s.store().DeleteImage(call.repo.id, ref));
  } else {
    BERTH_ASSIGN_OR_RETURN(done, s.store().RemoveTag(call.repo.id, ref));
  }
  switch (done.outcome) {
    case ecr::ImageDeletion::Outcome::kNotFound:
      return oci::ManifestUnknown("manifest '" + ref + "' is not found");
    case ecr::ImageDeletion::Outcome::kReferenced: {
      std::string parents;
      for (const auto& p : done.parents) parents += (parents.empty() ? "" : ", ") + p;
      return oci::Denied("the image is referenced by manifest list: [" + parents + "]");
    }
    case ecr::ImageDeletion::Outcome::kDeleted:
      break;
  }
  Response response;
  response.status = 202;
  return response;
}

}  // namespace berth::services::registry
