// Put/Get/DeleteRegistryPolicy: the caller's registry's resource policy, validated as an IAM
// policy document and stored (store/registry_policies.h). berth keeps one registry and no
// replication or pull-through caches yet, so nothing else reads it.
#include "services/ecr/handlers/handlers.h"
#include "services/ecr/model/errors.h"
#include "services/ecr/model/validation.h"

namespace berth::services::ecr::handlers {
namespace {

constexpr size_t kMaxRegistryPolicyBytes = 10240;

Document RegistryPolicyOutput(const std::string& registry, const std::string& text) {
  Document out;
  out["registryId"] = registry;
  out["policyText"] = text;
  return out;
}

}  // namespace

Result<Document> PutRegistryPolicy(EcrService& s, CallContext& ctx, const std::string& text) {
  if (text.size() > kMaxRegistryPolicyBytes) {
    return errors::InvalidParameter("Invalid parameter at 'policyText' failed to satisfy "
                                    "constraint: 'Member must have length less than or equal "
                                    "to 10240'");
  }
  BERTH_RETURN_IF_ERROR(CheckRegistryPolicy(text));
  const std::string& registry = ctx.principal.account_id;
  BERTH_RETURN_IF_ERROR(s.registry_policies().Put(registry, text));
  return RegistryPolicyOutput(registry, text);
}

Result<Document> GetRegistryPolicy(EcrService& s, CallContext& ctx) {
  const std::string& registry = ctx.principal.account_id;
  BERTH_ASSIGN_OR_RETURN(auto text, s.registry_policies().Get(registry));
  if (!text) return errors::RegistryPolicyNotFound(registry);
  return RegistryPolicyOutput(registry, *text);
}

Result<Document> DeleteRegistryPolicy(EcrService& s, CallContext& ctx) {
  const std::string& registry = ctx.principal.account_id;
  BERTH_ASSIGN_OR_RETURN(auto text, s.registry_policies().Delete(registry));
  if (!text) return errors::RegistryPolicyNotFound(registry);
  return RegistryPolicyOutput(registry, *text);
}

}  // namespace berth::services::ecr::handlers
