#include "pipeline/audit_fields.h"

namespace berth::pipeline {

Document SelectFields(const Document& doc, const std::vector<std::string>& fields) {
  if (fields.empty() || !doc.is_map()) return Document();
  if (fields.size() == 1 && fields[0] == "*") return doc;
  Document out;
  for (const auto& name : fields) {
    if (const Document* value = doc.Find(name)) out[name] = *value;
  }
  return out;
}

}  // namespace berth::pipeline
