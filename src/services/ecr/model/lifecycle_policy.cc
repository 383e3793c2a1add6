#include "services/ecr/model/lifecycle_policy.h"

#include <algorithm>
#include <chrono>
#include <initializer_list>
#include <set>

#include "protocol/json_reader.h"
#include "services/ecr/model/errors.h"

namespace berth::services::ecr {
namespace {

constexpr size_t kMaxWildcards = 4;

// ECR validates the policy against a JSON schema and quotes the validator's message.
Error Invalid(std::string_view why) {
  return errors::InvalidParameter(
      "Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: 'Lifecycle "
      "policy validation failure: " + std::string(why) + "'");
}

std::string JsonList(const std::vector<std::string>& names) {
  std::string out = "[";
  for (size_t i = 0; i < names.size(); ++i) out += (i ? ",\"" : "\"") + names[i] + "\"";
  return out + "]";
}

const char* TypeName(const Document& d) {
  switch (d.kind()) {
    case Document::Kind::kNull: return "null";
    case Document::Kind::kBool: return "boolean";
    case Document::Kind::kInt: return "integer";
    case Document::Kind::kDouble: return "number";
    case Document::Kind::kList: return "array";
    case Document::Kind::kMap: return "object";
    default: return "string";
  }
}

Error WrongType(const Document& d, const char* allowed) {
  return Invalid(std::string("instance type (") + TypeName(d) +
                 ") does not match any allowed primitive type (allowed: [\"" + allowed + "\"])");
}

// The object's required members are present and it has no other: the schema's first checks.
Status CheckMembers(const Document& object, std::initializer_list<std::string_view> required,
                    std::initializer_list<std::string_view> optional) {
  std::vector<std::string> missing, extra;
  for (std::string_view name : required) {
    if (object.Find(name) == nullptr) missing.emplace_back(name);
  }
  if (!missing.empty()) {
    std::sort(missing.begin(), missing.end());
    return Invalid("object has missing required properties (" + JsonList(missing) + ")");
  }
  for (const auto& [name, value] : object.as_map()) {
    const auto known = [&](std::initializer_list<std::string_view> names) {
      return std::find(names.begin(), names.end(), name) != names.end();
    };
    if (!known(required) && !known(optional)) extra.push_back(name);
  }
  if (!extra.empty()) {
    std::sort(extra.begin(), extra.end());
    return Invalid("object instance has properties which are not allowed by the schema: (" +
                   JsonList(extra) + ")");
  }
  return Ok();
}

Result<int64_t> PositiveInt(const Document& d) {
  if (d.kind() != Document::Kind::kInt) return WrongType(d, "integer");
  if (d.as_int() < 1) {
    return Invalid("numeric instance is lower than the required minimum (minimum: 1, found: " +
                   std::to_string(d.as_int()) + ")");
  }
  return d.as_int();
}

Result<std::string> EnumValue(const Document& d, std::initializer_list<std::string_view> values) {
  if (!d.is_string()) return WrongType(d, "string");
  for (std::string_view v : values) {
    if (d.as_string() == v) return d.as_string();
  }
  std::vector<std::string> names(values.begin(), values.end());
  return Invalid("instance value (\"" + d.as_string() + "\") not found in enum (possible values: " +
                 JsonList(names) + ")");
}

Result<std::vector<std::string>> StringList(const Document& d) {
  if (!d.is_list()) return WrongType(d, "array");
  if (d.as_list().empty()) {
    return Invalid("array is too short: must have at least 1 elements but instance has 0 "
                   "elements");
  }
  std::vector<std::string> out;
  for (const auto& item : d.as_list()) {
    if (!item.is_string()) return WrongType(item, "string");
    out.push_back(item.as_string());
  }
  return out;
}

Status ParseSelection(const Document& selection, LifecycleRule& rule) {
  if (!selection.is_map()) return WrongType(selection, "object");
  BERTH_RETURN_IF_ERROR(CheckMembers(selection, {"tagStatus", "countType", "countNumber"},
                                     {"tagPrefixList", "tagPatternList", "countUnit"}));
  BERTH_ASSIGN_OR_RETURN(std::string status,
                         EnumValue(*selection.Find("tagStatus"), {"tagged", "untagged", "any"}));
  rule.tag_status = status == "tagged"     ? LifecycleTagStatus::kTagged
                    : status == "untagged" ? LifecycleTagStatus::kUntagged
                                           : LifecycleTagStatus::kAny;
  // The schema is one of two shapes: imageCountMoreThan without a unit, sinceImagePushed with
  // countUnit "days". Anything else matches neither.
  const Document& type = *selection.Find("countType");
  const Document* unit = selection.Find("countUnit");
  const bool by_count = type.is_string() && type.as_string() == "imageCountMoreThan";
  const bool by_age = type.is_string() && type.as_string() == "sinceImagePushed";
  const bool unit_ok = unit == nullptr
                           ? by_count
                           : by_age && unit->is_string() && unit->as_string() == "days";
  if (!unit_ok) return Invalid("instance failed to match exactly one schema (matched 0 out of 2)");
  rule.count_type =
      by_count ? LifecycleCountType::kImageCountMoreThan : LifecycleCountType::kSinceImagePushed;
  BERTH_ASSIGN_OR_RETURN(rule.count_number, PositiveInt(*selection.Find("countNumber")));

  const Document* prefixes = selection.Find("tagPrefixList");
  const Document* patterns = selection.Find("tagPatternList");
  if (rule.tag_status != LifecycleTagStatus::kTagged) {
    if (prefixes != nullptr || patterns != nullptr) {
      return Invalid("tagPrefixList and tagPatternList can only be used when tagStatus=TAGGED.");
    }
    return Ok();
  }
  if (prefixes == nullptr && patterns == nullptr) {
    return Invalid("Must specify tagPrefixList or tagPatternList when tagStatus=TAGGED.");
  }
  if (prefixes != nullptr && patterns != nullptr) {
    return Invalid("Cannot specify both tagPrefixList and tagPatternList in one rule.");
  }
  if (prefixes != nullptr) {
    BERTH_ASSIGN_OR_RETURN(rule.tag_prefixes, StringList(*prefixes));
    return Ok();
  }
  BERTH_ASSIGN_OR_RETURN(rule.tag_patterns, StringList(*patterns));
  for (const auto& pattern : rule.tag_patterns) {
    if (static_cast<size_t>(std::count(pattern.begin(), pattern.end(), '*')) > kMaxWildcards) {
      return Invalid("Tag pattern '" + pattern + "' has more than 4 wildcards (*).");
    }
  }
  return Ok();
}

Result<LifecycleRule> ParseRule(const Document& item) {
  if (!item.is_map()) return WrongType(item, "object");
  BERTH_RETURN_IF_ERROR(CheckMembers(item, {"rulePriority", "selection", "action"},
                                     {"description"}));
  LifecycleRule rule;
  BERTH_ASSIGN_OR_RETURN(rule.priority, PositiveInt(*item.Find("rulePriority")));
  if (const Document* description = item.Find("description")) {
    if (!description->is_string()) return WrongType(*description, "string");
    rule.description = description->as_string();
  }
  BERTH_RETURN_IF_ERROR(ParseSelection(*item.Find("selection"), rule));
  const Document& action = *item.Find("action");
  if (!action.is_map()) return WrongType(action, "object");
  BERTH_RETURN_IF_ERROR(CheckMembers(action, {"type"}, {}));
  BERTH_RETURN_IF_ERROR(StatusOf(EnumValue(*action.Find("type"), {"expire"})));
  return rule;
}

}  // namespace

Result<LifecyclePolicy> ParseLifecyclePolicy(std::string_view text) {
  auto doc = protocol::ParseJson(text);
  if (!doc.ok() || !doc->is_map()) {
    return Invalid("Could not map policyString into LifecyclePolicy.");
  }
  BERTH_RETURN_IF_ERROR(CheckMembers(*doc, {"rules"}, {}));
  const Document& rules = *doc->Find("rules");
  if (!rules.is_list()) return WrongType(rules, "array");
  if (rules.as_list().empty()) {
    return Invalid("array is too short: must have at least 1 elements but instance has 0 "
                   "elements");
  }
  LifecyclePolicy policy;
  std::set<int64_t> priorities;
  for (const auto& item : rules.as_list()) {
    BERTH_ASSIGN_OR_RETURN(LifecycleRule rule, ParseRule(item));
    if (!priorities.insert(rule.priority).second) {
      return Invalid("Rule priorities must be unique: " + std::to_string(rule.priority) +
                     " is used twice.");
    }
    policy.rules.push_back(std::move(rule));
  }
  std::sort(policy.rules.begin(), policy.rules.end(),
            [](const LifecycleRule& a, const LifecycleRule& b) { return a.priority < b.priority; });
  size_t untagged = 0;
  for (size_t i = 0; i < policy.rules.size(); ++i) {
    const LifecycleTagStatus status = policy.rules[i].tag_status;
    if (status == LifecycleTagStatus::kAny && i + 1 != policy.rules.size()) {
      return Invalid("Rule for tagStatus=ANY must have the lowest priority per storage class");
    }
    if (status == LifecycleTagStatus::kUntagged && ++untagged > 1) {
      return Invalid("Only one rule can select Untagged images per storage class");
    }
  }
  return policy;
}

bool MatchesTagPattern(std::string_view pattern, std::string_view tag) {
  // Greedy wildcard match with one backtrack point: linear enough for ≤ 4 stars and 128-byte
  // tags.
  size_t p = 0, t = 0, star = std::string_view::npos, resume = 0;
  while (t < tag.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (p < pattern.size() && pattern[p] == tag[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool Selects(const LifecycleRule& rule, const Image& image) {
  switch (rule.tag_status) {
    case LifecycleTagStatus::kAny: return true;
    case LifecycleTagStatus::kUntagged: return image.tags.empty();
    case LifecycleTagStatus::kTagged: break;
  }
  if (image.tags.empty()) return false;
  // Every listed prefix (pattern) must be matched by one of the image's tags.
  const auto any_tag = [&](auto&& matches) {
    return std::any_of(image.tags.begin(), image.tags.end(), matches);
  };
  for (const auto& prefix : rule.tag_prefixes) {
    if (!any_tag([&](const std::string& tag) { return tag.starts_with(prefix); })) return false;
  }
  for (const auto& pattern : rule.tag_patterns) {
    if (!any_tag([&](const std::string& tag) { return MatchesTagPattern(pattern, tag); }))
      return false;
  }
  return true;
}

std::vector<LifecycleExpiry> EvaluateLifecyclePolicy(const LifecyclePolicy& policy,
                                                     const std::vector<Image>& images,
                                                     TimePoint now) {
  // Newest first; a tie broken by digest so that an evaluation is repeatable.
  std::vector<size_t> by_age(images.size());
  for (size_t i = 0; i < by_age.size(); ++i) by_age[i] = i;
  std::sort(by_age.begin(), by_age.end(), [&](size_t a, size_t b) {
    if (images[a].pushed_at != images[b].pushed_at) {
      return images[a].pushed_at > images[b].pushed_at;
    }
    return images[a].digest < images[b].digest;
  });
  std::vector<bool> claimed(images.size(), false);  // selected by an earlier rule
  std::vector<LifecycleExpiry> out;
  for (const LifecycleRule& rule : policy.rules) {
    std::vector<size_t> selected;
    for (size_t i : by_age) {
      if (Selects(rule, images[i])) selected.push_back(i);
    }
    std::vector<size_t> marked;
    if (rule.count_type == LifecycleCountType::kImageCountMoreThan) {
      for (size_t k = static_cast<size_t>(rule.count_number); k < selected.size(); ++k) {
        marked.push_back(selected[k]);
      }
    } else {
      const TimePoint cutoff = now - std::chrono::hours(24) * rule.count_number;
      for (size_t i : selected) {
        if (images[i].pushed_at < cutoff) marked.push_back(i);
      }
    }
    for (auto it = marked.rbegin(); it != marked.rend(); ++it) {
      if (!claimed[*it]) out.push_back({*it, rule.priority});
    }
    for (size_t i : selected) claimed[i] = true;
  }
  return out;
}

}  // namespace berth::services::ecr
