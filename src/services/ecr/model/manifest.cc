#include "services/ecr/model/manifest.h"

#include "protocol/json_reader.h"
#include "services/ecr/model/errors.h"
#include "store/blob_store.h"

namespace berth::services::ecr {
namespace {

Error Invalid(const std::string& why) {
  return errors::InvalidParameter("Invalid parameter at 'ImageManifest' failed to satisfy "
                                  "constraint: 'Invalid JSON syntax' (" + why + ")");
}

Result<Descriptor> ParseDescriptor(const Document& d, const std::string& where) {
  if (!d.is_map()) return Invalid(where + " is not an object");
  Descriptor out;
  const Document* media_type = d.Find("mediaType");
  const Document* digest = d.Find("digest");
  const Document* size = d.Find("size");
  if (media_type == nullptr || !media_type->is_string()) return Invalid(where + ".mediaType");
  if (digest == nullptr || !digest->is_string() || !store::IsValidDigest(digest->as_string()))
    return Invalid(where + ".digest");
  if (size == nullptr || size->kind() != Document::Kind::kInt || size->as_int() < 0)
    return Invalid(where + ".size");
  out.media_type = media_type->as_string();
  out.digest = digest->as_string();
  out.size = static_cast<uint64_t>(size->as_int());
  return out;
}

}  // namespace

bool IsSupportedManifestType(std::string_view t) {
  return t == kOciManifest || t == kOciIndex || t == kDockerManifest || t == kDockerManifestList;
}

Result<Manifest> ParseManifest(std::string_view bytes, std::string_view declared) {
  auto parsed = protocol::ParseJson(bytes);
  if (!parsed.ok()) return Invalid(parsed.error().message);
  const Document& doc = *parsed;
  if (!doc.is_map()) return Invalid("the manifest is not a JSON object");
  const Document* version = doc.Find("schemaVersion");
  if (version == nullptr || version->kind() != Document::Kind::kInt || version->as_int() != 2)
    return Invalid("schemaVersion must be 2");

  Manifest m;
  const Document* media_type = doc.Find("mediaType");
  if (media_type != nullptr && !media_type->is_string()) return Invalid("mediaType");
  if (media_type != nullptr) {
    m.media_type = media_type->as_string();
    if (!declared.empty() && declared != m.media_type) {
      return errors::InvalidParameter(
          "Invalid parameter at 'imageManifestMediaType' failed to satisfy constraint: 'the "
          "manifest's mediaType " + m.media_type + " does not match " + std::string(declared) +
          "'");
    }
  } else if (!declared.empty()) {
    m.media_type = std::string(declared);
  } else {
    m.media_type = std::string(doc.Find("manifests") != nullptr ? kOciIndex : kOciManifest);
  }
  if (!IsSupportedManifestType(m.media_type)) {
    return errors::InvalidParameter("Invalid parameter at 'imageManifestMediaType' failed to "
                                    "satisfy constraint: 'unsupported media type " +
                                    m.media_type + "'");
  }
  m.is_index = m.media_type == kOciIndex || m.media_type == kDockerManifestList;

  if (m.is_index) {
    const Document* manifests = doc.Find("manifests");
    if (manifests == nullptr || !manifests->is_list()) return Invalid("manifests is required");
    for (size_t i = 0; i < manifests->as_list().size(); ++i) {
      BERTH_ASSIGN_OR_RETURN(
          auto d, ParseDescriptor(manifests->as_list()[i], "manifests[" + std::to_string(i) + "]"));
      m.manifests.push_back(std::move(d));
    }
  } else {
    const Document* config = doc.Find("config");
    if (config == nullptr) return Invalid("config is required");
    BERTH_ASSIGN_OR_RETURN(auto c, ParseDescriptor(*config, "config"));
    m.config = std::move(c);
    const Document* layers = doc.Find("layers");
    if (layers == nullptr || !layers->is_list()) return Invalid("layers is required");
    for (size_t i = 0; i < layers->as_list().size(); ++i) {
      BERTH_ASSIGN_OR_RETURN(
          auto d, ParseDescriptor(layers->as_list()[i], "layers[" + std::to_string(i) + "]"));
      m.layers_size += d.size;
      m.layers.push_back(std::move(d));
    }
  }
  if (const Document* subject = doc.Find("subject")) {
    BERTH_ASSIGN_OR_RETURN(auto s, ParseDescriptor(*subject, "subject"));
    m.subject = std::move(s);
  }
  if (const Document* artifact_type = doc.Find("artifactType")) {
    if (!artifact_type->is_string()) return Invalid("artifactType");
    m.artifact_type = artifact_type->as_string();
  }
  return m;
}

}  // namespace berth::services::ecr
