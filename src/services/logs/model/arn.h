#pragma once
// CloudWatch Logs' ARNs and the identifiers that name a log group (a name or an ARN).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

// The model's LogGroupIdentifier: 1-2048 characters of [\w#+=/:,.@-]. So an ARN ending in
// ":*" (DescribeLogGroups' `arn`) is refused, as AWS refuses it, in AWS's validation words.
Status CheckLogGroupIdentifier(std::string_view identifier,
                               std::string_view member = "logGroupIdentifier");
// The same for a list member (StartQuery's and DescribeLogGroups' logGroupIdentifiers): AWS
// names the list and quotes it whole ("Member must satisfy constraint: [...]").
Status CheckLogGroupIdentifiers(const std::vector<std::string>& identifiers,
                                std::string_view member = "logGroupIdentifiers");
// The model's AmazonResourceName (tagging's resourceArn): 1-1011 characters of [\w+=/:,.@-].
Status CheckResourceArn(std::string_view arn, std::string_view member = "resourceArn");

// A logGroupIdentifier: a log group name, or a log group ARN without ":*" (CheckLogGroupIdentifier
// first). InvalidParameterException when it is neither.
Result<LogGroupRef> ParseLogGroupIdentifier(std::string_view identifier);
// A log group ARN only (tagging's resourceArn). InvalidParameterException otherwise.
Result<LogGroupRef> ParseLogGroupArn(std::string_view arn);

}  // namespace berth::services::logs
