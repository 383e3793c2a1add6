#include "services/ecr/model/validation.h"

#include <set>
#include <string>

#include "auth/policy/compiled_policy.h"
#include "protocol/json_reader.h"
#include "services/ecr/model/errors.h"

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

Error LifecycleInvalid(const std::string& why) {
  return errors::InvalidParameter(
      "Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: 'Lifecycle "
      "policy validation failure: " + why + "'");
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

Status CheckLifecyclePolicy(std::string_view text) {
  auto doc = protocol::ParseJson(text);
  if (!doc.ok() || !doc->is_map()) return LifecycleInvalid("the policy is not a JSON object");
  const Document* rules = doc->Find("rules");
  if (rules == nullptr || !rules->is_list() || rules->as_list().empty())
    return LifecycleInvalid("object has missing required properties ([\"rules\"])");
  std::set<int64_t> priorities;
  for (const auto& rule : rules->as_list()) {
    if (!rule.is_map()) return LifecycleInvalid("each rule must be an object");
    const Document* priority = rule.Find("rulePriority");
    if (priority == nullptr || priority->kind() != Document::Kind::kInt ||
        priority->as_int() < 1)
      return LifecycleInvalid("rulePriority must be a positive integer");
    if (!priorities.insert(priority->as_int()).second)
      return LifecycleInvalid("rulePriority values must be unique");
    const Document* selection = rule.Find("selection");
    if (selection == nullptr || !selection->is_map())
      return LifecycleInvalid("object has missing required properties ([\"selection\"])");
    const Document* tag_status = selection->Find("tagStatus");
    if (tag_status == nullptr || !tag_status->is_string() ||
        (tag_status->as_string() != "tagged" && tag_status->as_string() != "untagged" &&
         tag_status->as_string() != "any"))
      return LifecycleInvalid("selection.tagStatus must be one of tagged, untagged, any");
    if (tag_status->as_string() == "tagged") {
      const Document* prefixes = selection->Find("tagPrefixList");
      const Document* patterns = selection->Find("tagPatternList");
      if ((prefixes == nullptr || !prefixes->is_list() || prefixes->as_list().empty()) &&
          (patterns == nullptr || !patterns->is_list() || patterns->as_list().empty()))
        return LifecycleInvalid("tagPrefixList or tagPatternList is required when tagStatus is "
                                "tagged");
    }
    const Document* count_type = selection->Find("countType");
    if (count_type == nullptr || !count_type->is_string() ||
        (count_type->as_string() != "imageCountMoreThan" &&
         count_type->as_string() != "sinceImagePushed"))
      return LifecycleInvalid("selection.countType must be imageCountMoreThan or "
                              "sinceImagePushed");
    const Document* count = selection->Find("countNumber");
    if (count == nullptr || count->kind() != Document::Kind::kInt || count->as_int() < 1)
      return LifecycleInvalid("selection.countNumber must be a positive integer");
    if (count_type->as_string() == "sinceImagePushed") {
      const Document* unit = selection->Find("countUnit");
      if (unit == nullptr || !unit->is_string() || unit->as_string() != "days")
        return LifecycleInvalid("countUnit must be days when countType is sinceImagePushed");
    }
    const Document* action = rule.Find("action");
    const Document* type = action != nullptr ? action->Find("type") : nullptr;
    if (type == nullptr || !type->is_string() || type->as_string() != "expire")
      return LifecycleInvalid("action.type must be expire");
  }
  return Ok();
}

}  // namespace berth::services::ecr
