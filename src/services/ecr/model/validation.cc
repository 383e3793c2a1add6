#include "services/ecr/model/validation.h"

#include <string>

#include "auth/policy/compiled_policy.h"
#include "protocol/json_reader.h"
#include "services/ecr/model/errors.h"
#include "services/ecr/model/lifecycle_policy.h"

namespace berth::services::ecr {
namespace {

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// One path component: [a-z0-9]+(?:[._-][a-z0-9]+)*
bool IsValidComponent(std::string_view s) {
  if (s.empty() || !IsLowerAlnum(s.front()) || !IsLowerAlnum(s.back())) return false;
  for (size_t i = 1; i < s.size(); ++i) {
    const bool sep = s[i] == '.' || s[i] == '_' || s[i] == '-';
    if (!IsLowerAlnum(s[i]) && !sep) return false;
    if (sep && !IsLowerAlnum(s[i - 1])) return false;
  }
  return true;
}

}  // namespace

bool IsValidRepositoryName(std::string_view name) {
  if (name.size() < 2 || name.size() > 256) return false;
  size_t start = 0;
  while (true) {
    size_t slash = name.find('/', start);
    if (!IsValidComponent(name.substr(start, slash == std::string_view::npos ? slash
                                                                             : slash - start)))
      return false;
    if (slash == std::string_view::npos) return true;
    start = slash + 1;
  }
}

bool IsValidImageTag(std::string_view tag) {
  if (tag.empty() || tag.size() > 128) return false;
  auto word = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  };
  if (!word(tag.front())) return false;
  for (char c : tag.substr(1))
    if (!word(c) && c != '.' && c != '-') return false;
  return true;
}

Status CheckRepositoryName(std::string_view name) {
  if (IsValidRepositoryName(name)) return Ok();
  return errors::InvalidParameter(
      "Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular "
      "expression '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*''");
}

Status CheckRepositoryPolicy(std::string_view text) {
  auto doc = protocol::ParseJson(text);
  if (!doc.ok() || !doc->is_map()) {
    return errors::InvalidParameter(
        "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid repository "
        "policy provided'");
  }
  const Document* statement = doc->Find("Statement");
  if (statement == nullptr || !(statement->is_map() || statement->is_list())) {
    return errors::InvalidParameter(
        "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid repository "
        "policy provided: the policy must contain a Statement'");
  }
  // The policy is enforced: it must be one the engine can (Principal required, known
  // actions' shape, valid condition values), or it would silently grant nothing. An empty
  // statement list grants nothing and is kept as ECR keeps it.
  if (statement->is_list() && statement->as_list().empty()) return Ok();
  auto compiled = auth::policy::CompiledPolicy::FromText(
      text, auth::policy::ParseOptions{.kind = auth::policy::PolicyKind::kResource},
      "repository policy");
  if (!compiled.ok()) {
    return errors::InvalidParameter(
        "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid repository "
        "policy provided: " + compiled.error().message + "'");
  }
  return Ok();
}

Status CheckRegistryPolicy(std::string_view text) {
  auto compiled = auth::policy::CompiledPolicy::FromText(
      text, auth::policy::ParseOptions{.kind = auth::policy::PolicyKind::kResource},
      "registry policy");
  if (!compiled.ok()) {
    return errors::InvalidParameter(
        "Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid registry "
        "policy provided: " + compiled.error().message + "'");
  }
  return Ok();
}

Status CheckLifecyclePolicy(std::string_view text) {
  return StatusOf(ParseLifecyclePolicy(text));
}

}  // namespace berth::services::ecr
