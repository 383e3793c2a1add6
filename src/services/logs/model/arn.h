#pragma once
// CloudWatch Logs' ARNs and the identifiers that name a log group (a name or an ARN).

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace berth::services::logs {

// arn:aws:logs:<region>:<account>:log-group:<name>:* (LogGroup.arn, what IAM policies use).
std::string LogGroupArn(std::string_view region, std::string_view account, std::string_view name);
// The same without the trailing ":*" (LogGroup.logGroupArn, what tagging takes).
std::string LogGroupArnWithoutStar(std::string_view region, std::string_view account,
                                   std::string_view name);
// arn:aws:logs:<region>:<account>:log-group:<group>:log-stream:<stream>
std::string LogStreamArn(std::string_view region, std::string_view account,
                         std::string_view group, std::string_view stream);

struct LogGroupRef {
  std::optional<std::string> account;  // set when the identifier was an ARN
  std::string name;
};

// A logGroupIdentifier: a log group name, or a log group ARN with or without ":*".
// InvalidParameterException when it is neither.
Result<LogGroupRef> ParseLogGroupIdentifier(std::string_view identifier);
// A log group ARN only (tagging's resourceArn). InvalidParameterException otherwise.
Result<LogGroupRef> ParseLogGroupArn(std::string_view arn);

}  // namespace berth::services::logs
