#include "services/logs/handlers/handlers.h"
#include "services/logs/model/arn.h"
#include "services/logs/model/errors.h"

namespace berth::services::logs::handlers {
namespace {

// The caller's log group a tagging ARN names. A CloudWatch Logs ARN of anything else (a
// destination, another account's group) names nothing berth holds: ResourceNotFound.
Result<LogGroup> GroupOfArn(LogsService& s, const CallContext& ctx, const std::string& arn) {
  auto ref = ParseLogGroupArn(arn);
  if (!ref.ok()) {
    if (arn.rfind("arn:aws:logs:", 0) == 0) return errors::ResourceNotFound();
    return ref.error();
  }
  if (*ref->account != ctx.principal.account_id) return errors::ResourceNotFound();
  BERTH_ASSIGN_OR_RETURN(auto group,
                         s.store().GetGroup(ctx.principal.account_id, ref->name, true));
  if (!group) return errors::ResourceNotFound();
  return std::move(*group);
}

Document TagsOutput(const std::map<std::string, std::string>& tags) {
  Document out = Document::MakeMap(1);
  out["tags"] = EncodeTags(tags);
  return out;
}

}  // namespace

Result<Document> TagResource(LogsService& s, CallContext& ctx, const TagResourceInput& in) {
  BERTH_ASSIGN_OR_RETURN(LogGroup group, GroupOfArn(s, ctx, in.arn));
  BERTH_RETURN_IF_ERROR(s.store().UpdateTags(group.id, in.tags, {}));
  return Document::MakeMap();
}

Result<Document> UntagResource(LogsService& s, CallContext& ctx, const UntagResourceInput& in) {
  BERTH_ASSIGN_OR_RETURN(LogGroup group, GroupOfArn(s, ctx, in.arn));
  BERTH_RETURN_IF_ERROR(s.store().UpdateTags(group.id, {}, in.keys));
  return Document::MakeMap();
}

Result<Document> ListTagsForResource(LogsService& s, CallContext& ctx, const std::string& arn) {
  BERTH_ASSIGN_OR_RETURN(LogGroup group, GroupOfArn(s, ctx, arn));
  return TagsOutput(group.tags);
}

Result<Document> TagLogGroup(LogsService& s, CallContext& ctx, const TagLogGroupInput& in) {
  BERTH_ASSIGN_OR_RETURN(LogGroup group, s.RequireGroup(ctx.principal.account_id, in.name));
  BERTH_RETURN_IF_ERROR(s.store().UpdateTags(
      group.id, in.tags, {}, errors::InvalidParameter("A log group can have at most 50 tags.")));
  return Document::MakeMap();
}

Result<Document> UntagLogGroup(LogsService& s, CallContext& ctx, const UntagLogGroupInput& in) {
  BERTH_ASSIGN_OR_RETURN(LogGroup group, s.RequireGroup(ctx.principal.account_id, in.name));
  BERTH_RETURN_IF_ERROR(s.store().UpdateTags(group.id, {}, in.keys));
  return Document::MakeMap();
}

Result<Document> ListTagsLogGroup(LogsService& s, CallContext& ctx, const GroupNameInput& in) {
  BERTH_ASSIGN_OR_RETURN(LogGroup group,
                         s.RequireGroup(ctx.principal.account_id, in.name, /*with_tags=*/true));
  return TagsOutput(group.tags);
}

}  // namespace berth::services::logs::handlers
