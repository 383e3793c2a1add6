#pragma once
// SNS's values: topics, subscriptions and queued deliveries, as the store keeps them.

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "core/clock.h"

namespace berth::services::sns {

// Attributes a caller set (DisplayName, Policy, DeliveryPolicy, SignatureVersion, …), by name.
using Attributes = std::map<std::string, std::string>;

struct Topic {
  std::string arn;  // arn:aws:sns:<region>:<account>:<name>
  std::string account_id;
  std::string region;
  std::string name;
  Attributes attributes;
  int64_t subscriptions_confirmed = 0;  // filled by GetTopic only
  int64_t subscriptions_pending = 0;
  int64_t subscriptions_deleted = 0;
  TimePoint created_at;
};

// The endpoint protocols berth delivers to.
inline constexpr char kHttp[] = "http";
inline constexpr char kHttps[] = "https";
inline constexpr char kEmailJson[] = "email-json";

struct Subscription {
  std::string arn;  // <topic arn>:<uuid>
  std::string topic_arn;
  std::string owner;  // account id
  std::string protocol;
  std::string endpoint;
  bool confirmed = false;
  bool confirmation_authenticated = false;  // AuthenticateOnUnsubscribe was asked
  std::string token;                        // the confirmation token (pending subscriptions)
  TimePoint token_expires;
  // Where berth was reached when the subscription was made ("http://127.0.0.1:5000"): the
  // base of its SubscribeURL, UnsubscribeURL and SigningCertURL.
  std::string service_url;
  Attributes attributes;  // RawMessageDelivery, DeliveryPolicy
  TimePoint created_at;
};

// One message on its way to one endpoint: kept until the endpoint took it (a 2xx) or the
// delivery policy's retries ran out.
struct Delivery {
  int64_t id = 0;
  std::string subscription_arn;
  std::string protocol;      // http, https, email-json
  std::string endpoint;      // URL or address
  std::string message_type;  // SubscriptionConfirmation, Notification
  std::string message_id;
  std::string topic_arn;
  std::string account_id;
  bool raw = false;          // RawMessageDelivery: the body is the message alone
  std::string body;
  std::string policy;        // the effective delivery policy (JSON) its retries follow
  int attempts = 0;          // made so far
  TimePoint next_attempt;
};

}  // namespace berth::services::sns
