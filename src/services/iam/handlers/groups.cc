#include "services/iam/api/shapes.h"
#include "services/iam/handlers/handlers.h"
#include "services/iam/handlers/paging.h"
#include "services/iam/handlers/params.h"
#include "services/iam/model/errors.h"

namespace berth::services::iam::handlers {
namespace {

// IAM's group and policy names: 1–128 characters of [A-Za-z0-9+=,.@_-].
bool IsValidName(std::string_view name, size_t max) {
  return !name.empty() && name.size() <= max && auth::IsValidUserName(name.substr(0, 64)) &&
         (name.size() <= 64 || auth::IsValidUserName(name.substr(64)));
}

Result<Document> Groups(const std::vector<Group>& groups, const Document& in) {
  Document list = Document::MakeList();
  for (const Group& g : groups) list.Push(GroupShape(g));
  Document out = Document::MakeMap();
  BERTH_RETURN_IF_ERROR(PageInto(out, "Groups", std::move(list), in));
  return out;
}

}  // namespace

Result<Document> CreateGroup(IamService& s, CallContext& ctx, const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string name, Required(in, "GroupName"));
  if (!IsValidName(name, 128)) {
    return errors::Validation(
        "The specified value for groupName is invalid. It must contain "
        "only alphanumeric characters and/or the following: +=,.@_-");
  }
  Group group;
  group.name = name;
  group.group_id = auth::NewUniqueId("AGPA");
  group.path = Optional(in, "Path").value_or("/");
  if (!auth::IsValidIamPath(group.path)) {
    return errors::Validation("The specified value for path is invalid.");
  }
  group.arn = "arn:aws:iam::" + ctx.principal.account_id + ":group" + group.path + name;
  group.created_at =
      std::chrono::duration_cast<std::chrono::seconds>(ctx.now.time_since_epoch()).count();
  BERTH_RETURN_IF_ERROR(s.store().CreateGroup(ctx.principal.account_id, group));
  s.Changed();
  Document out = Document::MakeMap();
  out["Group"] = GroupShape(group);
  return out;
}

Result<Document> GetGroup(IamService& s, CallContext& ctx, const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string name, Required(in, "GroupName"));
  const std::string& account = ctx.principal.account_id;
  BERTH_ASSIGN_OR_RETURN(Group group, s.store().GetGroup(account, name));
  BERTH_ASSIGN_OR_RETURN(auto members, s.store().ListGroupMembers(account, name));
  Document users = Document::MakeList();
  for (const std::string& member : members) {
    auto user = s.credentials().GetUser(account, member);
    if (user.ok()) users.Push(UserShape(*user));
  }
  Document out = Document::MakeMap();
  out["Group"] = GroupShape(group);
  BERTH_RETURN_IF_ERROR(PageInto(out, "Users", std::move(users), in));
  return out;
}

Result<Document> ListGroups(IamService& s, CallContext& ctx, const Document& in) {
  const std::string prefix = Optional(in, "PathPrefix").value_or("/");
  BERTH_ASSIGN_OR_RETURN(auto groups, s.store().ListGroups(ctx.principal.account_id));
  std::erase_if(groups, [&](const Group& g) { return g.path.rfind(prefix, 0) != 0; });
  return Groups(groups, in);
}

Result<Document> DeleteGroup(IamService& s, CallContext& ctx, const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string name, Required(in, "GroupName"));
  BERTH_RETURN_IF_ERROR(s.store().DeleteGroup(ctx.principal.account_id, name));
  s.Changed();
  return Document::MakeMap();
}

Result<Document> AddUserToGroup(IamService& s, CallContext& ctx, const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string group, Required(in, "GroupName"));
  BERTH_ASSIGN_OR_RETURN(std::string user, Required(in, "UserName"));
  BERTH_RETURN_IF_ERROR(s.store().AddUserToGroup(ctx.principal.account_id, group, user));
  s.Changed();
  return Document::MakeMap();
}

Result<Document> RemoveUserFromGroup(IamService& s, CallContext& ctx, const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string group, Required(in, "GroupName"));
  BERTH_ASSIGN_OR_RETURN(std::string user, Required(in, "UserName"));
  BERTH_RETURN_IF_ERROR(s.store().RemoveUserFromGroup(ctx.principal.account_id, group, user));
  s.Changed();
  return Document::MakeMap();
}

Result<Document> ListGroupsForUser(IamService& s, CallContext& ctx, const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string user, Required(in, "UserName"));
  BERTH_ASSIGN_OR_RETURN(auto groups, s.store().ListGroupsForUser(ctx.principal.account_id, user));
  return Groups(groups, in);
}

}  // namespace berth::services::iam::handlers
