#include "auth/policy/compiled_policy.h"
#include "auth/policy/managed_policies.h"
#include "auth/policy/size_limits.h"
#include "core/time_format.h"
#include "services/iam/api/shapes.h"
#include "services/iam/handlers/handlers.h"
#include "services/iam/handlers/paging.h"
#include "services/iam/handlers/params.h"
#include "services/iam/handlers/policy_documents.h"
#include "services/iam/model/errors.h"

namespace berth::services::iam::handlers {
namespace {

namespace policy = auth::policy;

int64_t Seconds(const CallContext& ctx) {
  return std::chrono::duration_cast<std::chrono::seconds>(ctx.now.time_since_epoch()).count();
}

Error AwsPolicyIsReadOnly(std::string_view arn) {
  return errors::InvalidInput("Policy " + std::string(arn) +
                              " is an AWS managed policy and cannot be changed.");
}

Result<int> Version(const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string id, Required(in, "VersionId"));
  const int version = ParseVersionId(id);
  if (version == 0) {
    return errors::Validation(
        "1 validation error detected: Value '" + id +
        "' at 'versionId' failed to satisfy constraint: Member must "
        "satisfy regular expression pattern: v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?");
  }
  return version;
}

}  // namespace

Result<Document> CreatePolicy(IamService& s, CallContext& ctx, const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string name, Required(in, "PolicyName"));
  BERTH_ASSIGN_OR_RETURN(std::string document, Required(in, "PolicyDocument"));
  BERTH_RETURN_IF_ERROR(CheckPolicyName(name));
  BERTH_RETURN_IF_ERROR(CheckManagedDocument(document));
  CustomerPolicy p;
  p.name = name;
  p.policy_id = auth::NewUniqueId("ANPA");
  p.path = Optional(in, "Path").value_or("/");
  if (!auth::IsValidIamPath(p.path)) {
    return errors::Validation("The specified value for path is invalid.");
  }
  p.arn = "arn:aws:iam::" + ctx.principal.account_id + ":policy" + p.path + name;
  p.description = Optional(in, "Description").value_or("");
  p.created_at = p.updated_at = Seconds(ctx);
  BERTH_RETURN_IF_ERROR(s.store().CreatePolicy(ctx.principal.account_id, p, document));
  s.Changed();
  Document out = Document::MakeMap();
  out["Policy"] = PolicyShape(p);
  return out;
}

Result<Document> GetPolicy(IamService& s, CallContext& ctx, const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string arn, RequiredPolicyArn(in, ctx.principal.account_id));
  Document out = Document::MakeMap();
  if (const policy::ManagedPolicy* aws = policy::FindManagedPolicy(arn)) {
    BERTH_ASSIGN_OR_RETURN(int64_t n, s.store().CountAttachments(ctx.principal.account_id, arn));
    out["Policy"] = ManagedPolicyShape(*aws, n);
    return out;
  }
  BERTH_ASSIGN_OR_RETURN(CustomerPolicy p, s.store().GetPolicy(arn));
  out["Policy"] = PolicyShape(p);
  return out;
}

Result<Document> ListPolicies(IamService& s, CallContext& ctx, const Document& in) {
  const std::string scope = Optional(in, "Scope").value_or("All");
  if (scope != "All" && scope != "AWS" && scope != "Local") {
    return errors::Validation("1 validation error detected: Value '" + scope +
                              "' at 'scope' failed to satisfy constraint: Member must satisfy "
                              "enum value set: [All, AWS, Local]");
  }
  BERTH_ASSIGN_OR_RETURN(std::optional<bool> only_attached, OptionalBool(in, "OnlyAttached"));
  const std::string prefix = Optional(in, "PathPrefix").value_or("/");
  Document list = Document::MakeList();
  if (scope != "Local") {
    for (const policy::ManagedPolicy& aws : policy::ManagedPolicies()) {
      if (std::string_view(aws.path).rfind(prefix, 0) != 0) continue;
      BERTH_ASSIGN_OR_RETURN(int64_t n,
                             s.store().CountAttachments(ctx.principal.account_id, aws.arn));
      if (only_attached.value_or(false) && n == 0) continue;
      list.Push(ManagedPolicyShape(aws, n));
    }
  }
  if (scope != "AWS") {
    BERTH_ASSIGN_OR_RETURN(auto mine, s.store().ListPolicies(ctx.principal.account_id));
    for (const CustomerPolicy& p : mine) {
      if (p.path.rfind(prefix, 0) != 0) continue;
      if (only_attached.value_or(false) && p.attachment_count == 0) continue;
      list.Push(PolicyShape(p));
    }
  }
  Document out = Document::MakeMap();
  BERTH_RETURN_IF_ERROR(PageInto(out, "Policies", std::move(list), in));
  return out;
}

Result<Document> DeletePolicy(IamService& s, CallContext& ctx, const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string arn, RequiredPolicyArn(in, ctx.principal.account_id));
  if (policy::FindManagedPolicy(arn) != nullptr) return AwsPolicyIsReadOnly(arn);
  BERTH_RETURN_IF_ERROR(s.store().DeletePolicy(arn));
  s.Changed();
  return Document::MakeMap();
}

Result<Document> CreatePolicyVersion(IamService& s, CallContext& ctx, const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string arn, RequiredPolicyArn(in, ctx.principal.account_id));
  BERTH_ASSIGN_OR_RETURN(std::string document, Required(in, "PolicyDocument"));
  BERTH_ASSIGN_OR_RETURN(std::optional<bool> set_default, OptionalBool(in, "SetAsDefault"));
  if (policy::FindManagedPolicy(arn) != nullptr) return AwsPolicyIsReadOnly(arn);
  BERTH_RETURN_IF_ERROR(CheckManagedDocument(document));
  BERTH_ASSIGN_OR_RETURN(
      PolicyVersion v,
      s.store().CreatePolicyVersion(arn, document, set_default.value_or(false), Seconds(ctx)));
  s.Changed();
  Document out = Document::MakeMap();
  out["PolicyVersion"] = PolicyVersionShape(v, /*with_document=*/false);
  return out;
}

Result<Document> GetPolicyVersion(IamService& s, CallContext& ctx, const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string arn, RequiredPolicyArn(in, ctx.principal.account_id));
  BERTH_ASSIGN_OR_RETURN(int version, Version(in));
  Document out = Document::MakeMap();
  if (const policy::ManagedPolicy* aws = policy::FindManagedPolicy(arn)) {
    // Only AWS's default version is built in.
    if (VersionId(version) != aws->version_id) {
      return errors::NoSuchPolicyVersion(arn, VersionId(version));
    }
    Document v = Document::MakeMap();
    v["Document"] = EncodedPolicyDocument(aws->document);
    v["VersionId"] = std::string(aws->version_id);
    v["IsDefaultVersion"] = true;
    if (auto t = timefmt::ParseIso8601(aws->update_date)) v["CreateDate"] = Document::Timestamp(*t);
    out["PolicyVersion"] = std::move(v);
    return out;
  }
  BERTH_ASSIGN_OR_RETURN(PolicyVersion v, s.store().GetPolicyVersion(arn, version));
  out["PolicyVersion"] = PolicyVersionShape(v, /*with_document=*/true);
  return out;
}

Result<Document> ListPolicyVersions(IamService& s, CallContext& ctx, const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string arn, RequiredPolicyArn(in, ctx.principal.account_id));
  Document list = Document::MakeList();
  if (const policy::ManagedPolicy* aws = policy::FindManagedPolicy(arn)) {
    Document v = Document::MakeMap();
    v["VersionId"] = std::string(aws->version_id);
    v["IsDefaultVersion"] = true;
    if (auto t = timefmt::ParseIso8601(aws->update_date)) v["CreateDate"] = Document::Timestamp(*t);
    list.Push(std::move(v));
  } else {
    BERTH_ASSIGN_OR_RETURN(auto versions, s.store().ListPolicyVersions(arn));
    for (const PolicyVersion& v : versions) list.Push(PolicyVersionShape(v, false));
  }
  Document out = Document::MakeMap();
  BERTH_RETURN_IF_ERROR(PageInto(out, "Versions", std::move(list), in));
  return out;
}

Result<Document> DeletePolicyVersion(IamService& s, CallContext& ctx, const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string arn, RequiredPolicyArn(in, ctx.principal.account_id));
  BERTH_ASSIGN_OR_RETURN(int version, Version(in));
  if (policy::FindManagedPolicy(arn) != nullptr) return AwsPolicyIsReadOnly(arn);
  BERTH_RETURN_IF_ERROR(s.store().DeletePolicyVersion(arn, version));
  s.Changed();
  return Document::MakeMap();
}

Result<Document> SetDefaultPolicyVersion(IamService& s, CallContext& ctx, const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string arn, RequiredPolicyArn(in, ctx.principal.account_id));
  BERTH_ASSIGN_OR_RETURN(int version, Version(in));
  if (policy::FindManagedPolicy(arn) != nullptr) return AwsPolicyIsReadOnly(arn);
  BERTH_RETURN_IF_ERROR(s.store().SetDefaultPolicyVersion(arn, version, Seconds(ctx)));
  s.Changed();
  return Document::MakeMap();
}

}  // namespace berth::services::iam::handlers
