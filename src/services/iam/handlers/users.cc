#include "services/iam/api/shapes.h"
#include "services/iam/handlers/handlers.h"
#include "services/iam/handlers/paging.h"
#include "services/iam/handlers/params.h"
#include "services/iam/model/errors.h"

namespace berth::services::iam::handlers {

Result<std::string> UserOrCaller(const CallContext& ctx, const Document& in) {
  if (auto name = Optional(in, "UserName"); name && !name->empty()) return *name;
  if (ctx.principal.type == auth::PrincipalType::kIamUser && !ctx.principal.user_name.empty()) {
    return ctx.principal.user_name;
  }
  return errors::Validation("Must specify userName when calling with non-User credentials");
}

Result<Document> CreateUser(IamService& s, CallContext& ctx, const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string name, Required(in, "UserName"));
  BERTH_ASSIGN_OR_RETURN(auth::User user,
                         s.credentials().CreateUser(ctx.principal.account_id, name,
                                                    Optional(in, "Path").value_or("/")));
  s.Changed();
  Document out = Document::MakeMap();
  out["User"] = UserShape(user);
  return out;
}

Result<Document> GetUser(IamService& s, CallContext& ctx, const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string name, UserOrCaller(ctx, in));
  BERTH_ASSIGN_OR_RETURN(auth::User user, s.credentials().GetUser(ctx.principal.account_id, name));
  Document out = Document::MakeMap();
  out["User"] = UserShape(user);
  return out;
}

Result<Document> ListUsers(IamService& s, CallContext& ctx, const Document& in) {
  const std::string prefix = Optional(in, "PathPrefix").value_or("/");
  BERTH_ASSIGN_OR_RETURN(auto users, s.credentials().ListUsers(ctx.principal.account_id));
  Document list = Document::MakeList();
  for (const auth::User& user : users)
    if (user.path.rfind(prefix, 0) == 0) list.Push(UserShape(user));
  Document out = Document::MakeMap();
  BERTH_RETURN_IF_ERROR(PageInto(out, "Users", std::move(list), in));
  return out;
}

Result<Document> UpdateUser(IamService& s, CallContext& ctx, const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string name, Required(in, "UserName"));
  std::optional<std::string> new_name = Optional(in, "NewUserName");
  const std::string& account = ctx.principal.account_id;
  BERTH_RETURN_IF_ERROR(s.credentials().UpdateUser(
      account, name, new_name, Optional(in, "NewPath"),
      [&](store::Connection& c) { return s.store().RenameUser(c, account, name, *new_name); }));
  s.Changed();
  return Document::MakeMap();
}

Result<Document> DeleteUser(IamService& s, CallContext& ctx, const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string name, Required(in, "UserName"));
  const std::string& account = ctx.principal.account_id;
  BERTH_RETURN_IF_ERROR(s.credentials().DeleteUser(account, name, [&](store::Connection& c) {
    return s.store().CheckUserDeletable(c, account, name);
  }));
  s.Changed();
  return Document::MakeMap();
}

}  // namespace berth::services::iam::handlers
