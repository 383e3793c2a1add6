#pragma once
// The JSON documents SNS POSTs to HTTP/S endpoints (and berth's email-json stand-in writes):
// SubscriptionConfirmation and Notification, with AWS's members and the string each signature
// covers ("Verifying the signatures of Amazon SNS messages").

#include <optional>
#include <string>

#include "core/document.h"

namespace berth::services::sns {

inline constexpr char kSubscriptionConfirmation[] = "SubscriptionConfirmation";
inline constexpr char kNotification[] = "Notification";
inline constexpr char kUnsubscribeConfirmation[] = "UnsubscribeConfirmation";

// What a message says, before it is signed.
struct MessageFields {
  std::string type;  // kSubscriptionConfirmation, kNotification or kUnsubscribeConfirmation
  std::string message_id;
  std::string topic_arn;
  std::optional<std::string> subject;  // notifications only, when the publisher gave one
  std::string message;
  std::string timestamp;  // ISO 8601 with milliseconds, UTC
  std::string token;          // confirmations
  std::string subscribe_url;  // confirmations
};

// The string the signature covers: for a Notification Message, MessageId, Subject (when
// present), Timestamp, TopicArn, Type; for either confirmation Message, MessageId, SubscribeURL,
// Timestamp, Token, TopicArn, Type — each name and value followed by a newline.
std::string StringToSign(const MessageFields& m);

struct Signed {
  std::string signature_version;  // "1" or "2"
  std::string signature;          // base64
  std::string signing_cert_url;
};

// The body of a SubscriptionConfirmation or UnsubscribeConfirmation POST.
std::string ConfirmationJson(const MessageFields& m, const Signed& s);
// The body of a Notification POST. `attributes` is the Publish call's MessageAttributes map
// (name → {DataType, StringValue | BinaryValue}); null or empty leaves the member out.
std::string NotificationJson(const MessageFields& m, const Signed& s,
                             const std::string& unsubscribe_url, const Document& attributes);

// The confirmation messages' texts, as AWS words them.
std::string ConfirmationText(const std::string& topic_arn);
std::string UnsubscribeText(const std::string& subscription_arn);

}  // namespace berth::services::sns
