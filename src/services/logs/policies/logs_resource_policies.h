#pragma once
// CloudWatch Logs resource policies as a whole: their store, and each account's policies in
// a region compiled into one resource-based policy for the authorizer (AWS applies every
// account-scoped policy to every log group of the account and region). A look-up costs a map
// find; a change invalidates, and the next look-up recompiles them all (there are at most 10
// per account and region). Thread-safe.

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <utility>

#include "auth/policy/compiled_policy.h"
#include "core/result.h"
#include "services/logs/policies/resource_policy_store.h"
#include "store/database.h"

namespace berth::services::logs {

// A document PutResourcePolicy accepts: IAM's grammar for a resource-based policy (Principal
// required), parsed by auth/policy. InvalidParameterException in the engine's words otherwise.
Status CheckResourcePolicyDocument(std::string_view document);

class LogsResourcePolicies {
 public:
  static Result<std::unique_ptr<LogsResourcePolicies>> Open(store::Database& db);

  ResourcePolicyStore& store() { return *store_; }
  // The account's policies in the region, compiled together; nullptr when it has none.
  std::shared_ptr<const auth::policy::CompiledPolicy> Find(std::string_view account,
                                                           std::string_view region);
  // The policies bearing on a CloudWatch Logs ARN (arn:aws:logs:REGION:ACCOUNT:…); nullptr for
  // any other ARN or an account without policies there.
  std::shared_ptr<const auth::policy::CompiledPolicy> FindByArn(std::string_view arn);
  // A policy was put or deleted.
  void Invalidate() { version_.fetch_add(1, std::memory_order_release); }

 private:
  explicit LogsResourcePolicies(std::unique_ptr<ResourcePolicyStore> store)
      : store_(std::move(store)) {}
  void Reload(uint64_t version);

  std::unique_ptr<ResourcePolicyStore> store_;
  std::atomic<uint64_t> version_{1};
  std::shared_mutex mu_;
  uint64_t loaded_ = 0;  // GUARDED_BY(mu_)
  // (account, region) → the compiled policies.
  std::map<std::pair<std::string, std::string>,
           std::shared_ptr<const auth::policy::CompiledPolicy>>
      compiled_;  // GUARDED_BY(mu_)
};

}  // namespace berth::services::logs
