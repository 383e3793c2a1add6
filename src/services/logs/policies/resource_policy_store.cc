#include "services/logs/policies/resource_policy_store.h"

namespace berth::services::logs {
namespace {

using store::Connection;
using store::Statement;

const store::Migration kMigrations[] = {
    {1,
     "CREATE TABLE logs_resource_policies(account TEXT NOT NULL, region TEXT NOT NULL,"
     " name TEXT NOT NULL, document TEXT NOT NULL, updated_ms INTEGER NOT NULL,"
     " PRIMARY KEY(account, region, name)) WITHOUT ROWID;"},
};

constexpr char kColumns[] =
    "SELECT account, region, name, document, updated_ms FROM logs_resource_policies ";

ResourcePolicy ReadPolicy(const Statement& s) {
  return ResourcePolicy{s.ColumnText(0), s.ColumnText(1), s.ColumnText(2), s.ColumnText(3),
                        FromMillis(s.ColumnInt(4))};
}

Status Collect(Statement& stmt, std::vector<ResourcePolicy>& out) {
  for (;;) {
    BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return Ok();
    out.push_back(ReadPolicy(stmt));
  }
}

}  // namespace

Result<std::unique_ptr<ResourcePolicyStore>> ResourcePolicyStore::Open(store::Database& db) {
  BERTH_RETURN_IF_ERROR(db.Migrate("logs_policies", kMigrations));
  return std::unique_ptr<ResourcePolicyStore>(new ResourcePolicyStore(db));
}

Result<PolicyPut> ResourcePolicyStore::Put(const ResourcePolicy& p) {
  PolicyPut outcome = PolicyPut::kStored;
  BERTH_RETURN_IF_ERROR(db_.Write([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto update,
                           c.Prepare("UPDATE logs_resource_policies SET document = ?,"
                                     " updated_ms = ? WHERE account = ? AND region = ?"
                                     " AND name = ?"));
    update.Bind(1, p.document)
        .Bind(2, Millis(p.last_updated))
        .Bind(3, p.account_id)
        .Bind(4, p.region)
        .Bind(5, p.name);
    BERTH_RETURN_IF_ERROR(update.Run());
    if (c.Changes() > 0) return Ok();
    BERTH_ASSIGN_OR_RETURN(auto count,
                           c.Prepare("SELECT COUNT(*) FROM logs_resource_policies"
                                     " WHERE account = ? AND region = ?"));
    count.Bind(1, p.account_id).Bind(2, p.region);
    BERTH_ASSIGN_OR_RETURN(bool row, count.Step());
    if (row && count.ColumnInt(0) >= static_cast<int64_t>(kMaxResourcePolicies)) {
      outcome = PolicyPut::kLimitExceeded;
      return Ok();
    }
    BERTH_ASSIGN_OR_RETURN(auto insert,
                           c.Prepare("INSERT INTO logs_resource_policies(account, region, name,"
                                     " document, updated_ms) VALUES (?, ?, ?, ?, ?)"));
    insert.Bind(1, p.account_id)
        .Bind(2, p.region)
        .Bind(3, p.name)
        .Bind(4, p.document)
        .Bind(5, Millis(p.last_updated));
    return insert.Run();
  }));
  return outcome;
}

Result<std::vector<ResourcePolicy>> ResourcePolicyStore::List(
    std::string_view account, std::string_view region, const std::optional<std::string>& after,
    size_t limit) {
  std::vector<ResourcePolicy> out;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare(std::string(kColumns) +
                                                "WHERE account = ? AND region = ? AND name > ?"
                                                " ORDER BY name LIMIT ?"));
    stmt.Bind(1, account).Bind(2, region).Bind(3, after.value_or(""));
    stmt.Bind(4, static_cast<int64_t>(limit));
    return Collect(stmt, out);
  }));
  return out;
}

Result<std::vector<ResourcePolicy>> ResourcePolicyStore::All() {
  std::vector<ResourcePolicy> out;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare(std::string(kColumns) + "ORDER BY account"));
    return Collect(stmt, out);
  }));
  return out;
}

Result<bool> ResourcePolicyStore::Delete(std::string_view account, std::string_view region,
                                         std::string_view name) {
  bool deleted = false;
  BERTH_RETURN_IF_ERROR(db_.Write([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare("DELETE FROM logs_resource_policies"
                                                " WHERE account = ? AND region = ? AND name = ?"));
    stmt.Bind(1, account).Bind(2, region).Bind(3, name);
    BERTH_RETURN_IF_ERROR(stmt.Run());
    deleted = c.Changes() > 0;
    return Ok();
  }));
  return deleted;
}

}  // namespace berth::services::logs
