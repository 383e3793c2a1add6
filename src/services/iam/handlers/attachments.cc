#include "auth/policy/managed_policies.h"
#include "services/iam/api/shapes.h"
#include "services/iam/handlers/handlers.h"
#include "services/iam/handlers/paging.h"
#include "services/iam/handlers/params.h"
#include "services/iam/handlers/policy_documents.h"
#include "services/iam/model/errors.h"

namespace berth::services::iam::handlers {
namespace {

// The owner member each kind's operations name.
const char* OwnerMember(OwnerKind kind) {
  return kind == OwnerKind::kUser    ? "UserName"
         : kind == OwnerKind::kGroup ? "GroupName"
                                     : "RoleName";
}

// AWS's or the account's: either may be attached, by ARN.
Status RequireAttachable(IamService& s, std::string_view arn) {
  if (auth::policy::FindManagedPolicy(arn) != nullptr) return Ok();
  auto p = s.store().GetPolicy(arn);
  if (!p.ok() && p.error().code == "NoSuchEntity") return errors::NoSuchPolicy(arn);
  return p.ok() ? Ok() : Status(p.error());
}

Result<Document> Attach(IamService& s, const CallContext& ctx, OwnerKind kind,
                          const Document& in) {
  const std::string& account = ctx.principal.account_id;
  BERTH_ASSIGN_OR_RETURN(std::string owner, Required(in, OwnerMember(kind)));
  BERTH_ASSIGN_OR_RETURN(std::string arn, RequiredPolicyArn(in, account));
  BERTH_RETURN_IF_ERROR(RequireAttachable(s, arn));
  BERTH_RETURN_IF_ERROR(s.store().Attach(account, kind, owner, arn));
  s.Changed();
  return Document::MakeMap();
}

Result<Document> Detach(IamService& s, const CallContext& ctx, OwnerKind kind,
                          const Document& in) {
  const std::string& account = ctx.principal.account_id;
  BERTH_ASSIGN_OR_RETURN(std::string owner, Required(in, OwnerMember(kind)));
  BERTH_ASSIGN_OR_RETURN(std::string arn, RequiredPolicyArn(in, account));
  BERTH_RETURN_IF_ERROR(s.store().Detach(account, kind, owner, arn));
  s.Changed();
  return Document::MakeMap();
}

Result<Document> ListAttached(IamService& s, const CallContext& ctx, OwnerKind kind,
                          const Document& in) {
  const std::string& account = ctx.principal.account_id;
  BERTH_ASSIGN_OR_RETURN(std::string owner, Required(in, OwnerMember(kind)));
  BERTH_ASSIGN_OR_RETURN(auto arns, s.store().ListAttached(account, kind, owner));
  Document list = Document::MakeList();
  for (const std::string& arn : arns) list.Push(AttachedPolicyShape(arn));
  Document out = Document::MakeMap();
  BERTH_RETURN_IF_ERROR(PageInto(out, "AttachedPolicies", std::move(list), in));
  return out;
}

Result<Document> PutInline(IamService& s, const CallContext& ctx, OwnerKind kind,
                          const Document& in) {
  const std::string& account = ctx.principal.account_id;
  BERTH_ASSIGN_OR_RETURN(std::string owner, Required(in, OwnerMember(kind)));
  BERTH_ASSIGN_OR_RETURN(std::string name, Required(in, "PolicyName"));
  BERTH_ASSIGN_OR_RETURN(std::string document, Required(in, "PolicyDocument"));
  BERTH_RETURN_IF_ERROR(CheckPolicyName(name));
  BERTH_RETURN_IF_ERROR(CheckInlineDocument(document));
  BERTH_RETURN_IF_ERROR(s.store().PutInline(
      account, kind, owner, InlinePolicy{name, document},
      [&](const std::vector<std::string>& all) { return CheckInlineQuota(kind, owner, all); }));
  s.Changed();
  return Document::MakeMap();
}

Result<Document> GetInline(IamService& s, const CallContext& ctx, OwnerKind kind,
                          const Document& in) {
  const std::string& account = ctx.principal.account_id;
  BERTH_ASSIGN_OR_RETURN(std::string owner, Required(in, OwnerMember(kind)));
  BERTH_ASSIGN_OR_RETURN(std::string name, Required(in, "PolicyName"));
  BERTH_ASSIGN_OR_RETURN(InlinePolicy p, s.store().GetInline(account, kind, owner, name));
  Document out = Document::MakeMap();
  out[OwnerMember(kind)] = owner;
  out["PolicyName"] = p.name;
  out["PolicyDocument"] = EncodedPolicyDocument(p.document);
  return out;
}

Result<Document> ListInline(IamService& s, const CallContext& ctx, OwnerKind kind,
                          const Document& in) {
  const std::string& account = ctx.principal.account_id;
  BERTH_ASSIGN_OR_RETURN(std::string owner, Required(in, OwnerMember(kind)));
  BERTH_ASSIGN_OR_RETURN(auto names, s.store().ListInline(account, kind, owner));
  Document list = Document::MakeList();
  for (std::string& name : names) list.Push(Document(std::move(name)));
  Document out = Document::MakeMap();
  BERTH_RETURN_IF_ERROR(PageInto(out, "PolicyNames", std::move(list), in));
  return out;
}

Result<Document> DeleteInline(IamService& s, const CallContext& ctx, OwnerKind kind,
                          const Document& in) {
  const std::string& account = ctx.principal.account_id;
  BERTH_ASSIGN_OR_RETURN(std::string owner, Required(in, OwnerMember(kind)));
  BERTH_ASSIGN_OR_RETURN(std::string name, Required(in, "PolicyName"));
  BERTH_RETURN_IF_ERROR(s.store().DeleteInline(account, kind, owner, name));
  s.Changed();
  return Document::MakeMap();
}

}  // namespace

#define BERTH_IAM_OWNER_OPS(Kind, kind)                                                            \
  Result<Document> Attach##Kind##Policy(IamService& s, CallContext& ctx,                           \
                    const Document& in) {                                                          \
    return Attach(s, ctx, kind, in);                                                               \
  }                                                                                                \
  Result<Document> Detach##Kind##Policy(IamService& s, CallContext& ctx,                           \
                    const Document& in) {                                                          \
    return Detach(s, ctx, kind, in);                                                               \
  }                                                                                                \
  Result<Document> ListAttached##Kind##Policies(IamService& s, CallContext& ctx,                   \
                    const Document& in) {                                                          \
    return ListAttached(s, ctx, kind, in);                                                         \
  }                                                                                                \
  Result<Document> Put##Kind##Policy(IamService& s, CallContext& ctx,                              \
                    const Document& in) {                                                          \
    return PutInline(s, ctx, kind, in);                                                            \
  }                                                                                                \
  Result<Document> Get##Kind##Policy(IamService& s, CallContext& ctx,                              \
                    const Document& in) {                                                          \
    return GetInline(s, ctx, kind, in);                                                            \
  }                                                                                                \
  Result<Document> List##Kind##Policies(IamService& s, CallContext& ctx,                           \
                    const Document& in) {                                                          \
    return ListInline(s, ctx, kind, in);                                                           \
  }                                                                                                \
  Result<Document> Delete##Kind##Policy(IamService& s, CallContext& ctx,                           \
                    const Document& in) {                                                          \
    return DeleteInline(s, ctx, kind, in);                                                         \
  }

BERTH_IAM_OWNER_OPS(User, OwnerKind::kUser)
BERTH_IAM_OWNER_OPS(Group, OwnerKind::kGroup)
BERTH_IAM_OWNER_OPS(Role, OwnerKind::kRole)
#undef BERTH_IAM_OWNER_OPS

}  // namespace berth::services::iam::handlers
