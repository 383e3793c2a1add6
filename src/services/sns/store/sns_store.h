#pragma once
// SNS's persistent state: topics and their attributes, subscriptions (pending with their
// confirmation token, or confirmed), tags, and the delivery queue — every message on its way
// to an endpoint, kept until the endpoint took it, so nothing is lost across a restart.
// Thread-safe; every write is durable when it returns.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "services/sns/model/types.h"

namespace berth::services::sns {

using Tags = std::map<std::string, std::string>;
inline constexpr size_t kMaxTagsPerTopic = 50;

// What happened to deliveries the queue handed out: taken (deleted), to retry later, or
// given up (deleted: the policy's retries ran out).
struct DeliveryOutcomes {
  std::vector<int64_t> delivered;
  std::vector<std::pair<int64_t, TimePoint>> retry;  // id, next attempt (attempts + 1)
  std::vector<int64_t> dropped;
};

class SnsStore {
 public:
  virtual ~SnsStore() = default;

  // --- Topics ---
  // Inserts the topic with its attributes and tags; when a topic of that ARN exists, changes
  // nothing and returns it (with its tags in `existing_tags`): CreateTopic is idempotent.
  virtual Result<std::optional<Topic>> CreateTopic(const Topic& topic, const Tags& tags,
                                                   Tags* existing_tags) = 0;
  // With its subscription counts.
  virtual Result<std::optional<Topic>> GetTopic(std::string_view arn) = 0;
  // Deletes the topic, its subscriptions, tags and queued deliveries. False when missing.
  virtual Result<bool> DeleteTopic(std::string_view arn) = 0;
  // ARNs of the account's topics in the region, in ARN order, after `after` (exclusive).
  virtual Result<std::vector<std::string>> ListTopics(std::string_view account,
                                                      std::string_view region,
                                                      std::string_view after, size_t limit) = 0;
  // Sets (an empty value removes) one attribute. False when the topic is missing.
  virtual Result<bool> SetTopicAttribute(std::string_view arn, std::string_view name,
                                         std::string_view value) = 0;

  // --- Subscriptions ---
  // The topic's subscription of that protocol and endpoint, if any.
  virtual Result<std::optional<Subscription>> FindSubscription(std::string_view topic_arn,
                                                               std::string_view protocol,
                                                               std::string_view endpoint) = 0;
  // Inserts a subscription and, in the same transaction, its first delivery (the
  // confirmation request). False when the topic is gone.
  virtual Result<bool> InsertSubscription(const Subscription& sub,
                                          const std::optional<Delivery>& first) = 0;
  // Queues a delivery for an existing subscription (a repeated confirmation request).
  virtual Status Enqueue(const std::vector<Delivery>& deliveries) = 0;
  virtual Result<std::optional<Subscription>> GetSubscription(std::string_view arn) = 0;
  // Confirms (or restores, when unsubscribed) the topic's subscription holding `token`
  // (unexpired at `now`); the subscription, or nullopt when none of the topic holds it.
  virtual Result<std::optional<Subscription>> Confirm(std::string_view topic_arn,
                                                      std::string_view token, bool authenticated,
                                                      TimePoint now) = 0;
  // What an HTTP/S subscription leaves when unsubscribed: the UnsubscribeConfirmation sent to
  // it, whose SubscribeURL (ConfirmSubscription with `token`) restores it until `expires`.
  struct Restorable {
    std::string token;
    TimePoint expires;
    TimePoint now;
    Delivery farewell;
  };
  // Deletes the subscription and its queued deliveries (with `restorable`: keeps it, unseen,
  // until the token expires, and queues the farewell in the same transaction). False when
  // missing.
  virtual Result<bool> DeleteSubscription(std::string_view arn,
                                          const std::optional<Restorable>& restorable) = 0;
  // The account's subscriptions (of one topic when `topic_arn` is set), in ARN order, after
  // `after` (exclusive).
  virtual Result<std::vector<Subscription>> ListSubscriptions(std::string_view account,
                                                              std::string_view topic_arn,
                                                              std::string_view after,
                                                              size_t limit) = 0;
  virtual Result<bool> SetSubscriptionAttribute(std::string_view arn, std::string_view name,
                                                std::string_view value) = 0;
  // The topic's confirmed subscriptions (who a Publish goes to).
  virtual Result<std::vector<Subscription>> ConfirmedSubscriptions(std::string_view topic_arn) = 0;

  // --- Tags (topics) ---
  virtual Result<Tags> ListTags(std::string_view arn) = 0;
  // Adds or replaces; TagLimitExceeded past 50. False when the topic is missing.
  virtual Result<bool> TagTopic(std::string_view arn, const Tags& tags) = 0;
  virtual Result<bool> UntagTopic(std::string_view arn, const std::vector<std::string>& keys) = 0;

  // --- The delivery queue ---
  // Up to `limit` deliveries due at `now`, soonest first, leaving out `busy` ids.
  virtual Result<std::vector<Delivery>> DueDeliveries(TimePoint now, size_t limit,
                                                      const std::vector<int64_t>& busy) = 0;
  // When the next delivery is due, if any is queued.
  virtual Result<std::optional<TimePoint>> NextDue() = 0;
  virtual Status Record(const DeliveryOutcomes& outcomes) = 0;
  virtual Result<int64_t> QueuedDeliveries() = 0;
};

}  // namespace berth::services::sns
