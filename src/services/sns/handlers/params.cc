#include "services/sns/handlers/params.h"

#include <strings.h>

#include "services/sns/model/errors.h"

namespace berth::services::sns::handlers {

std::optional<std::string> Optional(const Document& in, std::string_view name) {
  const Document* v = in.is_map() ? in.Find(name) : nullptr;
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return v->as_string();
}

Result<std::string> Required(const Document& in, std::string_view name) {
  auto v = Optional(in, name);
  if (!v || v->empty()) return errors::InvalidParameter(name);
  return *v;
}

Result<bool> Bool(const Document& in, std::string_view name, bool fallback) {
  auto v = Optional(in, name);
  if (!v) return fallback;
  if (strcasecmp(v->c_str(), "true") == 0) return true;
  if (strcasecmp(v->c_str(), "false") == 0) return false;
  return errors::InvalidParameter(name);
}

Attributes StringMap(const Document& in, std::string_view name) {
  Attributes out;
  const Document* map = in.is_map() ? in.Find(name) : nullptr;
  if (map == nullptr || !map->is_map()) return out;
  for (const auto& [key, value] : map->as_map())
    if (value.is_string()) out[key] = value.as_string();
  return out;
}

Result<Tags> ReadTags(const Document& in, std::string_view name) {
  Tags tags;
  const Document* list = in.is_map() ? in.Find(name) : nullptr;
  if (list == nullptr) return tags;
  if (!list->is_list()) return errors::InvalidParameter(name);
  for (const Document& tag : list->as_list()) {
    auto key = Optional(tag, "Key");
    auto value = Optional(tag, "Value");
    if (!key || key->empty() || key->size() > 128) {
      return errors::InvalidParameter("Tags Reason: Tag keys must be between 1 and 128 characters");
    }
    if (!value) value = "";
    if (value->size() > 256) {
      return errors::InvalidParameter("Tags Reason: Tag values must be at most 256 characters");
    }
    tags[*key] = *value;
  }
  if (tags.size() > kMaxTagsPerTopic) return errors::TagLimitExceeded();
  return tags;
}

Document EntryMap(const Attributes& attributes) {
  Document out = Document::MakeMap();
  for (const auto& [key, value] : attributes) {
    Document entry = Document::MakeMap();
    entry["key"] = key;
    entry["value"] = value;
    // Repeated "entry" members: the XML writer writes each as <entry>.
    out.as_map().emplace_back("entry", std::move(entry));
  }
  return out;
}

}  // namespace berth::services::sns::handlers
