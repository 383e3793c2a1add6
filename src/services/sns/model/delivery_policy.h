#pragma once
// HTTP/S delivery policies (AWS's "Amazon SNS message delivery retries"): the topic's
// DeliveryPolicy ({"http": {"defaultHealthyRetryPolicy": …, "disableSubscriptionOverrides": …,
// "defaultRequestPolicy": {"headerContentType": …}}}) and a subscription's
// ({"healthyRetryPolicy": …, "requestPolicy": …}), resolved into the one policy a delivery's
// retries follow. Defaults are AWS's: 3 retries 20 s apart, linear, text/plain.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace berth::services::sns {

struct RetryPolicy {
  int min_delay = 20;  // seconds
  int max_delay = 20;
  int num_retries = 3;
  int num_no_delay_retries = 0;
  int num_min_delay_retries = 0;
  int num_max_delay_retries = 0;
  std::string backoff = "linear";  // linear, arithmetic, geometric, exponential
  std::string content_type = "text/plain; charset=UTF-8";

  // The wait before retry `retry` (1-based) — the four phases AWS documents: immediate
  // retries, pre-backoff at the minimum, backoff from minimum to maximum, post-backoff at the
  // maximum; nullopt once every retry has been used.
  std::optional<std::chrono::seconds> DelayBefore(int retry) const;
};

// Checks a topic's DeliveryPolicy document. InvalidParameter "Invalid parameter:
// DeliveryPolicy: …" when it is not JSON, not an object, or breaks AWS's bounds.
Status CheckTopicDeliveryPolicy(std::string_view json);
// The same for a subscription's DeliveryPolicy.
Status CheckSubscriptionDeliveryPolicy(std::string_view json);

// The policy a subscription's deliveries follow: its own healthyRetryPolicy unless the topic
// disables subscription overrides, else the topic's defaultHealthyRetryPolicy, else AWS's
// default. Empty strings mean "not set". Stored policies were checked: bad ones fall back.
RetryPolicy ResolvePolicy(std::string_view topic_policy, std::string_view subscription_policy);

// GetTopicAttributes' EffectiveDeliveryPolicy and GetSubscriptionAttributes' (JSON).
std::string EffectiveTopicPolicyJson(std::string_view topic_policy);
std::string EffectiveSubscriptionPolicyJson(const RetryPolicy& policy);
// A policy as the delivery queue keeps it with each delivery, and back.
std::string EncodePolicy(const RetryPolicy& policy);
RetryPolicy DecodePolicy(std::string_view json);

}  // namespace berth::services::sns
