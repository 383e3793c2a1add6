#include "services/iam/handlers/policy_documents.h"

#include "auth/policy/compiled_policy.h"
#include "auth/policy/size_limits.h"

namespace berth::services::iam::handlers {

namespace policy = auth::policy;

Status CheckManagedDocument(std::string_view document) {
  BERTH_RETURN_IF_ERROR(policy::CheckManagedPolicySize(document));
  const policy::ParseOptions options{.kind = policy::PolicyKind::kIdentity,
                                     .require_current_version = true};
  BERTH_RETURN_IF_ERROR(policy::CompiledPolicy::FromText(document, options, "policy"));
  return Ok();
}

Status CheckTrustDocument(std::string_view document) {
  BERTH_RETURN_IF_ERROR(policy::CheckTrustPolicySize(document));
  const policy::ParseOptions options{.kind = policy::PolicyKind::kTrust};
  BERTH_RETURN_IF_ERROR(policy::CompiledPolicy::FromText(document, options, "trust policy"));
  return Ok();
}

Status CheckInlineDocument(std::string_view document) {
  const policy::ParseOptions options{.kind = policy::PolicyKind::kIdentity};
  BERTH_RETURN_IF_ERROR(policy::CompiledPolicy::FromText(document, options, "policy"));
  return Ok();
}

Status CheckInlineQuota(OwnerKind kind, std::string_view owner,
                        const std::vector<std::string>& documents) {
  size_t total = 0;
  for (const std::string& d : documents) total += policy::PolicySize(d);
  const policy::InlineOwner inline_owner = kind == OwnerKind::kUser    ? policy::InlineOwner::kUser
                                           : kind == OwnerKind::kGroup ? policy::InlineOwner::kGroup
                                                                       : policy::InlineOwner::kRole;
  return policy::CheckInlinePoliciesSize(inline_owner, owner, total);
}

}  // namespace berth::services::iam::handlers
