#pragma once
// The authorize stage on the IAM policy engine (auth/policy): AWS's evaluation logic over the
// caller's identity-based policies (the user's inline and attached managed policies, and those
// of its groups; an assumed role's, capped by the session policy) and the resource's policy where it has one (an ECR repository policy).
//
// Cost: policies are compiled when IAM changes, not per call. Every IAM write bumps a version;
// the next call rebuilds one immutable snapshot (every user's compiled policies, read from the
// store in one transaction) and every later call reads it: a map hit for the caller, one for
// the resource's policy, a request context of a dozen keys and the evaluator's single pass.

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "auth/policy/compiled_policy.h"
#include "auth/policy/request_context.h"
#include "pipeline/authorizer.h"
#include "services/iam/authorizer/resource_policies.h"
#include "services/iam/store/iam_store.h"

namespace berth::services::iam {

class PolicyAuthorizer final : public pipeline::Authorizer {
 public:
  // `resources` may be null (no resource policies). Both are borrowed.
  PolicyAuthorizer(IamStore& store, ResourcePolicySource* resources)
      : store_(store), resources_(resources) {}

  std::optional<pipeline::Denial> Check(const pipeline::AccessRequest& request) const override;

  // The user's identity-based policies as calls are decided on (SimulatePrincipalPolicy);
  // `keep` holds the snapshot they belong to alive.
  std::span<const auth::policy::CompiledPolicy* const> IdentityPolicies(
      std::string_view account, std::string_view user_name,
      std::shared_ptr<const void>& keep) const;

  // STS AssumeRole's question (policy::EvaluateAssumeRole): may the caller assume the role whose
  // ARN is request.resources[0] and whose trust policy is `trust`? `context_keys` adds the
  // call's own condition keys (sts:ExternalId, sts:RoleSessionName). The dispatcher's authorize
  // stage lets sts:AssumeRole through: only the handler knows those keys and the role.
  std::optional<pipeline::Denial> CheckAssumeRole(
      const pipeline::AccessRequest& request, const auth::policy::CompiledPolicy& trust,
      const std::vector<std::pair<std::string, std::string>>& context_keys) const;

  // IAM changed: the next call recompiles.
  void Invalidate() { version_.fetch_add(1, std::memory_order_release); }

  // The request context AWS would build for the call (global condition keys that apply
  // offline); exposed for tests.
  static auth::policy::RequestContext ContextFor(const pipeline::AccessRequest& request);

 private:
  // One user's identity-based policies, compiled. The snapshot's maps are keyed by OwnerKey
  // (account/name): names are unique per account only.
  struct UserPolicies {
    std::vector<const auth::policy::CompiledPolicy*> policies;
  };
  struct Snapshot {
    uint64_t version = 0;
    std::chrono::steady_clock::time_point built;
    std::unordered_map<std::string, UserPolicies> users;
    std::unordered_map<std::string, UserPolicies> roles;  // what their sessions may do
    // Owns what `users` points at (AWS managed policies are static).
    std::vector<std::shared_ptr<const auth::policy::CompiledPolicy>> owned;
  };

  // `user_key`: the caller's OwnerKey (empty for none): a user the snapshot does not know
  // makes it reload (at most every kUnknownUserReload).
  std::shared_ptr<const Snapshot> Current(const std::string& user_key) const;
  // The caller's identity-based policies in `snapshot` (a user's with its groups', or an
  // assumed role's), loading the snapshot into `snapshot`.
  std::span<const auth::policy::CompiledPolicy* const> IdentityOf(
      const auth::Principal& p, std::shared_ptr<const Snapshot>& snapshot) const;
  // An assumed-role session's session policy, compiled once per session (bounded cache);
  // nullptr when it has none.
  std::shared_ptr<const auth::policy::CompiledPolicy> SessionPolicy(
      const auth::Principal& p) const;
  std::shared_ptr<const Snapshot> Rebuild(uint64_t version) const;

  IamStore& store_;
  ResourcePolicySource* resources_;
  std::atomic<uint64_t> version_{1};
  mutable std::shared_mutex mu_;
  mutable std::shared_ptr<const Snapshot> snapshot_;  // GUARDED_BY(mu_)
  mutable std::mutex rebuild_mu_;                     // one rebuild at a time
  mutable std::mutex session_mu_;
  mutable std::unordered_map<std::string, std::shared_ptr<const auth::policy::CompiledPolicy>>
      session_policies_;  // GUARDED_BY(session_mu_), by access key id
};

}  // namespace berth::services::iam
