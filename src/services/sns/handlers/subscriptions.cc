#include "core/crypto.h"
#include "core/ids.h"
#include "services/sns/handlers/handlers.h"
#include "services/sns/handlers/params.h"
#include "services/sns/model/errors.h"
#include "services/sns/model/names.h"
#include "services/sns/model/topic_attributes.h"

namespace berth::services::sns::handlers {
namespace {

constexpr size_t kPageSize = 100;
// AWS's confirmation tokens expire after three days.
constexpr auto kTokenLifetime = std::chrono::hours(72);
constexpr char kPending[] = "pending confirmation";

bool Anonymous(const CallContext& ctx) { return ctx.principal.account_id.empty(); }

// Protocols AWS knows that berth does not deliver to, told apart from unknown strings.
bool KnownElsewhere(std::string_view protocol) {
  return protocol == "email" || protocol == "sms" || protocol == "sqs" ||
         protocol == "application" || protocol == "lambda" || protocol == "firehose";
}

Status CheckEndpoint(std::string_view protocol, std::string_view endpoint) {
  // No spaces or control characters: an endpoint becomes a request line and a log stream name.
  for (char c : endpoint) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
      return errors::InvalidParameter(protocol == kEmailJson ? "Email address"
                                                             : "Endpoint must match the specified protocol");
    }
  }
  if (protocol == kHttp || protocol == kHttps) {
    const std::string prefix = std::string(protocol) + "://";
    if (endpoint.substr(0, prefix.size()) != prefix || endpoint.size() > 2048) {
      return errors::InvalidParameter("Endpoint must match the specified protocol");
    }
    return Ok();
  }
  const size_t at = endpoint.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == endpoint.size() ||
      endpoint.size() > 256 || endpoint.find_first_of(" \t\r\n:*") != std::string_view::npos) {
    return errors::InvalidParameter("Email address");
  }
  return Ok();
}

// The service's address as the caller reached it: the base of the URLs in its messages.
std::string ServiceUrl(const CallContext& ctx) {
  return "http://" + std::string(ctx.host.empty() ? std::string_view("127.0.0.1") : ctx.host);
}

Document SubscriptionEntry(const Subscription& sub) {
  Document m = Document::MakeMap();
  m["SubscriptionArn"] = sub.confirmed ? sub.arn : "PendingConfirmation";
  m["Owner"] = sub.owner;
  m["Protocol"] = sub.protocol;
  m["Endpoint"] = sub.endpoint;
  m["TopicArn"] = sub.topic_arn;
  return m;
}

Result<Document> SubscriptionPage(SnsService& s, const CallContext& ctx, std::string_view topic,
                                  const Document& in) {
  const std::string after = Optional(in, "NextToken").value_or("");
  BERTH_ASSIGN_OR_RETURN(auto subs, s.store().ListSubscriptions(ctx.principal.account_id, topic,
                                                                after, kPageSize + 1));
  Document list = Document::MakeList();
  for (size_t i = 0; i < subs.size() && i < kPageSize; ++i) list.Push(SubscriptionEntry(subs[i]));
  Document out = Document::MakeMap();
  out["Subscriptions"] = std::move(list);
  if (subs.size() > kPageSize) out["NextToken"] = subs[kPageSize - 1].arn;
  return out;
}

}  // namespace

Result<Document> Subscribe(SnsService& s, CallContext& ctx, const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string topic_arn, Required(in, "TopicArn"));
  BERTH_ASSIGN_OR_RETURN(std::string protocol, Required(in, "Protocol"));
  const std::string endpoint = Optional(in, "Endpoint").value_or("");
  BERTH_ASSIGN_OR_RETURN(bool return_arn, Bool(in, "ReturnSubscriptionArn", false));
  if (protocol != kHttp && protocol != kHttps && protocol != kEmailJson) {
    if (KnownElsewhere(protocol)) {
      return errors::Unsupported("Protocol", "berth delivers to http, https and email-json "
                                             "endpoints only");
    }
    return errors::InvalidParameter("Amazon SNS does not support this protocol string: " +
                                    protocol);
  }
  BERTH_RETURN_IF_ERROR(CheckEndpoint(protocol, endpoint));
  Attributes attributes = StringMap(in, "Attributes");
  for (const auto& [key, value] : attributes) {
    BERTH_RETURN_IF_ERROR(CheckSubscriptionAttribute(protocol, key, value));
  }
  BERTH_ASSIGN_OR_RETURN(Topic topic, s.RequireTopic(topic_arn, ctx.principal.account_id));
  BERTH_ASSIGN_OR_RETURN(auto existing, s.store().FindSubscription(topic.arn, protocol, endpoint));
  Document out = Document::MakeMap();
  if (existing) {
    if (existing->attributes != attributes && !attributes.empty()) {
      return errors::InvalidParameter("Attributes Reason: Subscription already exists with "
                                      "different attributes");
    }
    // Subscribing again asks the endpoint again, while it has not confirmed.
    if (!existing->confirmed) {
      BERTH_ASSIGN_OR_RETURN(Delivery again, s.ConfirmationRequest(topic, *existing, ctx.now));
      BERTH_RETURN_IF_ERROR(s.store().Enqueue({again}));
      s.Wake();
    }
    out["SubscriptionArn"] = existing->confirmed || return_arn ? existing->arn : kPending;
    return out;
  }
  Subscription sub;
  sub.arn = topic.arn + ":" + ids::NewUuid();
  sub.topic_arn = topic.arn;
  sub.owner = ctx.principal.account_id;
  sub.protocol = protocol;
  sub.endpoint = endpoint;
  sub.token = crypto::HexEncode(crypto::RandomBytes(64));
  sub.token_expires = ctx.now + kTokenLifetime;
  sub.service_url = ServiceUrl(ctx);
  sub.attributes = attributes;
  sub.created_at = ctx.now;
  BERTH_ASSIGN_OR_RETURN(Delivery request, s.ConfirmationRequest(topic, sub, ctx.now));
  BERTH_ASSIGN_OR_RETURN(bool inserted, s.store().InsertSubscription(sub, request));
  if (!inserted) return errors::TopicNotFound();
  s.Wake();
  out["SubscriptionArn"] = return_arn ? sub.arn : kPending;
  return out;
}

Result<Document> ConfirmSubscription(SnsService& s, CallContext& ctx, const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string topic_arn, Required(in, "TopicArn"));
  BERTH_ASSIGN_OR_RETURN(std::string token, Required(in, "Token"));
  BERTH_ASSIGN_OR_RETURN(bool authenticate, Bool(in, "AuthenticateOnUnsubscribe", false));
  // Unsigned (a SubscribeURL opened by the endpoint): the token is the credential.
  BERTH_ASSIGN_OR_RETURN(Topic topic, s.RequireTopic(topic_arn, ctx.principal.account_id));
  if (authenticate && Anonymous(ctx)) {
    return errors::InvalidParameter("AuthenticateOnUnsubscribe: the call must be signed");
  }
  BERTH_ASSIGN_OR_RETURN(auto sub, s.store().Confirm(topic.arn, token, authenticate, ctx.now));
  if (!sub) return errors::InvalidParameter("Invalid token");
  Document out = Document::MakeMap();
  out["SubscriptionArn"] = sub->arn;
  return out;
}

Result<Document> Unsubscribe(SnsService& s, CallContext& ctx, const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string arn, Required(in, "SubscriptionArn"));
  BERTH_RETURN_IF_ERROR(StatusOf(TopicOfSubscription(arn)));
  BERTH_ASSIGN_OR_RETURN(auto sub, s.store().GetSubscription(arn));
  if (!sub) return errors::SubscriptionNotFound();
  if (Anonymous(ctx)) {
    // An UnsubscribeURL opened by the endpoint: the subscription's unguessable ARN is the
    // credential, unless it was confirmed asking for authenticated unsubscribes.
    if (sub->confirmation_authenticated) {
      return errors::AuthorizationError("Unsubscribe of this subscription requires a signed "
                                        "request (AuthenticateOnUnsubscribe)");
    }
  } else {
    BERTH_ASSIGN_OR_RETURN(auto topic, s.store().GetTopic(sub->topic_arn));
    const bool topic_owner = topic && topic->account_id == ctx.principal.account_id;
    if (sub->owner != ctx.principal.account_id && !topic_owner) return errors::SubscriptionNotFound();
  }
  // An HTTP/S endpoint is told, with a SubscribeURL that restores the subscription (AWS's
  // UnsubscribeConfirmation).
  std::optional<SnsStore::Restorable> restorable;
  if (sub->confirmed && (sub->protocol == kHttp || sub->protocol == kHttps)) {
    BERTH_ASSIGN_OR_RETURN(auto topic, s.store().GetTopic(sub->topic_arn));
    if (topic) {
      SnsStore::Restorable r;
      r.token = crypto::HexEncode(crypto::RandomBytes(64));
      r.expires = ctx.now + kTokenLifetime;
      r.now = ctx.now;
      BERTH_ASSIGN_OR_RETURN(r.farewell, s.UnsubscribeRequest(*topic, *sub, r.token, ctx.now));
      restorable = std::move(r);
    }
  }
  BERTH_RETURN_IF_ERROR(StatusOf(s.store().DeleteSubscription(arn, restorable)));
  if (restorable) s.Wake();
  return Document::MakeMap();
}

Result<Document> ListSubscriptions(SnsService& s, CallContext& ctx, const Document& in) {
  return SubscriptionPage(s, ctx, "", in);
}

Result<Document> ListSubscriptionsByTopic(SnsService& s, CallContext& ctx, const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string topic_arn, Required(in, "TopicArn"));
  BERTH_ASSIGN_OR_RETURN(Topic topic, s.RequireTopic(topic_arn, ctx.principal.account_id));
  return SubscriptionPage(s, ctx, topic.arn, in);
}

Result<Document> GetSubscriptionAttributes(SnsService& s, CallContext& ctx, const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string arn, Required(in, "SubscriptionArn"));
  BERTH_RETURN_IF_ERROR(StatusOf(TopicOfSubscription(arn)));
  BERTH_ASSIGN_OR_RETURN(auto sub, s.store().GetSubscription(arn));
  if (!sub || sub->owner != ctx.principal.account_id) return errors::SubscriptionNotFound();
  BERTH_ASSIGN_OR_RETURN(auto topic, s.store().GetTopic(sub->topic_arn));
  if (!topic) return errors::SubscriptionNotFound();
  Document out = Document::MakeMap();
  out["Attributes"] = EntryMap(ShownSubscriptionAttributes(*topic, *sub));
  return out;
}

Result<Document> SetSubscriptionAttributes(SnsService& s, CallContext& ctx, const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string arn, Required(in, "SubscriptionArn"));
  BERTH_ASSIGN_OR_RETURN(std::string name, Required(in, "AttributeName"));
  const std::string value = Optional(in, "AttributeValue").value_or("");
  BERTH_RETURN_IF_ERROR(StatusOf(TopicOfSubscription(arn)));
  BERTH_ASSIGN_OR_RETURN(auto sub, s.store().GetSubscription(arn));
  if (!sub || sub->owner != ctx.principal.account_id) return errors::SubscriptionNotFound();
  const bool clearing = value.empty() && name == "DeliveryPolicy";
  if (!clearing) BERTH_RETURN_IF_ERROR(CheckSubscriptionAttribute(sub->protocol, name, value));
  BERTH_ASSIGN_OR_RETURN(bool found, s.store().SetSubscriptionAttribute(arn, name, value));
  if (!found) return errors::SubscriptionNotFound();
  return Document::MakeMap();
}

}  // namespace berth::services::sns::handlers
