#pragma once
// The authorize stage on the IAM policy engine (auth/policy): AWS's evaluation logic over the
// caller's identity-based policies (the user's inline and attached managed policies, and those
// of its groups) and the resource's policy where it has one (an ECR repository policy).
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
      std::string_view user_name, std::shared_ptr<const void>& keep) const;

  // IAM changed: the next call recompiles.
  void Invalidate() { version_.fetch_add(1, std::memory_order_release); }

  // The request context AWS would build for the call (global condition keys that apply
  // offline); exposed for tests.
  static auth::policy::RequestContext ContextFor(const pipeline::AccessRequest& request);

 private:
  // One user's identity-based policies, compiled.
  struct UserPolicies {
    std::vector<const auth::policy::CompiledPolicy*> policies;
  };
  struct Snapshot {
    uint64_t version = 0;
    std::chrono::steady_clock::time_point built;
    std::unordered_map<std::string, UserPolicies> users;
    // Owns what `users` points at (AWS managed policies are static).
    std::vector<std::shared_ptr<const auth::policy::CompiledPolicy>> owned;
  };

  std::shared_ptr<const Snapshot> Current(std::string_view user_name) const;
  std::shared_ptr<const Snapshot> Rebuild(uint64_t version) const;

  IamStore& store_;
  ResourcePolicySource* resources_;
  std::atomic<uint64_t> version_{1};
  mutable std::shared_mutex mu_;
  mutable std::shared_ptr<const Snapshot> snapshot_;  // GUARDED_BY(mu_)
  mutable std::mutex rebuild_mu_;                     // one rebuild at a time
};

}  // namespace berth::services::iam
