#pragma once
// The attributes of topics and subscriptions: which a caller may set (checked as SNS checks
// them) and what Get…Attributes shows (the stored ones plus the computed ones).

#include <string_view>

#include "core/result.h"
#include "services/sns/model/types.h"

namespace berth::services::sns {

// DisplayName, Policy, DeliveryPolicy, SignatureVersion, TracingConfig. FifoTopic and
// ContentBasedDeduplication are accepted only as "false" (berth has no FIFO topics).
// InvalidParameter otherwise.
Status CheckTopicAttribute(std::string_view name, std::string_view value);
// GetTopicAttributes: Policy (AWS's default when unset), Owner, TopicArn, DisplayName,
// Subscriptions{Confirmed,Pending,Deleted}, EffectiveDeliveryPolicy, and what was set.
Attributes ShownTopicAttributes(const Topic& topic);

// RawMessageDelivery ("true"/"false"; HTTP/S only) and DeliveryPolicy (HTTP/S only).
Status CheckSubscriptionAttribute(std::string_view protocol, std::string_view name,
                                  std::string_view value);
Attributes ShownSubscriptionAttributes(const Topic& topic, const Subscription& sub);

}  // namespace berth::services::sns
