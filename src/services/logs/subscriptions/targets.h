#pragma once
// What a subscription filter's destinationArn and a destination's targetArn may name, and
// the refusal, in words a user understands, of what berth cannot deliver to.

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/result.h"

namespace berth::services::logs {

// arn:aws:logs:<region>:<account>:destination:<name>
std::string DestinationArn(std::string_view region, std::string_view account,
                           std::string_view name);

struct DestinationRef {
  std::string account;
  std::string name;
};

// A filter's destinationArn: a CloudWatch Logs destination's ARN. InvalidParameterException
// for anything else (a Kinesis, Firehose or Lambda ARN says berth cannot deliver there).
Result<DestinationRef> ParseFilterDestination(std::string_view arn);

// A destination's targets berth delivers to.
struct LogGroupTarget {
  std::string account;
  std::string name;
};
struct HttpTarget {
  std::string url;  // http:// or https://, with a host
};
using DeliveryTarget = std::variant<LogGroupTarget, HttpTarget>;

// A destination's targetArn: a log group ARN (with or without ":*") or an http(s) URL.
// InvalidParameterException otherwise.
Result<DeliveryTarget> ParseTarget(std::string_view target_arn);

}  // namespace berth::services::logs
