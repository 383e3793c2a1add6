#include "services/sts/model/validation.h"

#include <algorithm>
#include <charconv>

#include "services/sts/model/errors.h"

namespace berth::services::sts {
namespace {

bool IsWord(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

bool AllOf(std::string_view s, std::string_view extra) {
  return std::all_of(s.begin(), s.end(), [&](char c) {
    return IsWord(c) || extra.find(c) != std::string_view::npos;
  });
}

bool IsAccountId(std::string_view s) {
  return s.size() == 12 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::optional<RoleArnParts> ParseRoleArn(std::string_view arn) {
  constexpr std::string_view kPrefix = "arn:aws:iam::";
  if (arn.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  arn.remove_prefix(kPrefix.size());
  const auto colon = arn.find(':');
  if (colon == std::string_view::npos || !IsAccountId(arn.substr(0, colon))) return std::nullopt;
  RoleArnParts parts{std::string(arn.substr(0, colon)), {}};
  std::string_view rest = arn.substr(colon + 1);
  if (rest.substr(0, 5) != "role/") return std::nullopt;
  const auto slash = rest.rfind('/');
  parts.name = std::string(rest.substr(slash + 1));
  if (parts.name.empty()) return std::nullopt;
  return parts;
}

Result<std::chrono::seconds> SessionDuration(const Document& in, std::chrono::seconds fallback,
                                             std::chrono::seconds max) {
  const Document* value = in.is_map() ? in.Find("DurationSeconds") : nullptr;
  if (value == nullptr || !value->is_string()) return fallback;
  const std::string& text = value->as_string();
  int64_t seconds = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (ec != std::errc() || ptr != text.data() + text.size()) {
    return errors::Validation("Value '" + text + "' for parameter DurationSeconds is invalid.");
  }
  if (seconds < kMinSession.count()) {
    return errors::Constraint(text, "durationSeconds",
                              "Member must have value greater than or equal to 900");
  }
  if (seconds > max.count()) {
    return errors::Constraint(text, "durationSeconds",
                              "Member must have value less than or equal to " +
                                  std::to_string(max.count()));
  }
  return std::chrono::seconds(seconds);
}

Status CheckSessionName(std::string_view name) {
  if (name.size() < 2) {
    return errors::Constraint(name, "roleSessionName",
                              "Member must have length greater than or equal to 2");
  }
  if (name.size() > 64) {
    return errors::Constraint(name, "roleSessionName",
                              "Member must have length less than or equal to 64");
  }
  if (!AllOf(name, "+=,.@-")) {
    return errors::Constraint(name, "roleSessionName",
                              "Member must satisfy regular expression pattern: [\\w+=,.@-]*");
  }
  return Ok();
}

Status CheckExternalId(std::string_view id) {
  if (id.size() < 2) {
    return errors::Constraint(id, "externalId",
                              "Member must have length greater than or equal to 2");
  }
  if (id.size() > 1224) {
    return errors::Constraint(id, "externalId",
                              "Member must have length less than or equal to 1224");
  }
  if (!AllOf(id, "+=,.@:/-")) {
    return errors::Constraint(id, "externalId",
                              "Member must satisfy regular expression pattern: [\\w+=,.@:/-]*");
  }
  return Ok();
}

}  // namespace berth::services::sts
