#include "services/registry/registry_call.h"

#include "core/url.h"

namespace berth::services::registry {

std::optional<std::string> RegistryCall::Query(std::string_view name) const {
  if (head().query.empty()) return std::nullopt;
  auto params = url::ParseQuery(head().query, false);
  if (!params) return std::nullopt;
  for (auto& [key, value] : *params)
    if (key == name) return std::move(value);
  return std::nullopt;
}

std::string UploadLocation(const std::string& name, const std::string& upload_id) {
  return "/v2/" + name + "/blobs/uploads/" + upload_id;
}

std::string BlobLocation(const std::string& name, const std::string& digest) {
  return "/v2/" + name + "/blobs/" + digest;
}

std::string ManifestLocation(const std::string& name, const std::string& digest) {
  return "/v2/" + name + "/manifests/" + digest;
}

}  // namespace berth::services::registry
