#include "services/iam/handlers/params.h"

#include <cctype>

#include "auth/credential_store.h"
#include "services/iam/model/errors.h"

namespace berth::services::iam::handlers {

std::optional<std::string> Optional(const Document& in, std::string_view name) {
  const Document* v = in.is_map() ? in.Find(name) : nullptr;
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return v->as_string();
}

Result<std::string> Required(const Document& in, std::string_view name) {
  auto v = Optional(in, name);
  if (!v || v->empty()) {
    std::string member(name);
    member[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(member[0])));
    return errors::Validation("1 validation error detected: Value null at '" + member +
                              "' failed to satisfy constraint: Member must not be null");
  }
  return *v;
}

Result<std::string> RequiredPolicyArn(const Document& in, std::string_view account) {
  BERTH_ASSIGN_OR_RETURN(std::string arn, Required(in, "PolicyArn"));
  constexpr std::string_view kPrefix = "arn:aws:iam::";
  if (arn.rfind(kPrefix, 0) == 0) {
    const std::string_view owner = std::string_view(arn).substr(
        kPrefix.size(), arn.find(':', kPrefix.size()) - kPrefix.size());
    if (owner != "aws" && owner != account) return errors::NoSuchPolicy(arn);
  }
  return arn;
}

Result<std::optional<bool>> OptionalBool(const Document& in, std::string_view name) {
  auto v = Optional(in, name);
  if (!v) return std::optional<bool>();
  if (*v == "true") return std::optional<bool>(true);
  if (*v == "false") return std::optional<bool>(false);
  return errors::Validation("Value '" + *v + "' for " + std::string(name) + " is not a boolean.");
}

Status CheckPolicyName(std::string_view name) {
  if (!auth::IsValidUserName(name.substr(0, 64)) || name.size() > 128) {
    return errors::Validation(
        "The specified value for policyName is invalid. It must contain "
        "only alphanumeric characters and/or the following: +=,.@_-");
  }
  return Ok();
}

}  // namespace berth::services::iam::handlers
