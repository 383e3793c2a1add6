#pragma once
// The errors of the OCI Distribution Specification (section "Error Codes"), with the HTTP
// status each endpoint answers them with. The wire shape is protocol::EncodeOciError's.

#include <string>

#include "core/result.h"
#include "store/disk_reserve.h"

namespace berth::services::registry::oci {

inline Error BlobUnknown() { return {"BLOB_UNKNOWN", "blob unknown to registry", 404}; }
inline Error BlobUploadUnknown() {
  return {"BLOB_UPLOAD_UNKNOWN", "blob upload unknown to registry", 404};
}
inline Error BlobUploadInvalid(std::string why) {
  return {"BLOB_UPLOAD_INVALID", "blob upload invalid: " + why, 400};
}
// A chunk that does not continue the upload where it stands (416 Range Not Satisfiable).
inline Error RangeInvalid(std::string why) {
  return {"BLOB_UPLOAD_INVALID", "blob upload invalid: " + why, 416};
}
// A digest that is not one (any request).
inline Error DigestInvalid(std::string why) {
  return {"DIGEST_INVALID", "digest invalid: " + why, 400};
}
// Uploaded content (a blob, a manifest PUT by digest) whose digest is not the one named.
inline Error DigestMismatch(std::string why) {
  return {"DIGEST_INVALID", "provided digest did not match uploaded content: " + why, 400};
}
inline Error ManifestBlobUnknown(std::string why) {
  return {"MANIFEST_BLOB_UNKNOWN", "manifest references a manifest or blob unknown to registry: " + why, 400};
}
inline Error ManifestInvalid(std::string why) {
  return {"MANIFEST_INVALID", "manifest invalid: " + why, 400};
}
inline Error ManifestUnknown(std::string why = "manifest unknown") {
  return {"MANIFEST_UNKNOWN", std::move(why), 404};
}
inline Error NameInvalid() { return {"NAME_INVALID", "invalid repository name", 400}; }
inline Error NameUnknown(const std::string& name) {
  return {"NAME_UNKNOWN", "repository name not known to registry: " + name, 404};
}
inline Error SizeInvalid(std::string why) {
  return {"SIZE_INVALID", "provided length did not match content length: " + why, 400};
}
inline Error TagInvalid(std::string why) { return {"TAG_INVALID", "tag invalid: " + why, 400}; }
inline Error Unauthorized() {
  return {"UNAUTHORIZED", "authentication required", 401};
}
inline Error Denied(std::string why) {
  return {"DENIED", "requested access to the resource is denied: " + why, 403};
}
inline Error Unsupported(std::string why) {
  return {"UNSUPPORTED", "the operation is unsupported: " + why, 405};
}
// The account's cap on unfinished uploads (`--max-uploads`) is reached: the spec's
// TOOMANYREQUESTS, 429, which clients back off from and retry.
inline Error TooManyUploads(const std::string& why) {
  return {"TOOMANYREQUESTS", "too many requests: " + why, 429};
}
inline Error PayloadTooLarge(uint64_t limit) {
  return {"SIZE_INVALID", "the request body exceeds " + std::to_string(limit) + " bytes", 413};
}
// Free space below the disk reserve: 507 Insufficient Storage, which docker and containerd show
// as such (they print no error body for a 5xx); DENIED is the spec's nearest code.
inline Error InsufficientSpace(uint64_t reserve_bytes) {
  return {"DENIED", store::ReserveMessage(reserve_bytes), 507};
}

}  // namespace berth::services::registry::oci
