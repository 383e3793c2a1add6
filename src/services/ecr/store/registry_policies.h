#pragma once
// Registry policies (Put/Get/DeleteRegistryPolicy): one IAM resource policy per registry
// (account), in SQLite. A component of its own (its own migrations). Thread-safe.

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "store/database.h"

namespace berth::services::ecr {

class RegistryPolicies {
 public:
  static Result<std::unique_ptr<RegistryPolicies>> Open(store::Database& db);

  Result<std::optional<std::string>> Get(std::string_view registry_id);
  Status Put(std::string_view registry_id, std::string_view policy_text);
  // The policy that was deleted; nullopt when there was none.
  Result<std::optional<std::string>> Delete(std::string_view registry_id);

 private:
  explicit RegistryPolicies(store::Database& db) : db_(db) {}
  store::Database& db_;
};

}  // namespace berth::services::ecr
