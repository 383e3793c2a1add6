#include "services/sns/sns_service.h"

#include <map>

#include "core/ids.h"
#include "core/time_format.h"
#include "core/url.h"
#include "protocol/json_reader.h"
#include "services/sns/model/delivery_policy.h"
#include "services/sns/model/errors.h"
#include "services/sns/model/messages.h"
#include "services/sns/model/names.h"
#include "services/sns/store/sqlite_sns_store.h"

namespace berth::services::sns {
namespace {

std::string AttributeOr(const Attributes& attributes, std::string_view name,
                        std::string_view fallback) {
  auto it = attributes.find(std::string(name));
  return it != attributes.end() ? it->second : std::string(fallback);
}

std::string SignatureVersionOf(const Topic& topic) {
  return AttributeOr(topic.attributes, "SignatureVersion", "1");
}

Delivery BaseDelivery(const Topic& topic, const Subscription& sub, TimePoint now) {
  Delivery d;
  d.subscription_arn = sub.arn;
  d.protocol = sub.protocol;
  d.endpoint = sub.endpoint;
  d.topic_arn = topic.arn;
  d.account_id = topic.account_id;
  d.policy = EncodePolicy(ResolvePolicy(AttributeOr(topic.attributes, "DeliveryPolicy", ""),
                                        AttributeOr(sub.attributes, "DeliveryPolicy", "")));
  d.next_attempt = now;
  return d;
}

}  // namespace

std::string SubscribeUrl(const Subscription& sub) {
  return sub.service_url + "/?Action=ConfirmSubscription&TopicArn=" + url::UriEncode(sub.topic_arn) +
         "&Token=" + url::UriEncode(sub.token);
}

std::string UnsubscribeUrl(const Subscription& sub) {
  return sub.service_url + "/?Action=Unsubscribe&SubscriptionArn=" + url::UriEncode(sub.arn);
}

Result<std::unique_ptr<SnsService>> SnsService::Open(store::Database& db, const Clock& clock,
                                                     const SnsOptions& options, MailDrop* mail) {
  BERTH_ASSIGN_OR_RETURN(auto store, OpenSqliteSnsStore(db));
  BERTH_ASSIGN_OR_RETURN(auto key, SigningKey::LoadOrCreate(options.keys_dir));
  std::unique_ptr<SnsService> service(new SnsService(std::move(store), std::move(key), clock));
  if (options.deliver) {
    service->queue_ =
        std::make_unique<DeliveryQueue>(*service->store_, clock, mail, options.delivery);
    service->queue_->Start();
  }
  return service;
}

SnsService::~SnsService() {
  if (queue_) queue_->Stop();
}

Result<Topic> SnsService::RequireTopic(std::string_view arn, std::string_view account,
                                       std::string_view member) {
  BERTH_RETURN_IF_ERROR(StatusOf(ParseTopicArn(arn, member)));
  BERTH_ASSIGN_OR_RETURN(auto topic, store_->GetTopic(arn));
  if (!topic || (!account.empty() && topic->account_id != account)) return errors::TopicNotFound();
  return std::move(*topic);
}

Result<Delivery> SnsService::ConfirmationRequest(const Topic& topic, const Subscription& sub,
                                                 TimePoint now) {
  return ConfirmationDelivery(topic, sub, kSubscriptionConfirmation, ConfirmationText(topic.arn),
                              sub.token, now);
}

Result<Delivery> SnsService::UnsubscribeRequest(const Topic& topic, const Subscription& sub,
                                                const std::string& token, TimePoint now) {
  return ConfirmationDelivery(topic, sub, kUnsubscribeConfirmation, UnsubscribeText(sub.arn),
                              token, now);
}

Result<Delivery> SnsService::ConfirmationDelivery(const Topic& topic, const Subscription& sub,
                                                  const std::string& type, std::string text,
                                                  const std::string& token, TimePoint now) {
  Subscription with_token = sub;
  with_token.token = token;
  MessageFields m;
  m.type = type;
  m.message_id = ids::NewUuid();
  m.topic_arn = topic.arn;
  m.message = std::move(text);
  m.timestamp = timefmt::Iso8601Millis(now);
  m.token = token;
  m.subscribe_url = SubscribeUrl(with_token);
  Signed s;
  s.signature_version = SignatureVersionOf(topic);
  BERTH_ASSIGN_OR_RETURN(s.signature, signing_key_->Sign(s.signature_version, StringToSign(m)));
  s.signing_cert_url = sub.service_url + signing_key_->certificate_path();
  Delivery d = BaseDelivery(topic, sub, now);
  d.message_type = type;
  d.message_id = m.message_id;
  d.body = ConfirmationJson(m, s);
  return d;
}

Result<std::string> SnsService::Publish(const Topic& topic, const PublishInput& in,
                                        TimePoint now) {
  // MessageStructure=json: an object of strings with a "default" member, one per protocol.
  std::map<std::string, std::string> per_protocol;
  if (in.json_structure) {
    auto doc = protocol::ParseJson(in.message);
    if (!doc.ok() || !doc->is_map()) {
      return errors::InvalidParameter("Message Structure - JSON message body failed to parse");
    }
    for (const auto& [key, value] : doc->as_map()) {
      if (!value.is_string()) {
        return errors::InvalidParameter("Message Structure - JSON message body failed to parse");
      }
      per_protocol[key] = value.as_string();
    }
    if (per_protocol.count("default") == 0) {
      return errors::InvalidParameter("Message Structure - No default entry in JSON message body");
    }
  }
  BERTH_ASSIGN_OR_RETURN(auto subs, store_->ConfirmedSubscriptions(topic.arn));
  const std::string message_id = ids::NewUuid();
  const std::string timestamp = timefmt::Iso8601Millis(now);
  const std::string version = SignatureVersionOf(topic);
  // The signature covers the message, not the subscription: one per distinct message text.
  std::map<std::string, std::string> signatures;
  std::vector<Delivery> deliveries;
  deliveries.reserve(subs.size());
  for (const Subscription& sub : subs) {
    MessageFields m;
    m.type = kNotification;
    m.message_id = message_id;
    m.topic_arn = topic.arn;
    m.subject = in.subject;
    m.timestamp = timestamp;
    m.message = in.message;
    if (in.json_structure) {
      auto it = per_protocol.find(sub.protocol);
      m.message = it != per_protocol.end() ? it->second : per_protocol["default"];
    }
    Delivery d = BaseDelivery(topic, sub, now);
    d.message_type = kNotification;
    d.message_id = message_id;
    d.raw = AttributeOr(sub.attributes, "RawMessageDelivery", "false") == "true";
    if (d.raw) {
      d.body = m.message;
    } else {
      auto sig = signatures.find(m.message);
      if (sig == signatures.end()) {
        BERTH_ASSIGN_OR_RETURN(std::string signature,
                               signing_key_->Sign(version, StringToSign(m)));
        sig = signatures.emplace(m.message, std::move(signature)).first;
      }
      Signed s{version, sig->second, sub.service_url + signing_key_->certificate_path()};
      d.body = NotificationJson(m, s, UnsubscribeUrl(sub), in.attributes);
    }
    deliveries.push_back(std::move(d));
  }
  BERTH_RETURN_IF_ERROR(store_->Enqueue(deliveries));
  if (!deliveries.empty()) Wake();
  return message_id;
}

}  // namespace berth::services::sns
