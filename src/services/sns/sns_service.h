#pragma once
// Amazon SNS: topics, subscriptions and the delivery of what is published to them. Built once
// by the App; thread-safe. Publishing queues one delivery per confirmed subscription durably
// (SnsStore) before it returns; the DeliveryQueue's threads send them.

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/document.h"
#include "core/result.h"
#include "services/sns/delivery/delivery_queue.h"
#include "services/sns/delivery/mail_drop.h"
#include "services/sns/delivery/signing_key.h"
#include "services/sns/model/types.h"
#include "services/sns/store/sns_store.h"
#include "store/database.h"

namespace berth::services::sns {

struct SnsOptions {
  std::string keys_dir;  // where the signing key and certificate are kept (<data-dir>/keys)
  // Only a serving berth delivers; other commands on the same data dir leave the queue alone.
  bool deliver = false;
  DeliveryQueue::Options delivery;
};

struct PublishInput {
  std::string message;
  std::optional<std::string> subject;
  bool json_structure = false;  // MessageStructure=json: a message per protocol, checked
  Document attributes;          // MessageAttributes (name → {DataType, StringValue|BinaryValue})
};

class SnsService {
 public:
  // `mail` (email-json's stand-in) may be null and must outlive the service.
  static Result<std::unique_ptr<SnsService>> Open(store::Database& db, const Clock& clock,
                                                  const SnsOptions& options, MailDrop* mail);
  ~SnsService();  // stops delivering; what is queued stays queued

  SnsStore& store() { return *store_; }
  const Clock& clock() const { return clock_; }
  const SigningKey& signing_key() const { return *signing_key_; }

  // The topic, when it exists and belongs to `account`. NotFound "Topic does not exist"
  // otherwise (InvalidParameter for a malformed ARN, `member` naming it).
  Result<Topic> RequireTopic(std::string_view arn, std::string_view account,
                             std::string_view member = "TopicArn");
  // Queues `in` for every confirmed subscription of the topic; its MessageId. Errors:
  // InvalidParameter (a json structure without "default").
  Result<std::string> Publish(const Topic& topic, const PublishInput& in, TimePoint now);
  // The SubscriptionConfirmation message a pending subscription's endpoint is sent.
  Result<Delivery> ConfirmationRequest(const Topic& topic, const Subscription& sub, TimePoint now);
  // The UnsubscribeConfirmation an unsubscribed HTTP/S endpoint is sent; its SubscribeURL
  // carries `token` (which restores the subscription).
  Result<Delivery> UnsubscribeRequest(const Topic& topic, const Subscription& sub,
                                      const std::string& token, TimePoint now);
  // Tells the delivery threads something was queued.
  void Wake() {
    if (queue_) queue_->Wake();
  }

 private:
  SnsService(std::unique_ptr<SnsStore> store, std::unique_ptr<SigningKey> key, const Clock& clock)
      : store_(std::move(store)), signing_key_(std::move(key)), clock_(clock) {}

  // A signed SubscriptionConfirmation or UnsubscribeConfirmation (`type`) saying `text`, whose
  // SubscribeURL confirms with `token`.
  Result<Delivery> ConfirmationDelivery(const Topic& topic, const Subscription& sub,
                                        const std::string& type, std::string text,
                                        const std::string& token, TimePoint now);

  std::unique_ptr<SnsStore> store_;
  std::unique_ptr<SigningKey> signing_key_;
  const Clock& clock_;
  std::unique_ptr<DeliveryQueue> queue_;  // set when delivering
};

// The URLs a subscription's messages carry.
std::string SubscribeUrl(const Subscription& sub);
std::string UnsubscribeUrl(const Subscription& sub);

}  // namespace berth::services::sns
