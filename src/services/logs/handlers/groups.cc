#include <algorithm>
#include <set>

#include "services/logs/api/page_tokens.h"
#include "services/logs/handlers/handlers.h"
#include "services/logs/model/arn.h"
#include "services/logs/model/errors.h"

namespace berth::services::logs::handlers {

Result<LogGroup> RequireGroup(LogsService& s, const CallContext& ctx, const GroupSelector& group) {
  if (group.account && *group.account != ctx.principal.account_id) {
    return errors::LogGroupNotFound();
  }
  return s.RequireGroup(ctx.principal.account_id, group.name);
}

Result<Document> CreateLogGroup(LogsService& s, CallContext& ctx, const CreateLogGroupInput& in) {
  LogGroup group;
  group.account_id = ctx.principal.account_id;
  group.name = in.name;
  group.created_at = ctx.now;
  group.kms_key_id = in.kms_key_id;
  group.log_group_class = in.log_group_class;
  group.deletion_protection = in.deletion_protection;
  group.tags = in.tags;
  BERTH_ASSIGN_OR_RETURN(bool created, s.store().CreateGroup(group));
  if (!created) return errors::LogGroupAlreadyExists();
  return Document::MakeMap();
}

Result<Document> DeleteLogGroup(LogsService& s, CallContext& ctx, const GroupNameInput& in) {
  BERTH_ASSIGN_OR_RETURN(LogGroup group, s.RequireGroup(ctx.principal.account_id, in.name));
  if (group.deletion_protection) return errors::DeletionProtected(group.name);
  BERTH_ASSIGN_OR_RETURN(bool deleted, s.store().DeleteGroup(group.id));
  if (deleted) s.metric_filters().RemoveGroup(group.id);
  if (!deleted) return errors::LogGroupNotFound();
  return Document::MakeMap();
}

Result<Document> DescribeLogGroups(LogsService& s, CallContext& ctx,
                                   const DescribeLogGroupsInput& in) {
  const std::string& account = ctx.principal.account_id;
  Document groups = Document::MakeList();
  Document out = Document::MakeMap(2);
  const bool summary = in.pattern.has_value();
  // Other accounts' groups are never visible: asking only for them finds nothing.
  if (in.account_identifiers && !in.account_identifiers->empty() &&
      std::find(in.account_identifiers->begin(), in.account_identifiers->end(), account) ==
          in.account_identifiers->end()) {
    out["logGroups"] = std::move(groups);
    return out;
  }
  if (in.identifiers) {
    std::set<std::string> names;
    for (const std::string& identifier : *in.identifiers) {
      BERTH_ASSIGN_OR_RETURN(LogGroupRef ref, ParseLogGroupIdentifier(identifier));
      if (!ref.account || *ref.account == account) names.insert(ref.name);
    }
    for (const std::string& name : names) {
      BERTH_ASSIGN_OR_RETURN(auto group, s.store().GetGroup(account, name, false));
      if (!group) continue;
      if (in.log_group_class && group->log_group_class != *in.log_group_class) continue;
      groups.Push(EncodeLogGroup(*group, ctx.region));
    }
    out["logGroups"] = std::move(groups);
    return out;
  }
  GroupListing listing;
  if (in.next_token) {
    BERTH_ASSIGN_OR_RETURN(listing.after, DecodeGroupsToken(*in.next_token));
  }
  listing.prefix = in.prefix;
  listing.substring = in.pattern;
  listing.log_group_class = in.log_group_class;
  const auto limit = static_cast<size_t>(in.limit);
  listing.limit = limit + 1;  // one more, to know whether a page follows
  BERTH_ASSIGN_OR_RETURN(auto list, s.store().ListGroups(account, listing));
  const bool more = list.size() > limit;
  if (more) list.resize(limit);
  groups.as_list().reserve(list.size());
  for (const LogGroup& group : list) groups.Push(EncodeLogGroup(group, ctx.region, summary));
  out["logGroups"] = std::move(groups);
  if (more) out["nextToken"] = EncodeGroupsToken(list.back().name);
  return out;
}

Result<Document> PutRetentionPolicy(LogsService& s, CallContext& ctx,
                                    const PutRetentionPolicyInput& in) {
  BERTH_ASSIGN_OR_RETURN(LogGroup group, s.RequireGroup(ctx.principal.account_id, in.name));
  BERTH_RETURN_IF_ERROR(s.store().SetRetention(group.id, in.retention_days));
  return Document::MakeMap();
}

Result<Document> DeleteRetentionPolicy(LogsService& s, CallContext& ctx, const GroupNameInput& in) {
  BERTH_ASSIGN_OR_RETURN(LogGroup group, s.RequireGroup(ctx.principal.account_id, in.name));
  BERTH_RETURN_IF_ERROR(s.store().SetRetention(group.id, std::nullopt));
  return Document::MakeMap();
}

Result<Document> PutLogGroupDeletionProtection(LogsService& s, CallContext& ctx,
                                               const PutDeletionProtectionInput& in) {
  BERTH_ASSIGN_OR_RETURN(LogGroup group, RequireGroup(s, ctx, in.group));
  BERTH_RETURN_IF_ERROR(s.store().SetDeletionProtection(group.id, in.enabled));
  return Document::MakeMap();
}

}  // namespace berth::services::logs::handlers
