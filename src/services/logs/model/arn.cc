#include "services/logs/model/arn.h"

#include "services/logs/model/errors.h"
#include "services/logs/model/validation.h"

namespace berth::services::logs {
namespace {

constexpr std::string_view kPrefix = "arn:aws:logs:";
constexpr std::string_view kGroup = ":log-group:";

}  // namespace

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
  if (rest.size() >= 2 && rest.substr(rest.size() - 2) == ":*") rest.remove_suffix(2);
  ref.name = std::string(rest);
  if (!CheckLogGroupName(ref.name).ok()) return invalid();
  return ref;
}

Result<LogGroupRef> ParseLogGroupIdentifier(std::string_view identifier) {
  if (identifier.substr(0, 4) == "arn:") return ParseLogGroupArn(identifier);
  BERTH_RETURN_IF_ERROR(CheckLogGroupName(identifier, "logGroupIdentifier"));
  return LogGroupRef{std::nullopt, std::string(identifier)};
}

}  // namespace berth::services::logs
