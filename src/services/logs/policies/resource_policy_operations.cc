#include "services/logs/policies/resource_policy_operations.h"

#include "core/crypto.h"
#include "services/logs/api/field_checks.h"
#include "services/logs/model/errors.h"

namespace berth::services::logs {
namespace {

using pipeline::CallContext;

constexpr size_t kMaxDocumentLength = 51200;  // the model's PolicyDocument
constexpr std::string_view kTokenKind = "policies|";

Error ResourceScopedUnsupported() {
  return errors::InvalidParameter(
      "berth keeps account-scoped resource policies only: resourceArn is not supported.");
}

Error PolicyNotFound(std::string_view name) {
  return Error{"ResourceNotFoundException",
               "Policy with name [" + std::string(name) + "] does not exist", 400};
}

Document Encode(const ResourcePolicy& p) {
  Document out = Document::MakeMap(4);
  out["policyName"] = p.name;
  out["policyDocument"] = p.document;
  out["lastUpdatedTime"] = Millis(p.last_updated);
  out["policyScope"] = std::string("ACCOUNT");
  return out;
}

Result<Document> Put(LogsResourcePolicies& policies, CallContext& ctx, const Document& input) {
  FieldReader r(input);
  if (r.OptionalString("resourceArn")) return ResourceScopedUnsupported();
  ResourcePolicy p;
  p.name = r.RequiredString("policyName");
  if (r.ok()) p.document = r.RequiredString("policyDocument");
  if (r.ok()) CheckLength(r, "policyDocument", p.document, 1, kMaxDocumentLength);
  if (!r.ok()) return r.status().error();
  BERTH_RETURN_IF_ERROR(CheckResourcePolicyDocument(p.document));
  p.account_id = ctx.principal.account_id;
  p.region = std::string(ctx.region);
  p.last_updated = ctx.now;
  BERTH_ASSIGN_OR_RETURN(PolicyPut put, policies.store().Put(p));
  if (put == PolicyPut::kLimitExceeded) return errors::LimitExceeded("Resource limit exceeded.");
  policies.Invalidate();
  Document out = Document::MakeMap(1);
  out["resourcePolicy"] = Encode(p);
  return out;
}

Result<Document> Describe(LogsResourcePolicies& policies, CallContext& ctx,
                          const Document& input) {
  FieldReader r(input);
  if (r.OptionalString("resourceArn")) return ResourceScopedUnsupported();
  const auto limit = static_cast<size_t>(ReadLimit(r, "limit", 50).value_or(50));
  auto token = r.OptionalString("nextToken");
  auto scope = r.OptionalString("policyScope");
  if (scope && r.ok() && *scope != "ACCOUNT" && *scope != "RESOURCE") {
    r.Fail(errors::ConstraintViolated("policyScope", *scope,
                                      "Member must satisfy enum value set: [ACCOUNT, RESOURCE]"));
  }
  if (!r.ok()) return r.status().error();
  std::optional<std::string> after;
  if (token) {
    auto raw = crypto::Base64UrlDecode(*token);
    if (!raw || !raw->starts_with(kTokenKind)) {
      return errors::InvalidParameter("The specified nextToken is invalid.");
    }
    after = raw->substr(kTokenKind.size());
  }
  std::vector<ResourcePolicy> found;
  if (scope.value_or("ACCOUNT") == "ACCOUNT") {
    BERTH_ASSIGN_OR_RETURN(found, policies.store().List(ctx.principal.account_id, ctx.region,
                                                        after, limit + 1));
  }
  const bool more = found.size() > limit;
  if (more) found.resize(limit);
  Document list = Document::MakeList();
  for (const ResourcePolicy& p : found) list.Push(Encode(p));
  Document out = Document::MakeMap(2);
  out["resourcePolicies"] = std::move(list);
  if (more) {
    out["nextToken"] = crypto::Base64UrlEncode(std::string(kTokenKind) + found.back().name);
  }
  return out;
}

Result<Document> Delete(LogsResourcePolicies& policies, CallContext& ctx, const Document& input) {
  FieldReader r(input);
  if (r.OptionalString("resourceArn")) return ResourceScopedUnsupported();
  const std::string name = r.RequiredString("policyName");
  if (!r.ok()) return r.status().error();
  BERTH_ASSIGN_OR_RETURN(bool deleted,
                         policies.store().Delete(ctx.principal.account_id, ctx.region, name));
  if (!deleted) return PolicyNotFound(name);
  policies.Invalidate();
  return Document::MakeMap(0);
}

pipeline::Handler Bind(LogsResourcePolicies& policies,
                       Result<Document> (*handler)(LogsResourcePolicies&, CallContext&,
                                                   const Document&)) {
  return [&policies, handler](CallContext& ctx, const Document& input) {
    return handler(policies, ctx, input);
  };
}

}  // namespace

std::vector<pipeline::OperationSpec> ResourcePolicyOperations(LogsResourcePolicies& policies) {
  return {
      {.name = "PutResourcePolicy",
       .read_only = false,
       .handler = Bind(policies, Put),
       .logged_request_fields = {"policyName", "policyDocument", "resourceArn",
                                 "expectedRevisionId"}},
      {.name = "DescribeResourcePolicies",
       .read_only = true,
       .handler = Bind(policies, Describe),
       .logged_request_fields = {"limit", "nextToken", "resourceArn", "policyScope"}},
      {.name = "DeleteResourcePolicy",
       .read_only = false,
       .handler = Bind(policies, Delete),
       .logged_request_fields = {"policyName", "resourceArn", "expectedRevisionId"}},
  };
}

}  // namespace berth::services::logs
