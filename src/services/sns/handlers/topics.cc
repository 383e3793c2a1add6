#include "services/sns/handlers/handlers.h"
#include "services/sns/handlers/params.h"
#include "services/sns/model/errors.h"
#include "services/sns/model/names.h"
#include "services/sns/model/topic_attributes.h"

namespace berth::services::sns::handlers {

constexpr size_t kPageSize = 100;

Result<Document> CreateTopic(SnsService& s, CallContext& ctx, const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string name, Required(in, "Name"));
  Attributes attributes = StringMap(in, "Attributes");
  const bool fifo = attributes.count("FifoTopic") != 0 && attributes["FifoTopic"] == "true";
  for (const auto& [key, value] : attributes) BERTH_RETURN_IF_ERROR(CheckTopicAttribute(key, value));
  if (!fifo && !IsValidTopicName(name)) {
    return errors::InvalidParameter(IsFifoName(name)
                                        ? "Topic Name: Fifo Topic names must end with .fifo and "
                                          "FifoTopic attribute must be set to true"
                                        : "Topic Name");
  }
  BERTH_ASSIGN_OR_RETURN(Tags tags, ReadTags(in, "Tags"));
  attributes.erase("FifoTopic");
  attributes.erase("ContentBasedDeduplication");
  Topic topic;
  topic.arn = TopicArn(ctx.region, ctx.principal.account_id, name);
  topic.account_id = ctx.principal.account_id;
  topic.region = std::string(ctx.region);
  topic.name = name;
  topic.attributes = attributes;
  topic.created_at = ctx.now;
  Tags existing_tags;
  BERTH_ASSIGN_OR_RETURN(auto existing, s.store().CreateTopic(topic, tags, &existing_tags));
  // Creating a topic that exists answers its ARN, unless the call asks for something else.
  if (existing) {
    for (const auto& [key, value] : attributes) {
      auto it = existing->attributes.find(key);
      const std::string current = it == existing->attributes.end() ? "" : it->second;
      if (current != value) {
        return errors::InvalidParameter(
            "Attributes Reason: Topic already exists with different attributes");
      }
    }
    if (!tags.empty() && tags != existing_tags) {
      return errors::InvalidParameter("Tags Reason: Topic already exists with different tags");
    }
  }
  Document out = Document::MakeMap();
  out["TopicArn"] = topic.arn;
  return out;
}

Result<Document> DeleteTopic(SnsService& s, CallContext& ctx, const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string arn, Required(in, "TopicArn"));
  BERTH_ASSIGN_OR_RETURN(TopicArnParts parts, ParseTopicArn(arn));
  // Deleting a topic that does not exist succeeds, as on AWS.
  if (parts.account_id != ctx.principal.account_id) return Document::MakeMap();
  BERTH_RETURN_IF_ERROR(StatusOf(s.store().DeleteTopic(arn)));
  return Document::MakeMap();
}

Result<Document> ListTopics(SnsService& s, CallContext& ctx, const Document& in) {
  const std::string after = Optional(in, "NextToken").value_or("");
  BERTH_ASSIGN_OR_RETURN(auto arns, s.store().ListTopics(ctx.principal.account_id, ctx.region,
                                                         after, kPageSize + 1));
  Document out = Document::MakeMap();
  Document topics = Document::MakeList();
  for (size_t i = 0; i < arns.size() && i < kPageSize; ++i) {
    Document t = Document::MakeMap();
    t["TopicArn"] = arns[i];
    topics.Push(std::move(t));
  }
  out["Topics"] = std::move(topics);
  if (arns.size() > kPageSize) out["NextToken"] = arns[kPageSize - 1];
  return out;
}

Result<Document> GetTopicAttributes(SnsService& s, CallContext& ctx, const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string arn, Required(in, "TopicArn"));
  BERTH_ASSIGN_OR_RETURN(Topic topic, s.RequireTopic(arn, ctx.principal.account_id));
  Document out = Document::MakeMap();
  out["Attributes"] = EntryMap(ShownTopicAttributes(topic));
  return out;
}

Result<Document> SetTopicAttributes(SnsService& s, CallContext& ctx, const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string arn, Required(in, "TopicArn"));
  BERTH_ASSIGN_OR_RETURN(std::string name, Required(in, "AttributeName"));
  const std::string value = Optional(in, "AttributeValue").value_or("");
  if (name == "FifoTopic") return errors::InvalidParameter("AttributeName");
  // An empty value clears what may be cleared (AWS's defaults apply again).
  const bool clearing = value.empty() && (name == "DisplayName" || name == "Policy" ||
                                          name == "DeliveryPolicy");
  if (!clearing) BERTH_RETURN_IF_ERROR(CheckTopicAttribute(name, value));
  BERTH_ASSIGN_OR_RETURN(Topic topic, s.RequireTopic(arn, ctx.principal.account_id));
  BERTH_ASSIGN_OR_RETURN(bool found, s.store().SetTopicAttribute(topic.arn, name, value));
  if (!found) return errors::TopicNotFound();
  return Document::MakeMap();
}

}  // namespace berth::services::sns::handlers
