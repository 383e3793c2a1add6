#pragma once
// CloudWatch Logs resource policies (PutResourcePolicy …), account-scoped, in the embedded
// SQLite database (component "logs_policies"):
//
//   logs_resource_policies  (account, region, name) → the document as sent, last update
//
// AWS keeps at most kMaxResourcePolicies per account and region. Thread-safe.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "store/database.h"

namespace berth::services::logs {

inline constexpr size_t kMaxResourcePolicies = 10;

struct ResourcePolicy {
  std::string account_id;
  std::string region;
  std::string name;
  std::string document;
  TimePoint last_updated;
};

enum class PolicyPut { kStored, kLimitExceeded };

class ResourcePolicyStore {
 public:
  // Applies the "logs_policies" migrations.
  static Result<std::unique_ptr<ResourcePolicyStore>> Open(store::Database& db);

  // Creates or replaces policy.name; kLimitExceeded when creating one more than the limit.
  Result<PolicyPut> Put(const ResourcePolicy& policy);
  // The account's policies in the region, in name order, after `after` when given.
  Result<std::vector<ResourcePolicy>> List(std::string_view account, std::string_view region,
                                           const std::optional<std::string>& after, size_t limit);
  // Every account's policies (what the authorizer compiles).
  Result<std::vector<ResourcePolicy>> All();
  // False when there was no such policy.
  Result<bool> Delete(std::string_view account, std::string_view region, std::string_view name);

 private:
  explicit ResourcePolicyStore(store::Database& db) : db_(db) {}
  store::Database& db_;
};

}  // namespace berth::services::logs
