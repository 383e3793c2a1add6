#include "services/logs/subscriptions/targets.h"

#include <array>

#include "services/logs/model/arn.h"
#include "services/logs/model/errors.h"

namespace berth::services::logs {
namespace {

constexpr char kWhatBerthServes[] =
    "berth delivers subscriptions to a CloudWatch Logs destination "
    "(arn:aws:logs:REGION:ACCOUNT:destination:NAME, made with PutDestination) whose targetArn is "
    "a log group ARN (arn:aws:logs:REGION:ACCOUNT:log-group:NAME) or an http(s) URL";

// The AWS services whose ARNs AWS accepts as subscription targets and berth cannot serve.
struct Unserved {
  std::string_view prefix;
  std::string_view what;
};
constexpr std::array<Unserved, 3> kUnserved = {{
    {"arn:aws:kinesis:", "an Amazon Kinesis Data Streams stream"},
    {"arn:aws:firehose:", "an Amazon Data Firehose delivery stream"},
    {"arn:aws:lambda:", "an AWS Lambda function"},
}};

std::optional<Error> RefuseUnserved(std::string_view arn) {
  for (const Unserved& u : kUnserved) {
    if (arn.substr(0, u.prefix.size()) == u.prefix) {
      return errors::InvalidParameter("berth cannot deliver log events to " +
                                      std::string(u.what) + " (" + std::string(arn) + "): " +
                                      kWhatBerthServes + ".");
    }
  }
  return std::nullopt;
}

// The fields of arn:aws:logs:<region>:<account>:<rest>; nullopt when not a logs ARN.
struct LogsArn {
  std::string_view region, account, rest;
};
std::optional<LogsArn> SplitLogsArn(std::string_view arn) {
  constexpr std::string_view kPrefix = "arn:aws:logs:";
  if (arn.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  arn.remove_prefix(kPrefix.size());
  const size_t region_end = arn.find(':');
  if (region_end == std::string_view::npos) return std::nullopt;
  const size_t account_end = arn.find(':', region_end + 1);
  if (account_end == std::string_view::npos) return std::nullopt;
  return LogsArn{arn.substr(0, region_end),
                 arn.substr(region_end + 1, account_end - region_end - 1),
                 arn.substr(account_end + 1)};
}

bool IsAccountId(std::string_view s) {
  if (s.size() != 12) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// http(s)://host[:port][/path]: a scheme and a host at least.
bool IsHttpUrl(std::string_view url) {
  for (std::string_view scheme : {"http://", "https://"}) {
    if (url.substr(0, scheme.size()) != scheme) continue;
    const std::string_view rest = url.substr(scheme.size());
    const size_t host_end = rest.find_first_of("/?#");
    const std::string_view authority = rest.substr(0, host_end);
    return !authority.empty() && authority.front() != ':' &&
           authority.find_first_of(" \t\r\n@") == std::string_view::npos;
  }
  return false;
}

}  // namespace

std::string DestinationArn(std::string_view region, std::string_view account,
                           std::string_view name) {
  return "arn:aws:logs:" + std::string(region) + ":" + std::string(account) + ":destination:" +
         std::string(name);
}

Result<DestinationRef> ParseFilterDestination(std::string_view arn) {
  if (auto refused = RefuseUnserved(arn)) return *refused;
  auto logs = SplitLogsArn(arn);
  constexpr std::string_view kDestination = "destination:";
  if (logs && IsAccountId(logs->account) && !logs->region.empty() &&
      logs->rest.substr(0, kDestination.size()) == kDestination &&
      logs->rest.size() > kDestination.size()) {
    const std::string_view name = logs->rest.substr(kDestination.size());
    if (name.find_first_of(":*") == std::string_view::npos) {
      return DestinationRef{std::string(logs->account), std::string(name)};
    }
  }
  if (logs && logs->rest.substr(0, 10) == "log-group:") {
    return errors::InvalidParameter(
        "berth does not take a log group ARN as a subscription filter's destinationArn: create "
        "a destination with PutDestination whose targetArn is that log group's ARN, and "
        "subscribe to the destination's ARN.");
  }
  return errors::InvalidParameter("Invalid destinationArn " + std::string(arn) + ": " +
                                  kWhatBerthServes + ".");
}

Result<DeliveryTarget> ParseTarget(std::string_view target_arn) {
  if (auto refused = RefuseUnserved(target_arn)) return *refused;
  if (IsHttpUrl(target_arn)) return DeliveryTarget(HttpTarget{std::string(target_arn)});
  auto logs = SplitLogsArn(target_arn);
  if (logs && logs->rest.substr(0, 10) == "log-group:" && IsAccountId(logs->account)) {
    // Either form of a log group's ARN: with ":*" (LogGroup.arn, what IAM policies name) or
    // without (logGroupArn); ParseLogGroupArn takes only the second, as AWS's tagging does.
    std::string_view arn = target_arn;
    if (arn.ends_with(":*")) arn.remove_suffix(2);
    auto group = ParseLogGroupArn(arn);
    if (group.ok() && group->account) {
      return DeliveryTarget(LogGroupTarget{*group->account, group->name});
    }
  }
  return errors::InvalidParameter("Invalid targetArn " + std::string(target_arn) + ": " +
                                  kWhatBerthServes + ".");
}

}  // namespace berth::services::logs
