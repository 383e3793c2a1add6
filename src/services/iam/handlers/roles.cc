#include <charconv>

#include "services/iam/api/shapes.h"
#include "services/iam/handlers/handlers.h"
#include "services/iam/handlers/paging.h"
#include "services/iam/handlers/params.h"
#include "services/iam/handlers/policy_documents.h"
#include "services/iam/model/errors.h"

namespace berth::services::iam::handlers {

Result<Document> CreateRole(IamService& s, CallContext& ctx, const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string name, Required(in, "RoleName"));
  BERTH_ASSIGN_OR_RETURN(std::string trust, Required(in, "AssumeRolePolicyDocument"));
  if (!auth::IsValidUserName(name)) {
    return errors::Validation(
        "The specified value for roleName is invalid. It must contain "
        "only alphanumeric characters and/or the following: +=,.@_-");
  }
  BERTH_RETURN_IF_ERROR(CheckTrustDocument(trust));
  Role role;
  role.name = name;
  role.role_id = auth::NewUniqueId("AROA");
  role.path = Optional(in, "Path").value_or("/");
  if (!auth::IsValidIamPath(role.path)) {
    return errors::Validation("The specified value for path is invalid.");
  }
  role.arn = "arn:aws:iam::" + ctx.principal.account_id + ":role" + role.path + name;
  role.trust_policy = trust;
  role.description = Optional(in, "Description").value_or("");
  if (auto max = Optional(in, "MaxSessionDuration")) {
    int64_t seconds = 0;
    auto [ptr, ec] = std::from_chars(max->data(), max->data() + max->size(), seconds);
    if (ec != std::errc() || ptr != max->data() + max->size() || seconds < 3600 ||
        seconds > 43200) {
      return errors::Validation("1 validation error detected: Value '" + *max +
                                "' at 'maxSessionDuration' failed to satisfy constraint: Member "
                                "must have value between 3600 and 43200");
    }
    role.max_session_duration = seconds;
  }
  role.created_at =
      std::chrono::duration_cast<std::chrono::seconds>(ctx.now.time_since_epoch()).count();
  BERTH_RETURN_IF_ERROR(s.store().CreateRole(ctx.principal.account_id, role));
  s.Changed();
  Document out = Document::MakeMap();
  out["Role"] = RoleShape(role);
  return out;
}

Result<Document> GetRole(IamService& s, CallContext& ctx, const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string name, Required(in, "RoleName"));
  BERTH_ASSIGN_OR_RETURN(Role role, s.store().GetRole(ctx.principal.account_id, name));
  Document out = Document::MakeMap();
  out["Role"] = RoleShape(role);
  return out;
}

Result<Document> ListRoles(IamService& s, CallContext& ctx, const Document& in) {
  const std::string prefix = Optional(in, "PathPrefix").value_or("/");
  BERTH_ASSIGN_OR_RETURN(auto roles, s.store().ListRoles(ctx.principal.account_id));
  Document list = Document::MakeList();
  for (const Role& role : roles)
    if (role.path.rfind(prefix, 0) == 0) list.Push(RoleShape(role));
  Document out = Document::MakeMap();
  BERTH_RETURN_IF_ERROR(PageInto(out, "Roles", std::move(list), in));
  return out;
}

Result<Document> DeleteRole(IamService& s, CallContext& ctx, const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string name, Required(in, "RoleName"));
  BERTH_RETURN_IF_ERROR(s.store().DeleteRole(ctx.principal.account_id, name));
  s.Changed();
  return Document::MakeMap();
}

Result<Document> UpdateAssumeRolePolicy(IamService& s, CallContext& ctx, const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string name, Required(in, "RoleName"));
  BERTH_ASSIGN_OR_RETURN(std::string trust, Required(in, "PolicyDocument"));
  BERTH_RETURN_IF_ERROR(CheckTrustDocument(trust));
  BERTH_RETURN_IF_ERROR(s.store().UpdateTrustPolicy(ctx.principal.account_id, name, trust));
  s.Changed();
  return Document::MakeMap();
}

}  // namespace berth::services::iam::handlers
