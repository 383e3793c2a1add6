#include "services/logs/model/arn.h"

#include <optional>

#include "services/logs/model/errors.h"
#include "services/logs/model/validation.h"

namespace berth::services::logs {
namespace {

constexpr std::string_view kPrefix = "arn:aws:logs:";
constexpr std::string_view kGroup = ":log-group:";
constexpr std::string_view kIdentifierPattern = R"([\w#+=/:,.@-]*)";
constexpr std::string_view kResourceArnPattern = R"([\w+=/:,.@-]*)";

// \w and the listed punctuation: what the model's patterns allow.
bool Matches(std::string_view value, std::string_view punctuation) {
  for (char c : value) {
    const bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '_';
    if (!word && punctuation.find(c) == std::string_view::npos) return false;
  }
  return true;
}

// The first constraint `value` breaks: length in [1, max], then the pattern.
std::optional<std::string> Broken(std::string_view value, size_t max, std::string_view pattern,
                                  std::string_view punctuation) {
  if (value.empty()) return "Member must have length greater than or equal to 1";
  if (value.size() > max) {
    return "Member must have length less than or equal to " + std::to_string(max);
  }
  if (!Matches(value, punctuation)) {
    return "Member must satisfy regular expression pattern: " + std::string(pattern);
  }
  return std::nullopt;
}

}  // namespace

Status CheckLogGroupIdentifier(std::string_view identifier, std::string_view member) {
  auto broken = Broken(identifier, 2048, kIdentifierPattern, "#+=/:,.@-");
  if (broken) return errors::ConstraintViolated(member, identifier, *broken);
  return Ok();
}

Status CheckLogGroupIdentifiers(const std::vector<std::string>& identifiers,
                                std::string_view member) {
  for (const std::string& identifier : identifiers) {
    auto broken = Broken(identifier, 2048, kIdentifierPattern, "#+=/:,.@-");
    if (!broken) continue;
    std::string list = "[";
    for (const std::string& each : identifiers) list += (list.size() > 1 ? ", " : "") + each;
    return errors::ConstraintViolated(member, list + "]",
                                      "Member must satisfy constraint: [" + *broken + "]");
  }
  return Ok();
}

Status CheckResourceArn(std::string_view arn, std::string_view member) {
  auto broken = Broken(arn, 1011, kResourceArnPattern, "+=/:,.@-");
  if (broken) return errors::ConstraintViolated(member, arn, *broken);
  return Ok();
}

std::string LogGroupArnWithoutStar(std::string_view region, std::string_view account,
                                   std::string_view name) {
  std::string arn;
  arn.reserve(kPrefix.size() + region.size() + 1 + account.size() + kGroup.size() + name.size());
  arn.append(kPrefix).append(region).append(":").append(account).append(kGroup).append(name);
  return arn;
}

std::string LogGroupArn(std::string_view region, std::string_view account, std::string_view name) {
  return LogGroupArnWithoutStar(region, account, name) + ":*";
}

std::string LogStreamArn(std::string_view region, std::string_view account,
                         std::string_view group, std::string_view stream) {
  return LogGroupArnWithoutStar(region, account, group) + ":log-stream:" + std::string(stream);
}

Result<LogGroupRef> ParseLogGroupArn(std::string_view arn) {
  auto invalid = [&] {
    return errors::InvalidParameter("Invalid log group ARN: " + std::string(arn.substr(0, 2048)));
  };
  if (arn.substr(0, kPrefix.size()) != kPrefix) return invalid();
  std::string_view rest = arn.substr(kPrefix.size());  // <region>:<account>:log-group:<name>[:*]
  const size_t region_end = rest.find(':');
  if (region_end == std::string_view::npos) return invalid();
  rest.remove_prefix(region_end + 1);
  const size_t account_end = rest.find(':');
  if (account_end == std::string_view::npos) return invalid();
  LogGroupRef ref;
  ref.account = std::string(rest.substr(0, account_end));
  rest.remove_prefix(account_end);
  if (rest.substr(0, kGroup.size()) != kGroup) return invalid();
  rest.remove_prefix(kGroup.size());
  ref.name = std::string(rest);
  if (!CheckLogGroupName(ref.name).ok()) return invalid();
  return ref;
}

Result<LogGroupRef> ParseLogGroupIdentifier(std::string_view identifier) {
  BERTH_RETURN_IF_ERROR(CheckLogGroupIdentifier(identifier));
  if (identifier.substr(0, 4) == "arn:") return ParseLogGroupArn(identifier);
  BERTH_RETURN_IF_ERROR(CheckLogGroupName(identifier, "logGroupIdentifier"));
  return LogGroupRef{std::nullopt, std::string(identifier)};
}

}  // namespace berth::services::logs
