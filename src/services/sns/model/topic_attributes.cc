#include "services/sns/model/topic_attributes.h"

#include "protocol/json_reader.h"
#include "services/sns/model/delivery_policy.h"
#include "services/sns/model/errors.h"

namespace berth::services::sns {
namespace {

std::string DefaultPolicy(const Topic& topic) {
  return "{\"Version\":\"2008-10-17\",\"Id\":\"__default_policy_ID\",\"Statement\":[{\"Sid\":"
         "\"__default_statement_ID\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},"
         "\"Action\":[\"SNS:GetTopicAttributes\",\"SNS:SetTopicAttributes\","
         "\"SNS:AddPermission\",\"SNS:RemovePermission\",\"SNS:DeleteTopic\",\"SNS:Subscribe\","
         "\"SNS:ListSubscriptionsByTopic\",\"SNS:Publish\"],\"Resource\":\"" +
         topic.arn + "\",\"Condition\":{\"StringEquals\":{\"AWS:SourceOwner\":\"" +
         topic.account_id + "\"}}}]}";
}

std::string Get(const Attributes& a, const char* name) {
  auto it = a.find(name);
  return it == a.end() ? std::string() : it->second;
}

bool IsHttp(std::string_view protocol) { return protocol == kHttp || protocol == kHttps; }

}  // namespace

Status CheckTopicAttribute(std::string_view name, std::string_view value) {
  if (name == "DisplayName") {
    if (value.size() > 100) return errors::InvalidParameter("DisplayName");
    return Ok();
  }
  if (name == "Policy") {
    auto doc = protocol::ParseJson(value);
    if (!doc.ok() || !doc->is_map()) {
      return errors::InvalidParameter("Policy: Invalid policy document: not a JSON object");
    }
    return Ok();
  }
  if (name == "DeliveryPolicy") return CheckTopicDeliveryPolicy(value);
  if (name == "SignatureVersion") {
    if (value != "1" && value != "2") {
      return errors::InvalidParameter("Attributes Reason: SignatureVersion: Invalid value [" +
                                      std::string(value) + "]. Must be 1 or 2.");
    }
    return Ok();
  }
  if (name == "TracingConfig") {
    if (value != "PassThrough" && value != "Active") {
      return errors::InvalidParameter("Attributes Reason: TracingConfig: Invalid value [" +
                                      std::string(value) + "]. Must be PassThrough or Active.");
    }
    return Ok();
  }
  if (name == "FifoTopic" || name == "ContentBasedDeduplication") {
    if (value == "false") return Ok();
    return errors::Unsupported(name,
                               "berth has no FIFO topics (they deliver only to Amazon SQS queues, "
                               "which berth does not serve)");
  }
  return errors::InvalidParameter("AttributeName");
}

Attributes ShownTopicAttributes(const Topic& topic) {
  Attributes out = topic.attributes;
  out.erase("FifoTopic");
  out.erase("ContentBasedDeduplication");
  if (out.count("Policy") == 0) out["Policy"] = DefaultPolicy(topic);
  if (out.count("DisplayName") == 0) out["DisplayName"] = "";
  out["Owner"] = topic.account_id;
  out["TopicArn"] = topic.arn;
  out["SubscriptionsConfirmed"] = std::to_string(topic.subscriptions_confirmed);
  out["SubscriptionsPending"] = std::to_string(topic.subscriptions_pending);
  out["SubscriptionsDeleted"] = std::to_string(topic.subscriptions_deleted);
  out["EffectiveDeliveryPolicy"] = EffectiveTopicPolicyJson(Get(topic.attributes, "DeliveryPolicy"));
  return out;
}

Status CheckSubscriptionAttribute(std::string_view protocol, std::string_view name,
                                  std::string_view value) {
  if (name == "RawMessageDelivery") {
    if (!IsHttp(protocol)) {
      return errors::InvalidParameter("Delivery protocol [" + std::string(protocol) +
                                      "] does not support raw message delivery.");
    }
    if (value != "true" && value != "false") {
      return errors::InvalidParameter("Attributes Reason: RawMessageDelivery: Invalid value [" +
                                      std::string(value) + "]. Must be true or false.");
    }
    return Ok();
  }
  if (name == "DeliveryPolicy") {
    if (!IsHttp(protocol)) {
      return errors::InvalidParameter("DeliveryPolicy: Delivery policy can only be set on "
                                      "HTTP/S subscriptions");
    }
    return CheckSubscriptionDeliveryPolicy(value);
  }
  if (name == "FilterPolicy" || name == "FilterPolicyScope" || name == "RedrivePolicy" ||
      name == "SubscriptionRoleArn" || name == "ReplayPolicy") {
    return errors::Unsupported(name, "berth does not implement this subscription attribute yet");
  }
  return errors::InvalidParameter("AttributeName");
}

Attributes ShownSubscriptionAttributes(const Topic& topic, const Subscription& sub) {
  Attributes out = sub.attributes;
  out["Owner"] = sub.owner;
  out["TopicArn"] = sub.topic_arn;
  out["Endpoint"] = sub.endpoint;
  out["Protocol"] = sub.protocol;
  out["SubscriptionArn"] = sub.arn;
  out["PendingConfirmation"] = sub.confirmed ? "false" : "true";
  out["ConfirmationWasAuthenticated"] = sub.confirmation_authenticated ? "true" : "false";
  if (out.count("RawMessageDelivery") == 0) out["RawMessageDelivery"] = "false";
  if (IsHttp(sub.protocol)) {
    out["EffectiveDeliveryPolicy"] = EffectiveSubscriptionPolicyJson(
        ResolvePolicy(Get(topic.attributes, "DeliveryPolicy"), Get(sub.attributes, "DeliveryPolicy")));
  }
  return out;
}

}  // namespace berth::services::sns
