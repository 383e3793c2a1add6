#include "core/crypto.h"
#include "services/sns/handlers/handlers.h"
#include "services/sns/handlers/params.h"
#include "services/sns/model/errors.h"

namespace berth::services::sns::handlers {
namespace {

constexpr size_t kMaxMessageBytes = 256 * 1024;
constexpr size_t kMaxSubjectChars = 100;
constexpr size_t kMaxMessageAttributes = 10;

bool IsPrintableAscii(std::string_view s) {
  for (char c : s)
    if (c < 0x20 || c > 0x7e) return false;
  return true;
}

// MessageAttributes.entry.N.Name / .Value.{DataType,StringValue,BinaryValue}: the query
// decoder gives a map of name → value structure.
Status CheckMessageAttributes(const Document& attributes) {
  if (!attributes.is_map()) return Ok();
  const size_t n = attributes.as_map().size();
  if (n > kMaxMessageAttributes) {
    return errors::InvalidParameter("MessageAttributes: Number of message attributes [" +
                                    std::to_string(n) + "] exceeds the allowed maximum [10].");
  }
  for (const auto& [name, value] : attributes.as_map()) {
    if (name.empty() || name.size() > 256) {
      return errors::InvalidParameter("MessageAttributes: Message attribute name must be between "
                                      "1 and 256 characters");
    }
    const std::optional<std::string> type = Optional(value, "DataType");
    if (!type || type->empty()) {
      return errors::InvalidParameter("The message attribute '" + name +
                                      "' must contain a non-empty message attribute type.");
    }
    const std::string base = type->substr(0, type->find('.') == std::string::npos
                                                  ? type->size()
                                                  : (type->rfind("String.Array", 0) == 0
                                                         ? std::string("String.Array").size()
                                                         : type->find('.')));
    if (base != "String" && base != "Number" && base != "Binary" && base != "String.Array") {
      return errors::InvalidParameter("The message attribute '" + name +
                                      "' has an invalid message attribute type, the set of "
                                      "supported type prefixes is Binary, Number, and String.");
    }
    const bool binary = base == "Binary";
    const std::optional<std::string> v =
        Optional(value, binary ? "BinaryValue" : "StringValue");
    if (!v || v->empty()) {
      return errors::InvalidParameter("The message attribute '" + name +
                                      "' must contain non-empty message attribute value for "
                                      "message attribute type '" + base + "'.");
    }
    if (binary && !crypto::Base64Decode(*v)) {
      return errors::InvalidParameter("The message attribute '" + name +
                                      "' with type 'Binary' must be base64 encoded.");
    }
  }
  return Ok();
}

}  // namespace

Result<Document> Publish(SnsService& s, CallContext& ctx, const Document& in) {
  if (Optional(in, "PhoneNumber")) {
    return errors::Unsupported("PhoneNumber", "berth does not send SMS messages");
  }
  std::string topic_arn = Optional(in, "TopicArn").value_or("");
  std::string_view member = "TopicArn";
  if (topic_arn.empty()) {
    topic_arn = Optional(in, "TargetArn").value_or("");
    member = "TargetArn";
  }
  if (topic_arn.empty()) return errors::InvalidParameter("TopicArn or TargetArn Reason: no value for required parameter");
  PublishInput publish;
  publish.message = Optional(in, "Message").value_or("");
  if (publish.message.empty()) return errors::InvalidParameter("Empty message");
  if (publish.message.size() > kMaxMessageBytes) {
    return errors::InvalidParameter("Message too long");
  }
  publish.subject = Optional(in, "Subject");
  if (publish.subject && (publish.subject->empty() || publish.subject->size() > kMaxSubjectChars ||
                          !IsPrintableAscii(*publish.subject))) {
    return errors::InvalidParameter("Subject");
  }
  if (auto structure = Optional(in, "MessageStructure")) {
    if (*structure != "json") return errors::InvalidParameter("MessageStructure");
    publish.json_structure = true;
  }
  if (Optional(in, "MessageGroupId") || Optional(in, "MessageDeduplicationId")) {
    return errors::InvalidParameter(
        "MessageGroupId Reason: The request includes MessageGroupId parameter that is not valid "
        "for this topic type");
  }
  if (const Document* attributes = in.Find("MessageAttributes")) {
    BERTH_RETURN_IF_ERROR(CheckMessageAttributes(*attributes));
    publish.attributes = *attributes;
  }
  BERTH_ASSIGN_OR_RETURN(Topic topic, s.RequireTopic(topic_arn, ctx.principal.account_id, member));
  BERTH_ASSIGN_OR_RETURN(std::string message_id, s.Publish(topic, publish, ctx.now));
  Document out = Document::MakeMap();
  out["MessageId"] = message_id;
  return out;
}

}  // namespace berth::services::sns::handlers
