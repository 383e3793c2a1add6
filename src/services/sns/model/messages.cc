#include "services/sns/model/messages.h"

#include "core/crypto.h"
#include "core/json_writer.h"

namespace berth::services::sns {
namespace {

void Line(std::string& out, std::string_view name, std::string_view value) {
  out.append(name).push_back('\n');
  out.append(value).push_back('\n');
}

void Member(JsonWriter& w, std::string_view name, std::string_view value) {
  w.Key(name);
  w.String(value);
}

}  // namespace

std::string StringToSign(const MessageFields& m) {
  std::string out;
  out.reserve(m.message.size() + 512);
  Line(out, "Message", m.message);
  Line(out, "MessageId", m.message_id);
  if (m.type == kNotification) {
    if (m.subject) Line(out, "Subject", *m.subject);
    Line(out, "Timestamp", m.timestamp);
    Line(out, "TopicArn", m.topic_arn);
    Line(out, "Type", m.type);
    return out;
  }
  Line(out, "SubscribeURL", m.subscribe_url);
  Line(out, "Timestamp", m.timestamp);
  Line(out, "Token", m.token);
  Line(out, "TopicArn", m.topic_arn);
  Line(out, "Type", m.type);
  return out;
}

std::string ConfirmationText(const std::string& topic_arn) {
  return "You have chosen to subscribe to the topic " + topic_arn +
         ".\nTo confirm the subscription, visit the SubscribeURL included in this message.";
}

std::string UnsubscribeText(const std::string& subscription_arn) {
  return "You have chosen to deactivate subscription " + subscription_arn +
         ".\nTo cancel this operation and restore the subscription, visit the SubscribeURL "
         "included in this message.";
}

std::string ConfirmationJson(const MessageFields& m, const Signed& s) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  Member(w, "Type", m.type);
  Member(w, "MessageId", m.message_id);
  Member(w, "Token", m.token);
  Member(w, "TopicArn", m.topic_arn);
  Member(w, "Message", m.message);
  Member(w, "SubscribeURL", m.subscribe_url);
  Member(w, "Timestamp", m.timestamp);
  Member(w, "SignatureVersion", s.signature_version);
  Member(w, "Signature", s.signature);
  Member(w, "SigningCertURL", s.signing_cert_url);
  w.EndObject();
  return out;
}

std::string NotificationJson(const MessageFields& m, const Signed& s,
                             const std::string& unsubscribe_url, const Document& attributes) {
  std::string out;
  out.reserve(m.message.size() + 1024);
  JsonWriter w(out);
  w.BeginObject();
  Member(w, "Type", m.type);
  Member(w, "MessageId", m.message_id);
  Member(w, "TopicArn", m.topic_arn);
  if (m.subject) Member(w, "Subject", *m.subject);
  Member(w, "Message", m.message);
  Member(w, "Timestamp", m.timestamp);
  Member(w, "SignatureVersion", s.signature_version);
  Member(w, "Signature", s.signature);
  Member(w, "SigningCertURL", s.signing_cert_url);
  Member(w, "UnsubscribeURL", unsubscribe_url);
  if (attributes.is_map() && !attributes.as_map().empty()) {
    w.Key("MessageAttributes");
    w.BeginObject();
    for (const auto& [name, value] : attributes.as_map()) {
      w.Key(name);
      w.BeginObject();
      const Document* type = value.Find("DataType");
      Member(w, "Type", type != nullptr && type->is_string() ? type->as_string() : "String");
      const Document* string_value = value.Find("StringValue");
      const Document* binary_value = value.Find("BinaryValue");
      w.Key("Value");
      if (string_value != nullptr && string_value->is_string()) {
        w.String(string_value->as_string());
      } else if (binary_value != nullptr && binary_value->is_string()) {
        w.String(binary_value->as_string());  // base64, as the publisher sent it
      } else {
        w.String("");
      }
      w.EndObject();
    }
    w.EndObject();
  }
  w.EndObject();
  return out;
}

}  // namespace berth::services::sns
