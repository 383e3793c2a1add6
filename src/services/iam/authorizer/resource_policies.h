#pragma once
// Resource-based policies the authorizer consults, kept compiled in memory: a call costs a map
// look-up, never a database read. ECR repository policies are the first (stored by
// SetRepositoryPolicy); the source recompiles them all when told one changed.

#include <atomic>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "auth/policy/compiled_policy.h"
#include "services/ecr/store/ecr_store.h"

namespace berth::services::iam {

class ResourcePolicySource {
 public:
  virtual ~ResourcePolicySource() = default;
  // The policy on the resource `arn`, or nullptr when it has none (or is not this source's).
  virtual std::shared_ptr<const auth::policy::CompiledPolicy> Find(std::string_view arn) = 0;
};

// arn:aws:ecr:REGION:ACCOUNT:repository/NAME → the repository's policy.
class EcrRepositoryPolicies final : public ResourcePolicySource {
 public:
  explicit EcrRepositoryPolicies(ecr::EcrStore& store) : store_(store) {}
  std::shared_ptr<const auth::policy::CompiledPolicy> Find(std::string_view arn) override;
  // A policy was set or deleted: everything is reloaded on the next look-up.
  void Invalidate() { version_.fetch_add(1, std::memory_order_release); }

 private:
  void Reload(uint64_t version);

  ecr::EcrStore& store_;
  std::atomic<uint64_t> version_{1};
  std::shared_mutex mu_;
  uint64_t loaded_ = 0;  // GUARDED_BY(mu_): the version the map reflects
  std::unordered_map<std::string, std::shared_ptr<const auth::policy::CompiledPolicy>>
      by_name_;  // GUARDED_BY(mu_), by "ACCOUNT/NAME"
};

}  // namespace berth::services::iam
