#pragma once
// Topic names and the ARNs of topics and subscriptions, checked as SNS checks them.

#include <string>
#include <string_view>

#include "core/result.h"

namespace berth::services::sns {

struct TopicArnParts {
  std::string region;
  std::string account_id;
  std::string name;
};

// 1–256 of A–Z a–z 0–9 _ -, as SNS allows for standard topics.
bool IsValidTopicName(std::string_view name);
bool IsFifoName(std::string_view name);
std::string TopicArn(std::string_view region, std::string_view account, std::string_view name);
// arn:aws:sns:<region>:<12 digits>:<topic name>. InvalidParameter "Invalid parameter: <member>"
// otherwise (member: "TopicArn", "TargetArn", …).
Result<TopicArnParts> ParseTopicArn(std::string_view arn, std::string_view member = "TopicArn");
// <topic arn>:<id>; gives the topic ARN. InvalidParameter "Invalid parameter: SubscriptionArn".
Result<std::string> TopicOfSubscription(std::string_view subscription_arn);

}  // namespace berth::services::sns
