#include "services/sns/handlers/handlers.h"
#include "services/sns/handlers/params.h"
#include "services/sns/model/errors.h"
#include "services/sns/model/names.h"

namespace berth::services::sns::handlers {
namespace {

// Tags belong to topics; a well-formed ARN of a topic the caller lacks is ResourceNotFound.
Result<std::string> RequireTaggable(SnsService& s, const CallContext& ctx, const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string arn, Required(in, "ResourceArn"));
  BERTH_ASSIGN_OR_RETURN(TopicArnParts parts, ParseTopicArn(arn, "ResourceArn"));
  BERTH_ASSIGN_OR_RETURN(auto topic, s.store().GetTopic(arn));
  if (!topic || parts.account_id != ctx.principal.account_id) return errors::ResourceNotFound();
  return arn;
}

}  // namespace

Result<Document> TagResource(SnsService& s, CallContext& ctx, const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string arn, RequireTaggable(s, ctx, in));
  BERTH_ASSIGN_OR_RETURN(Tags tags, ReadTags(in, "Tags"));
  BERTH_ASSIGN_OR_RETURN(bool found, s.store().TagTopic(arn, tags));
  if (!found) return errors::ResourceNotFound();
  return Document::MakeMap();
}

Result<Document> UntagResource(SnsService& s, CallContext& ctx, const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string arn, RequireTaggable(s, ctx, in));
  std::vector<std::string> keys;
  if (const Document* list = in.Find("TagKeys"); list != nullptr && list->is_list()) {
    for (const Document& key : list->as_list())
      if (key.is_string()) keys.push_back(key.as_string());
  }
  BERTH_ASSIGN_OR_RETURN(bool found, s.store().UntagTopic(arn, keys));
  if (!found) return errors::ResourceNotFound();
  return Document::MakeMap();
}

Result<Document> ListTagsForResource(SnsService& s, CallContext& ctx, const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string arn, RequireTaggable(s, ctx, in));
  BERTH_ASSIGN_OR_RETURN(Tags tags, s.store().ListTags(arn));
  Document list = Document::MakeList();
  for (const auto& [key, value] : tags) {
    Document t = Document::MakeMap();
    t["Key"] = key;
    t["Value"] = value;
    list.Push(std::move(t));
  }
  Document out = Document::MakeMap();
  out["Tags"] = std::move(list);
  return out;
}

}  // namespace berth::services::sns::handlers
