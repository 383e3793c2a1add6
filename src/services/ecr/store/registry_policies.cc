#include "services/ecr/store/registry_policies.h"

namespace berth::services::ecr {
namespace {

const store::Migration kMigrations[] = {
    {1, "CREATE TABLE ecr_registry_policies(registry_id TEXT PRIMARY KEY, policy TEXT NOT NULL);"},
};

}  // namespace

Result<std::unique_ptr<RegistryPolicies>> RegistryPolicies::Open(store::Database& db) {
  BERTH_RETURN_IF_ERROR(db.Migrate("ecr_registry", kMigrations));
  return std::unique_ptr<RegistryPolicies>(new RegistryPolicies(db));
}

Result<std::optional<std::string>> RegistryPolicies::Get(std::string_view registry_id) {
  std::optional<std::string> out;
  BERTH_RETURN_IF_ERROR(db_.Read([&](store::Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(
        auto stmt, c.Prepare("SELECT policy FROM ecr_registry_policies WHERE registry_id = ?"));
    stmt.Bind(1, registry_id);
    BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (row) out = stmt.ColumnText(0);
    return Ok();
  }));
  return out;
}

Status RegistryPolicies::Put(std::string_view registry_id, std::string_view policy_text) {
  return db_.Write([&](store::Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt,
                           c.Prepare("INSERT INTO ecr_registry_policies(registry_id, policy)"
                                     " VALUES(?, ?) ON CONFLICT(registry_id)"
                                     " DO UPDATE SET policy = excluded.policy"));
    stmt.Bind(1, registry_id).Bind(2, policy_text);
    return stmt.Run();
  });
}

Result<std::optional<std::string>> RegistryPolicies::Delete(std::string_view registry_id) {
  std::optional<std::string> out;
  BERTH_RETURN_IF_ERROR(db_.Write([&](store::Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare("DELETE FROM ecr_registry_policies"
                                                " WHERE registry_id = ? RETURNING policy"));
    stmt.Bind(1, registry_id);
    BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (row) out = stmt.ColumnText(0);
    return Ok();
  }));
  return out;
}

}  // namespace berth::services::ecr
