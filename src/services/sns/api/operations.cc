#include "services/sns/api/operations.h"

#include "services/sns/handlers/handlers.h"

namespace berth::services::sns {
namespace {

using pipeline::CallContext;
using pipeline::ResourceRef;

pipeline::Handler Bind(SnsService& s, handlers::Handler handler) {
  return [&s, handler](CallContext& ctx, const Document& input) { return handler(s, ctx, input); };
}

std::string Member(const Document& in, std::string_view name) {
  const Document* v = in.is_map() ? in.Find(name) : nullptr;
  return v != nullptr && v->is_string() ? v->as_string() : std::string();
}

pipeline::ResourceFinder TopicIn(std::string member) {
  return [member](const CallContext&, const Document& in, const Document* out) {
    std::string arn = Member(in, member);
    if (arn.empty() && out != nullptr) arn = Member(*out, "TopicArn");
    if (arn.empty()) return std::vector<ResourceRef>{};
    return std::vector<ResourceRef>{{"AWS::SNS::Topic", arn}};
  };
}

std::vector<ResourceRef> NewTopic(const CallContext& ctx, const Document& in, const Document* out) {
  if (out != nullptr) return {{"AWS::SNS::Topic", Member(*out, "TopicArn")}};
  const std::string name = Member(in, "Name");
  if (name.empty()) return {};
  return {{"AWS::SNS::Topic", "arn:aws:sns:" + std::string(ctx.region) + ":" +
                                  ctx.principal.account_id + ":" + name}};
}

// A subscription is authorized on its topic (AWS's SNS actions name topics).
std::vector<ResourceRef> SubscriptionTopic(const CallContext&, const Document& in,
                                           const Document*) {
  const std::string arn = Member(in, "SubscriptionArn");
  const size_t colon = arn.rfind(':');
  if (colon == std::string::npos) return {};
  return {{"AWS::SNS::Topic", arn.substr(0, colon)}};
}

}  // namespace

pipeline::ServiceSpec MakeSnsService(SnsService& s) {
  pipeline::ServiceSpec spec;
  spec.name = "sns";
  spec.event_source = "sns.amazonaws.com";
  spec.display_name = "SNS";
  spec.protocol = pipeline::Protocol::kAwsQuery;
  spec.query_version = "2010-03-31";
  spec.xml_namespace = "http://sns.amazonaws.com/doc/2010-03-31/";
  spec.action_prefix = "sns";
  namespace h = handlers;
  const std::vector<std::string> kTopic = {"TopicArn"};
  const std::vector<std::string> kSubscription = {"SubscriptionArn"};
  const std::vector<std::string> kResource = {"ResourceArn"};
  spec.operations = {
      // Topics
      {.name = "CreateTopic",
       .handler = Bind(s, h::CreateTopic),
       .logged_request_fields = {"Name", "Attributes", "Tags"},
       .logged_response_fields = {"TopicArn"},
       .resources = NewTopic},
      {.name = "DeleteTopic",
       .handler = Bind(s, h::DeleteTopic),
       .logged_request_fields = kTopic,
       .resources = TopicIn("TopicArn")},
      {.name = "ListTopics", .read_only = true, .handler = Bind(s, h::ListTopics)},
      {.name = "GetTopicAttributes",
       .read_only = true,
       .handler = Bind(s, h::GetTopicAttributes),
       .logged_request_fields = kTopic,
       .resources = TopicIn("TopicArn")},
      {.name = "SetTopicAttributes",
       .handler = Bind(s, h::SetTopicAttributes),
       .logged_request_fields = {"TopicArn", "AttributeName", "AttributeValue"},
       .resources = TopicIn("TopicArn")},
      // Subscriptions
      {.name = "Subscribe",
       .handler = Bind(s, h::Subscribe),
       .logged_request_fields = {"TopicArn", "Protocol", "Endpoint", "ReturnSubscriptionArn"},
       .logged_response_fields = {"SubscriptionArn"},
       .resources = TopicIn("TopicArn")},
      // Unsigned calls of these two are the SubscribeURL and UnsubscribeURL an endpoint opens.
      {.name = "ConfirmSubscription",
       .handler = Bind(s, h::ConfirmSubscription),
       .logged_request_fields = {"TopicArn", "AuthenticateOnUnsubscribe"},
       .logged_response_fields = {"SubscriptionArn"},
       .resources = TopicIn("TopicArn"),
       .anonymous = true},
      {.name = "Unsubscribe",
       .handler = Bind(s, h::Unsubscribe),
       .logged_request_fields = kSubscription,
       .resources = SubscriptionTopic,
       .anonymous = true},
      {.name = "ListSubscriptions", .read_only = true, .handler = Bind(s, h::ListSubscriptions)},
      {.name = "ListSubscriptionsByTopic",
       .read_only = true,
       .handler = Bind(s, h::ListSubscriptionsByTopic),
       .logged_request_fields = kTopic,
       .resources = TopicIn("TopicArn")},
      {.name = "GetSubscriptionAttributes",
       .read_only = true,
       .handler = Bind(s, h::GetSubscriptionAttributes),
       .logged_request_fields = kSubscription,
       .resources = SubscriptionTopic},
      {.name = "SetSubscriptionAttributes",
       .handler = Bind(s, h::SetSubscriptionAttributes),
       .logged_request_fields = {"SubscriptionArn", "AttributeName", "AttributeValue"},
       .resources = SubscriptionTopic},
      // Messages (never logged: a message is the publisher's data)
      {.name = "Publish",
       .handler = Bind(s, h::Publish),
       .logged_request_fields = {"TopicArn", "TargetArn"},
       .logged_response_fields = {"MessageId"},
       .resources = TopicIn("TopicArn")},
      // Tags
      {.name = "TagResource",
       .handler = Bind(s, h::TagResource),
       .logged_request_fields = {"ResourceArn", "Tags"},
       .resources = TopicIn("ResourceArn")},
      {.name = "UntagResource",
       .handler = Bind(s, h::UntagResource),
       .logged_request_fields = {"ResourceArn", "TagKeys"},
       .resources = TopicIn("ResourceArn")},
      {.name = "ListTagsForResource",
       .read_only = true,
       .handler = Bind(s, h::ListTagsForResource),
       .logged_request_fields = kResource,
       .resources = TopicIn("ResourceArn")},
  };
  return spec;
}

}  // namespace berth::services::sns
