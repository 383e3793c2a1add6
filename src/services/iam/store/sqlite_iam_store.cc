#include "services/iam/store/sqlite_iam_store.h"

#include <algorithm>

#include "services/iam/model/errors.h"

namespace berth::services::iam {
namespace {

using store::Connection;

const store::Migration kMigrations[] = {
    {1,
     "CREATE TABLE iam_groups(name TEXT PRIMARY KEY COLLATE NOCASE,"
     " group_id TEXT NOT NULL UNIQUE, path TEXT NOT NULL, arn TEXT NOT NULL,"
     " created_at INTEGER NOT NULL);"
     "CREATE TABLE iam_group_members("
     " group_name TEXT NOT NULL REFERENCES iam_groups(name) ON DELETE CASCADE,"
     " user_name TEXT NOT NULL, PRIMARY KEY(group_name, user_name));"
     "CREATE INDEX iam_group_members_user ON iam_group_members(user_name);"
     "CREATE TABLE iam_policies(arn TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE,"
     " policy_id TEXT NOT NULL UNIQUE, path TEXT NOT NULL, description TEXT NOT NULL,"
     " default_version INTEGER NOT NULL, next_version INTEGER NOT NULL,"
     " created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);"
     "CREATE TABLE iam_policy_versions("
     " arn TEXT NOT NULL REFERENCES iam_policies(arn) ON DELETE CASCADE,"
     " version INTEGER NOT NULL, document TEXT NOT NULL, created_at INTEGER NOT NULL,"
     " PRIMARY KEY(arn, version));"
     "CREATE TABLE iam_attachments(owner_kind TEXT NOT NULL, owner_name TEXT NOT NULL,"
     " policy_arn TEXT NOT NULL, PRIMARY KEY(owner_kind, owner_name, policy_arn));"
     "CREATE INDEX iam_attachments_policy ON iam_attachments(policy_arn);"
     "CREATE TABLE iam_inline_policies(owner_kind TEXT NOT NULL, owner_name TEXT NOT NULL,"
     " name TEXT NOT NULL, document TEXT NOT NULL, PRIMARY KEY(owner_kind, owner_name, name));"
     // Users that existed before policies were enforced could do everything: they still can.
     "INSERT INTO iam_attachments(owner_kind, owner_name, policy_arn)"
     " SELECT 'user', name, 'arn:aws:iam::aws:policy/AdministratorAccess' FROM users;"},
    {2,
     "CREATE TABLE iam_roles(name TEXT PRIMARY KEY COLLATE NOCASE,"
     " role_id TEXT NOT NULL UNIQUE, path TEXT NOT NULL, arn TEXT NOT NULL,"
     " trust_policy TEXT NOT NULL, description TEXT NOT NULL,"
     " max_session_duration INTEGER NOT NULL, created_at INTEGER NOT NULL);"},
    {3,
     "CREATE TABLE iam_tags(owner_kind TEXT NOT NULL, owner_name TEXT NOT NULL COLLATE NOCASE,"
     " key TEXT NOT NULL COLLATE NOCASE, value TEXT NOT NULL,"
     " PRIMARY KEY(owner_kind, owner_name, key));"},
    // Accounts: every row belongs to one, and names are unique per account (an account's
    // "admin" and another's are different users). The tables are rebuilt (SQLite cannot change
    // a key); what existed belongs to the bootstrap account, the oldest. Children go before
    // their parents, so no drop cascades into rows still wanted.
    {4,
     "CREATE TEMP TABLE iam_v4_account AS SELECT id FROM accounts"
     " ORDER BY created_at, rowid LIMIT 1;"
     "CREATE TABLE iam_groups_v4(account_id TEXT NOT NULL, name TEXT NOT NULL COLLATE NOCASE,"
     " group_id TEXT NOT NULL UNIQUE, path TEXT NOT NULL, arn TEXT NOT NULL,"
     " created_at INTEGER NOT NULL, PRIMARY KEY(account_id, name));"
     "INSERT INTO iam_groups_v4 SELECT (SELECT id FROM iam_v4_account), name, group_id, path,"
     " arn, created_at FROM iam_groups;"
     "CREATE TABLE iam_group_members_v4(account_id TEXT NOT NULL,"
     " group_name TEXT NOT NULL COLLATE NOCASE, user_name TEXT NOT NULL,"
     " PRIMARY KEY(account_id, group_name, user_name), FOREIGN KEY(account_id, group_name)"
     " REFERENCES iam_groups_v4(account_id, name) ON DELETE CASCADE ON UPDATE CASCADE);"
     "INSERT INTO iam_group_members_v4 SELECT (SELECT id FROM iam_v4_account), group_name,"
     " user_name FROM iam_group_members;"
     "CREATE TABLE iam_policies_v4(arn TEXT PRIMARY KEY, account_id TEXT NOT NULL,"
     " name TEXT NOT NULL COLLATE NOCASE, policy_id TEXT NOT NULL UNIQUE, path TEXT NOT NULL,"
     " description TEXT NOT NULL, default_version INTEGER NOT NULL,"
     " next_version INTEGER NOT NULL, created_at INTEGER NOT NULL,"
     " updated_at INTEGER NOT NULL, UNIQUE(account_id, name));"
     "INSERT INTO iam_policies_v4 SELECT arn, (SELECT id FROM iam_v4_account), name, policy_id,"
     " path, description, default_version, next_version, created_at, updated_at"
     " FROM iam_policies;"
     "CREATE TABLE iam_policy_versions_v4("
     " arn TEXT NOT NULL REFERENCES iam_policies_v4(arn) ON DELETE CASCADE,"
     " version INTEGER NOT NULL, document TEXT NOT NULL, created_at INTEGER NOT NULL,"
     " PRIMARY KEY(arn, version));"
     "INSERT INTO iam_policy_versions_v4 SELECT arn, version, document, created_at"
     " FROM iam_policy_versions;"
     "CREATE TABLE iam_attachments_v4(account_id TEXT NOT NULL, owner_kind TEXT NOT NULL,"
     " owner_name TEXT NOT NULL, policy_arn TEXT NOT NULL,"
     " PRIMARY KEY(account_id, owner_kind, owner_name, policy_arn));"
     "INSERT INTO iam_attachments_v4 SELECT (SELECT id FROM iam_v4_account), owner_kind,"
     " owner_name, policy_arn FROM iam_attachments;"
     "CREATE TABLE iam_inline_policies_v4(account_id TEXT NOT NULL, owner_kind TEXT NOT NULL,"
     " owner_name TEXT NOT NULL, name TEXT NOT NULL, document TEXT NOT NULL,"
     " PRIMARY KEY(account_id, owner_kind, owner_name, name));"
     "INSERT INTO iam_inline_policies_v4 SELECT (SELECT id FROM iam_v4_account), owner_kind,"
     " owner_name, name, document FROM iam_inline_policies;"
     "CREATE TABLE iam_roles_v4(account_id TEXT NOT NULL, name TEXT NOT NULL COLLATE NOCASE,"
     " role_id TEXT NOT NULL UNIQUE, path TEXT NOT NULL, arn TEXT NOT NULL,"
     " trust_policy TEXT NOT NULL, description TEXT NOT NULL,"
     " max_session_duration INTEGER NOT NULL, created_at INTEGER NOT NULL,"
     " PRIMARY KEY(account_id, name));"
     "INSERT INTO iam_roles_v4 SELECT (SELECT id FROM iam_v4_account), name, role_id, path,"
     " arn, trust_policy, description, max_session_duration, created_at FROM iam_roles;"
     "CREATE TABLE iam_tags_v4(account_id TEXT NOT NULL, owner_kind TEXT NOT NULL,"
     " owner_name TEXT NOT NULL COLLATE NOCASE, key TEXT NOT NULL COLLATE NOCASE,"
     " value TEXT NOT NULL, PRIMARY KEY(account_id, owner_kind, owner_name, key));"
     "INSERT INTO iam_tags_v4 SELECT (SELECT id FROM iam_v4_account), owner_kind, owner_name,"
     " key, value FROM iam_tags;"
     "DROP TABLE iam_group_members; DROP TABLE iam_groups;"
     "DROP TABLE iam_policy_versions; DROP TABLE iam_policies;"
     "DROP TABLE iam_attachments; DROP TABLE iam_inline_policies;"
     "DROP TABLE iam_roles; DROP TABLE iam_tags; DROP TABLE iam_v4_account;"
     "ALTER TABLE iam_groups_v4 RENAME TO iam_groups;"
     "ALTER TABLE iam_group_members_v4 RENAME TO iam_group_members;"
     "ALTER TABLE iam_policies_v4 RENAME TO iam_policies;"
     "ALTER TABLE iam_policy_versions_v4 RENAME TO iam_policy_versions;"
     "ALTER TABLE iam_attachments_v4 RENAME TO iam_attachments;"
     "ALTER TABLE iam_inline_policies_v4 RENAME TO iam_inline_policies;"
     "ALTER TABLE iam_roles_v4 RENAME TO iam_roles;"
     "ALTER TABLE iam_tags_v4 RENAME TO iam_tags;"
     "CREATE INDEX iam_group_members_user ON iam_group_members(account_id, user_name);"
     "CREATE INDEX iam_attachments_policy ON iam_attachments(policy_arn);"},
};

Group ReadGroup(store::Statement& s) {
  return Group{s.ColumnText(0), s.ColumnText(1), s.ColumnText(2), s.ColumnText(3), s.ColumnInt(4)};
}
constexpr char kGroupColumns[] = "name, group_id, path, arn, created_at";

Role ReadRole(store::Statement& s) {
  Role r;
  r.name = s.ColumnText(0);
  r.role_id = s.ColumnText(1);
  r.path = s.ColumnText(2);
  r.arn = s.ColumnText(3);
  r.trust_policy = s.ColumnText(4);
  r.description = s.ColumnText(5);
  r.max_session_duration = s.ColumnInt(6);
  r.created_at = s.ColumnInt(7);
  return r;
}
constexpr char kRoleColumns[] =
    "name, role_id, path, arn, trust_policy, description, max_session_duration, created_at";

CustomerPolicy ReadPolicy(store::Statement& s) {
  CustomerPolicy p;
  p.name = s.ColumnText(0);
  p.policy_id = s.ColumnText(1);
  p.path = s.ColumnText(2);
  p.arn = s.ColumnText(3);
  p.description = s.ColumnText(4);
  p.default_version = static_cast<int>(s.ColumnInt(5));
  p.created_at = s.ColumnInt(6);
  p.updated_at = s.ColumnInt(7);
  p.attachment_count = s.ColumnInt(8);
  return p;
}
constexpr char kPolicySelect[] =
    "SELECT p.name, p.policy_id, p.path, p.arn, p.description, p.default_version, "
    "p.created_at, p.updated_at, (SELECT count(*) FROM iam_attachments a "
    "WHERE a.policy_arn = p.arn) FROM iam_policies p";

// Runs `sql` with `args` bound in order.
template <typename... Args>
Result<store::Statement> Query(Connection& c, std::string_view sql, const Args&... args) {
  BERTH_ASSIGN_OR_RETURN(auto s, c.Prepare(sql));
  int at = 0;
  (s.Bind(++at, std::string_view(args)), ...);
  return s;
}

template <typename... Args>
Result<bool> Exists(Connection& c, std::string_view sql, const Args&... args) {
  BERTH_ASSIGN_OR_RETURN(auto s, Query(c, sql, args...));
  return s.Step();
}

template <typename... Args>
Result<int64_t> Count(Connection& c, std::string_view sql, const Args&... args) {
  BERTH_ASSIGN_OR_RETURN(auto s, Query(c, sql, args...));
  BERTH_ASSIGN_OR_RETURN(bool row, s.Step());
  return row ? s.ColumnInt(0) : 0;
}

Status RequireUser(Connection& c, std::string_view account, std::string_view user) {
  BERTH_ASSIGN_OR_RETURN(
      bool found,
      Exists(c, "SELECT 1 FROM users WHERE account_id = ? AND name = ?", account, user));
  if (!found) return errors::NoSuchUser(user);
  return Ok();
}

Status RequireGroup(Connection& c, std::string_view account, std::string_view group) {
  BERTH_ASSIGN_OR_RETURN(
      bool found,
      Exists(c, "SELECT 1 FROM iam_groups WHERE account_id = ? AND name = ?", account, group));
  if (!found) return errors::NoSuchGroup(group);
  return Ok();
}

Status RequireRole(Connection& c, std::string_view account, std::string_view role) {
  BERTH_ASSIGN_OR_RETURN(
      bool found,
      Exists(c, "SELECT 1 FROM iam_roles WHERE account_id = ? AND name = ?", account, role));
  if (!found) {
    return errors::NoSuchEntity("The role with name " + std::string(role) + " cannot be found.");
  }
  return Ok();
}

Status RequireOwner(Connection& c, std::string_view account, OwnerKind kind,
                    std::string_view owner) {
  switch (kind) {
    case OwnerKind::kUser:
      return RequireUser(c, account, owner);
    case OwnerKind::kGroup:
      return RequireGroup(c, account, owner);
    case OwnerKind::kRole:
      return RequireRole(c, account, owner);
  }
  return RequireRole(c, account, owner);
}

Status RequirePolicy(Connection& c, std::string_view arn) {
  BERTH_ASSIGN_OR_RETURN(bool found, Exists(c, "SELECT 1 FROM iam_policies WHERE arn = ?", arn));
  if (!found) return errors::NoSuchEntity("Policy " + std::string(arn) + " was not found.");
  return Ok();
}

Result<std::vector<std::string>> Strings(store::Statement& s) {
  std::vector<std::string> out;
  for (;;) {
    BERTH_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return out;
    out.push_back(s.ColumnText(0));
  }
}

class SqliteIamStore final : public IamStore {
 public:
  explicit SqliteIamStore(store::Database& db) : db_(db) {}

  Status CreateGroup(std::string_view account, const Group& group) override {
    Status status = db_.Write([&](Connection& c) -> Status {
      BERTH_ASSIGN_OR_RETURN(auto s, c.Prepare("INSERT INTO iam_groups(name, group_id, path, "
                                               "arn, created_at, account_id) VALUES "
                                               "(?, ?, ?, ?, ?, ?)"));
      s.Bind(1, group.name).Bind(2, group.group_id).Bind(3, group.path).Bind(4, group.arn);
      s.Bind(5, group.created_at).Bind(6, account);
      return s.Run();
    });
    if (!status.ok() && store::IsConstraintViolation(status.error())) {
      return errors::EntityAlreadyExists("Group with name " + group.name + " already exists.");
    }
    return status;
  }

  Result<Group> GetGroup(std::string_view account, std::string_view name) override {
    std::optional<Group> group;
    BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
      BERTH_ASSIGN_OR_RETURN(auto s, c.Prepare(std::string("SELECT ") + kGroupColumns +
                                               " FROM iam_groups WHERE account_id = ? AND "
                                               "name = ?"));
      s.Bind(1, account).Bind(2, name);
      BERTH_ASSIGN_OR_RETURN(bool row, s.Step());
      if (row) group = ReadGroup(s);
      return Ok();
    }));
    if (!group) return errors::NoSuchGroup(name);
    return *group;
  }

  Result<std::vector<Group>> ListGroups(std::string_view account) override {
    std::vector<Group> groups;
    BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
      BERTH_ASSIGN_OR_RETURN(auto s, c.Prepare(std::string("SELECT ") + kGroupColumns +
                                               " FROM iam_groups WHERE account_id = ? "
                                               "ORDER BY name"));
      s.Bind(1, account);
      for (;;) {
        BERTH_ASSIGN_OR_RETURN(bool row, s.Step());
        if (!row) return Ok();
        groups.push_back(ReadGroup(s));
      }
    }));
    return groups;
  }

  Status DeleteGroup(std::string_view account, std::string_view name) override {
    return db_.Write([&](Connection& c) -> Status {
      BERTH_RETURN_IF_ERROR(RequireGroup(c, account, name));
      BERTH_ASSIGN_OR_RETURN(bool members,
                             Exists(c,
                                    "SELECT 1 FROM iam_group_members WHERE account_id = ? AND "
                                    "group_name = ?",
                                    account, name));
      if (members) {
        return errors::DeleteConflict("Cannot delete entity, must remove users from group first.");
      }
      BERTH_RETURN_IF_ERROR(CheckNoPolicies(c, account, OwnerKind::kGroup, name));
      BERTH_ASSIGN_OR_RETURN(
          auto s, Query(c, "DELETE FROM iam_groups WHERE account_id = ? AND name = ?", account,
                        name));
      return s.Run();
    });
  }

  Status AddUserToGroup(std::string_view account, std::string_view group,
                        std::string_view user) override {
    return db_.Write([&](Connection& c) -> Status {
      BERTH_RETURN_IF_ERROR(RequireGroup(c, account, group));
      BERTH_RETURN_IF_ERROR(RequireUser(c, account, user));
      BERTH_ASSIGN_OR_RETURN(int64_t n,
                             Count(c,
                                   "SELECT count(*) FROM iam_group_members WHERE account_id = ? "
                                   "AND user_name = ? AND group_name <> ?",
                                   account, user, group));
      if (n >= kMaxGroupsPerUser) {
        return errors::LimitExceeded("Cannot exceed quota for GroupsPerUser: " +
                                     std::to_string(kMaxGroupsPerUser));
      }
      // The group's name as stored (names are unique without regard to case).
      BERTH_ASSIGN_OR_RETURN(auto s, Query(c,
                                           "INSERT OR IGNORE INTO iam_group_members("
                                           "account_id, group_name, user_name) SELECT "
                                           "account_id, name, ? FROM iam_groups WHERE "
                                           "account_id = ? AND name = ?",
                                           user, account, group));
      return s.Run();
    });
  }

  Status RemoveUserFromGroup(std::string_view account, std::string_view group,
                             std::string_view user) override {
    return db_.Write([&](Connection& c) -> Status {
      BERTH_RETURN_IF_ERROR(RequireGroup(c, account, group));
      BERTH_RETURN_IF_ERROR(RequireUser(c, account, user));
      BERTH_ASSIGN_OR_RETURN(auto s, Query(c,
                                           "DELETE FROM iam_group_members WHERE account_id = ?1 "
                                           "AND group_name = ?2 AND user_name = ?3",
                                           account, group, user));
      BERTH_RETURN_IF_ERROR(s.Run());
      if (c.Changes() == 0) {
        return errors::NoSuchEntity("The user with name " + std::string(user) +
                                    " is not in group " + std::string(group) + ".");
      }
      return Ok();
    });
  }

  Result<std::vector<Group>> ListGroupsForUser(std::string_view account,
                                               std::string_view user) override {
    std::vector<Group> groups;
    BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
      BERTH_RETURN_IF_ERROR(RequireUser(c, account, user));
      BERTH_ASSIGN_OR_RETURN(
          auto s, Query(c,
                        "SELECT g.name, g.group_id, g.path, g.arn, g.created_at FROM "
                        "iam_groups g JOIN iam_group_members m ON m.account_id = g.account_id "
                        "AND m.group_name = g.name WHERE m.account_id = ? AND m.user_name = ? "
                        "ORDER BY g.name",
                        account, user));
      for (;;) {
        BERTH_ASSIGN_OR_RETURN(bool row, s.Step());
        if (!row) return Ok();
        groups.push_back(ReadGroup(s));
      }
    }));
    return groups;
  }

  Result<std::vector<std::string>> ListGroupMembers(std::string_view account,
                                                    std::string_view group) override {
    std::vector<std::string> users;
    BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
      BERTH_RETURN_IF_ERROR(RequireGroup(c, account, group));
      BERTH_ASSIGN_OR_RETURN(auto s, Query(c,
                                           "SELECT user_name FROM iam_group_members WHERE "
                                           "account_id = ? AND group_name = ? "
                                           "ORDER BY user_name",
                                           account, group));
      BERTH_ASSIGN_OR_RETURN(users, Strings(s));
      return Ok();
    }));
    return users;
  }

  Status CreateRole(std::string_view account, const Role& role) override {
    Status status = db_.Write([&](Connection& c) -> Status {
      BERTH_ASSIGN_OR_RETURN(auto s, c.Prepare(std::string("INSERT INTO iam_roles(") +
                                               kRoleColumns +
                                               ", account_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
      s.Bind(1, role.name).Bind(2, role.role_id).Bind(3, role.path).Bind(4, role.arn);
      s.Bind(5, role.trust_policy).Bind(6, role.description).Bind(7, role.max_session_duration);
      s.Bind(8, role.created_at).Bind(9, account);
      return s.Run();
    });
    if (!status.ok() && store::IsConstraintViolation(status.error())) {
      return errors::EntityAlreadyExists("Role with name " + role.name + " already exists.");
    }
    return status;
  }

  Result<Role> GetRole(std::string_view account, std::string_view name) override {
    std::optional<Role> role;
    BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
      BERTH_ASSIGN_OR_RETURN(auto s, c.Prepare(std::string("SELECT ") + kRoleColumns +
                                               " FROM iam_roles WHERE account_id = ? AND "
                                               "name = ?"));
      s.Bind(1, account).Bind(2, name);
      BERTH_ASSIGN_OR_RETURN(bool row, s.Step());
      if (row) role = ReadRole(s);
      return Ok();
    }));
    if (!role) {
      return errors::NoSuchEntity("The role with name " + std::string(name) + " cannot be found.");
    }
    return *role;
  }

  Result<std::vector<Role>> ListRoles(std::string_view account) override {
    std::vector<Role> roles;
    BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
      BERTH_ASSIGN_OR_RETURN(auto s, c.Prepare(std::string("SELECT ") + kRoleColumns +
                                               " FROM iam_roles WHERE account_id = ? "
                                               "ORDER BY name"));
      s.Bind(1, account);
      for (;;) {
        BERTH_ASSIGN_OR_RETURN(bool row, s.Step());
        if (!row) return Ok();
        roles.push_back(ReadRole(s));
      }
    }));
    return roles;
  }

  Status DeleteRole(std::string_view account, std::string_view name) override {
    return db_.Write([&](Connection& c) -> Status {
      BERTH_RETURN_IF_ERROR(RequireRole(c, account, name));
      const std::string stored = StoredOwner(c, account, OwnerKind::kRole, name);
      BERTH_RETURN_IF_ERROR(CheckNoPolicies(c, account, OwnerKind::kRole, stored));
      BERTH_RETURN_IF_ERROR(DeleteTags(c, account, OwnerKind::kRole, stored));
      BERTH_ASSIGN_OR_RETURN(
          auto s,
          Query(c, "DELETE FROM iam_roles WHERE account_id = ? AND name = ?", account, name));
      return s.Run();
    });
  }

  Status UpdateTrustPolicy(std::string_view account, std::string_view name,
                           std::string_view document) override {
    return db_.Write([&](Connection& c) -> Status {
      BERTH_RETURN_IF_ERROR(RequireRole(c, account, name));
      BERTH_ASSIGN_OR_RETURN(auto s, Query(c,
                                           "UPDATE iam_roles SET trust_policy = ? WHERE "
                                           "account_id = ? AND name = ?",
                                           document, account, name));
      return s.Run();
    });
  }

  Status CreatePolicy(std::string_view account, const CustomerPolicy& policy,
                      std::string_view document) override {
    Status status = db_.Write([&](Connection& c) -> Status {
      BERTH_ASSIGN_OR_RETURN(auto s, c.Prepare("INSERT INTO iam_policies(arn, name, policy_id, "
                                               "path, description, default_version, "
                                               "next_version, created_at, updated_at, "
                                               "account_id) VALUES "
                                               "(?, ?, ?, ?, ?, 1, 2, ?, ?, ?)"));
      s.Bind(1, policy.arn).Bind(2, policy.name).Bind(3, policy.policy_id).Bind(4, policy.path);
      s.Bind(5, policy.description).Bind(6, policy.created_at).Bind(7, policy.created_at);
      s.Bind(8, account);
      BERTH_RETURN_IF_ERROR(s.Run());
      BERTH_ASSIGN_OR_RETURN(auto v, c.Prepare("INSERT INTO iam_policy_versions(arn, version, "
                                               "document, created_at) VALUES (?, 1, ?, ?)"));
      v.Bind(1, policy.arn).Bind(2, document).Bind(3, policy.created_at);
      return v.Run();
    });
    if (!status.ok() && store::IsConstraintViolation(status.error())) {
      return errors::EntityAlreadyExists("A policy called " + policy.name +
                                         " already exists. Duplicate names are not allowed.");
    }
    return status;
  }

  Result<CustomerPolicy> GetPolicy(std::string_view arn) override {
    std::optional<CustomerPolicy> policy;
    BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
      BERTH_ASSIGN_OR_RETURN(auto s, c.Prepare(std::string(kPolicySelect) + " WHERE p.arn = ?"));
      s.Bind(1, arn);
      BERTH_ASSIGN_OR_RETURN(bool row, s.Step());
      if (row) policy = ReadPolicy(s);
      return Ok();
    }));
    if (!policy) return errors::NoSuchEntity("Policy " + std::string(arn) + " was not found.");
    return *policy;
  }

  Result<std::vector<CustomerPolicy>> ListPolicies(std::string_view account) override {
    std::vector<CustomerPolicy> policies;
    BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
      BERTH_ASSIGN_OR_RETURN(auto s, c.Prepare(std::string(kPolicySelect) +
                                               " WHERE p.account_id = ? ORDER BY p.name"));
      s.Bind(1, account);
      for (;;) {
        BERTH_ASSIGN_OR_RETURN(bool row, s.Step());
        if (!row) return Ok();
        policies.push_back(ReadPolicy(s));
      }
    }));
    return policies;
  }

  Status DeletePolicy(std::string_view arn) override {
    return db_.Write([&](Connection& c) -> Status {
      BERTH_RETURN_IF_ERROR(RequirePolicy(c, arn));
      BERTH_ASSIGN_OR_RETURN(bool attached,
                             Exists(c, "SELECT 1 FROM iam_attachments WHERE policy_arn = ?", arn));
      if (attached) {
        return errors::DeleteConflict("Cannot delete a policy attached to entities.");
      }
      BERTH_ASSIGN_OR_RETURN(
          int64_t versions,
          Count(c, "SELECT count(*) FROM iam_policy_versions WHERE arn = ?", arn));
      if (versions > 1) {
        return errors::DeleteConflict(
            "This policy has more than one version. Before you delete "
            "a policy, you must delete the policy's versions. The "
            "default version is deleted with the policy.");
      }
      BERTH_ASSIGN_OR_RETURN(auto s, c.Prepare("DELETE FROM iam_policies WHERE arn = ?"));
      s.Bind(1, arn);
      return s.Run();
    });
  }

  Result<PolicyVersion> CreatePolicyVersion(std::string_view arn, std::string_view document,
                                            bool set_default, int64_t now) override {
    PolicyVersion version;
    BERTH_RETURN_IF_ERROR(db_.Write([&](Connection& c) -> Status {
      BERTH_RETURN_IF_ERROR(RequirePolicy(c, arn));
      BERTH_ASSIGN_OR_RETURN(
          int64_t versions,
          Count(c, "SELECT count(*) FROM iam_policy_versions WHERE arn = ?", arn));
      if (versions >= kMaxPolicyVersions) {
        return errors::LimitExceeded(
            "A managed policy can have up to " + std::to_string(kMaxPolicyVersions) +
            " versions. Before you create a new version, you must delete an existing version.");
      }
      BERTH_ASSIGN_OR_RETURN(int64_t next,
                             Count(c, "SELECT next_version FROM iam_policies WHERE arn = ?", arn));
      version = PolicyVersion{static_cast<int>(next), std::string(document), set_default, now};
      BERTH_ASSIGN_OR_RETURN(auto v, c.Prepare("INSERT INTO iam_policy_versions(arn, version, "
                                               "document, created_at) VALUES (?, ?, ?, ?)"));
      v.Bind(1, arn).Bind(2, next).Bind(3, document).Bind(4, now);
      BERTH_RETURN_IF_ERROR(v.Run());
      BERTH_ASSIGN_OR_RETURN(
          auto p, c.Prepare(set_default ? "UPDATE iam_policies SET next_version = ?1 + 1, "
                                          "default_version = ?1, updated_at = ?2 WHERE arn = ?3"
                                        : "UPDATE iam_policies SET next_version = ?1 + 1, "
                                          "updated_at = ?2 WHERE arn = ?3"));
      p.Bind(1, next).Bind(2, now).Bind(3, arn);
      return p.Run();
    }));
    return version;
  }

  Result<PolicyVersion> GetPolicyVersion(std::string_view arn, int version) override {
    std::optional<PolicyVersion> out;
    BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
      BERTH_ASSIGN_OR_RETURN(
          auto s, c.Prepare("SELECT v.version, v.document, v.version = p.default_version, "
                            "v.created_at FROM iam_policy_versions v JOIN iam_policies p ON "
                            "p.arn = v.arn WHERE v.arn = ? AND v.version = ?"));
      s.Bind(1, arn).Bind(2, static_cast<int64_t>(version));
      BERTH_ASSIGN_OR_RETURN(bool row, s.Step());
      if (row) {
        out = PolicyVersion{static_cast<int>(s.ColumnInt(0)), s.ColumnText(1), s.ColumnInt(2) != 0,
                            s.ColumnInt(3)};
      }
      return Ok();
    }));
    if (!out) return errors::NoSuchPolicyVersion(arn, VersionId(version));
    return *out;
  }

  Result<std::vector<PolicyVersion>> ListPolicyVersions(std::string_view arn) override {
    std::vector<PolicyVersion> versions;
    BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
      BERTH_RETURN_IF_ERROR(RequirePolicy(c, arn));
      BERTH_ASSIGN_OR_RETURN(
          auto s, c.Prepare("SELECT v.version, v.version = p.default_version, v.created_at "
                            "FROM iam_policy_versions v JOIN iam_policies p ON p.arn = v.arn "
                            "WHERE v.arn = ? ORDER BY v.version DESC"));
      s.Bind(1, arn);
      for (;;) {
        BERTH_ASSIGN_OR_RETURN(bool row, s.Step());
        if (!row) return Ok();
        versions.push_back(PolicyVersion{static_cast<int>(s.ColumnInt(0)), "", s.ColumnInt(1) != 0,
                                         s.ColumnInt(2)});
      }
    }));
    return versions;
  }

  Status DeletePolicyVersion(std::string_view arn, int version) override {
    return db_.Write([&](Connection& c) -> Status {
      BERTH_RETURN_IF_ERROR(RequirePolicy(c, arn));
      BERTH_ASSIGN_OR_RETURN(
          int64_t def, Count(c, "SELECT default_version FROM iam_policies WHERE arn = ?", arn));
      if (def == version) {
        return errors::DeleteConflict("Cannot delete the default version of a policy.");
      }
      BERTH_ASSIGN_OR_RETURN(
          auto s, c.Prepare("DELETE FROM iam_policy_versions WHERE arn = ? AND version = ?"));
      s.Bind(1, arn).Bind(2, static_cast<int64_t>(version));
      BERTH_RETURN_IF_ERROR(s.Run());
      if (c.Changes() == 0) return errors::NoSuchPolicyVersion(arn, VersionId(version));
      return Ok();
    });
  }

  Status SetDefaultPolicyVersion(std::string_view arn, int version, int64_t now) override {
    return db_.Write([&](Connection& c) -> Status {
      BERTH_RETURN_IF_ERROR(RequirePolicy(c, arn));
      BERTH_ASSIGN_OR_RETURN(auto s, c.Prepare("UPDATE iam_policies SET default_version = ?1, "
                                               "updated_at = ?2 WHERE arn = ?3 AND EXISTS "
                                               "(SELECT 1 FROM iam_policy_versions WHERE "
                                               "arn = ?3 AND version = ?1)"));
      s.Bind(1, static_cast<int64_t>(version)).Bind(2, now).Bind(3, arn);
      BERTH_RETURN_IF_ERROR(s.Run());
      if (c.Changes() == 0) return errors::NoSuchPolicyVersion(arn, VersionId(version));
      return Ok();
    });
  }

  Status Attach(std::string_view account, OwnerKind kind, std::string_view owner,
                std::string_view arn) override {
    return db_.Write([&](Connection& c) -> Status {
      BERTH_RETURN_IF_ERROR(RequireOwner(c, account, kind, owner));
      const std::string stored = StoredOwner(c, account, kind, owner);
      BERTH_ASSIGN_OR_RETURN(bool already,
                             Exists(c,
                                    "SELECT 1 FROM iam_attachments WHERE account_id = ? AND "
                                    "owner_kind = ? AND owner_name = ? AND policy_arn = ?",
                                    account, OwnerKindName(kind), stored, arn));
      if (already) return Ok();
      BERTH_ASSIGN_OR_RETURN(int64_t n,
                             Count(c,
                                   "SELECT count(*) FROM iam_attachments WHERE account_id = ? "
                                   "AND owner_kind = ? AND owner_name = ?",
                                   account, OwnerKindName(kind), stored));
      if (n >= kMaxAttachedPolicies) {
        return errors::LimitExceeded("Cannot exceed quota for PoliciesPerUser: " +
                                     std::to_string(kMaxAttachedPolicies));
      }
      BERTH_ASSIGN_OR_RETURN(auto s, Query(c,
                                           "INSERT INTO iam_attachments(account_id, owner_kind, "
                                           "owner_name, policy_arn) VALUES (?, ?, ?, ?)",
                                           account, OwnerKindName(kind), stored, arn));
      return s.Run();
    });
  }

  Status Detach(std::string_view account, OwnerKind kind, std::string_view owner,
                std::string_view arn) override {
    return db_.Write([&](Connection& c) -> Status {
      BERTH_RETURN_IF_ERROR(RequireOwner(c, account, kind, owner));
      BERTH_ASSIGN_OR_RETURN(auto s, Query(c,
                                           "DELETE FROM iam_attachments WHERE account_id = ? AND "
                                           "owner_kind = ? AND owner_name = ? AND policy_arn = ?",
                                           account, OwnerKindName(kind),
                                           StoredOwner(c, account, kind, owner), arn));
      BERTH_RETURN_IF_ERROR(s.Run());
      if (c.Changes() == 0) {
        return errors::NoSuchEntity("Policy " + std::string(arn) + " was not found.");
      }
      return Ok();
    });
  }

  Result<int64_t> CountAttachments(std::string_view account, std::string_view arn) override {
    int64_t n = 0;
    BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
      BERTH_ASSIGN_OR_RETURN(n, Count(c,
                                      "SELECT count(*) FROM iam_attachments WHERE "
                                      "account_id = ? AND policy_arn = ?",
                                      account, arn));
      return Ok();
    }));
    return n;
  }

  Result<std::vector<std::string>> ListAttached(std::string_view account, OwnerKind kind,
                                                std::string_view owner) override {
    std::vector<std::string> arns;
    BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
      BERTH_RETURN_IF_ERROR(RequireOwner(c, account, kind, owner));
      BERTH_ASSIGN_OR_RETURN(auto s, Query(c,
                                           "SELECT policy_arn FROM iam_attachments WHERE "
                                           "account_id = ? AND owner_kind = ? AND "
                                           "owner_name = ? ORDER BY policy_arn",
                                           account, OwnerKindName(kind),
                                           StoredOwner(c, account, kind, owner)));
      BERTH_ASSIGN_OR_RETURN(arns, Strings(s));
      return Ok();
    }));
    return arns;
  }

  Status PutInline(std::string_view account, OwnerKind kind, std::string_view owner,
                   const InlinePolicy& policy,
                   const std::function<Status(const std::vector<std::string>&)>& check) override {
    return db_.Write([&](Connection& c) -> Status {
      BERTH_RETURN_IF_ERROR(RequireOwner(c, account, kind, owner));
      const std::string stored = StoredOwner(c, account, kind, owner);
      BERTH_ASSIGN_OR_RETURN(auto s, Query(c,
                                           "INSERT OR REPLACE INTO iam_inline_policies("
                                           "account_id, owner_kind, owner_name, name, document) "
                                           "VALUES (?, ?, ?, ?, ?)",
                                           account, OwnerKindName(kind), stored, policy.name,
                                           policy.document));
      BERTH_RETURN_IF_ERROR(s.Run());
      BERTH_ASSIGN_OR_RETURN(auto all, Query(c,
                                             "SELECT document FROM iam_inline_policies WHERE "
                                             "account_id = ? AND owner_kind = ? AND "
                                             "owner_name = ?",
                                             account, OwnerKindName(kind), stored));
      BERTH_ASSIGN_OR_RETURN(auto documents, Strings(all));
      return check ? check(documents) : Ok();
    });
  }

  Result<InlinePolicy> GetInline(std::string_view account, OwnerKind kind, std::string_view owner,
                                 std::string_view name) override {
    std::optional<InlinePolicy> policy;
    BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
      BERTH_RETURN_IF_ERROR(RequireOwner(c, account, kind, owner));
      BERTH_ASSIGN_OR_RETURN(auto s, Query(c,
                                           "SELECT name, document FROM iam_inline_policies "
                                           "WHERE account_id = ? AND owner_kind = ? AND "
                                           "owner_name = ? AND name = ?",
                                           account, OwnerKindName(kind),
                                           StoredOwner(c, account, kind, owner), name));
      BERTH_ASSIGN_OR_RETURN(bool row, s.Step());
      if (row) policy = InlinePolicy{s.ColumnText(0), s.ColumnText(1)};
      return Ok();
    }));
    if (!policy) return errors::NoSuchInlinePolicy(OwnerKindName(kind), owner, name);
    return *policy;
  }

  Result<std::vector<std::string>> ListInline(std::string_view account, OwnerKind kind,
                                              std::string_view owner) override {
    std::vector<std::string> names;
    BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
      BERTH_RETURN_IF_ERROR(RequireOwner(c, account, kind, owner));
      BERTH_ASSIGN_OR_RETURN(auto s, Query(c,
                                           "SELECT name FROM iam_inline_policies WHERE "
                                           "account_id = ? AND owner_kind = ? AND "
                                           "owner_name = ? ORDER BY name",
                                           account, OwnerKindName(kind),
                                           StoredOwner(c, account, kind, owner)));
      BERTH_ASSIGN_OR_RETURN(names, Strings(s));
      return Ok();
    }));
    return names;
  }

  Status DeleteInline(std::string_view account, OwnerKind kind, std::string_view owner,
                      std::string_view name) override {
    return db_.Write([&](Connection& c) -> Status {
      BERTH_RETURN_IF_ERROR(RequireOwner(c, account, kind, owner));
      BERTH_ASSIGN_OR_RETURN(auto s, Query(c,
                                           "DELETE FROM iam_inline_policies WHERE account_id = ? "
                                           "AND owner_kind = ? AND owner_name = ? AND name = ?",
                                           account, OwnerKindName(kind),
                                           StoredOwner(c, account, kind, owner), name));
      BERTH_RETURN_IF_ERROR(s.Run());
      if (c.Changes() == 0) return errors::NoSuchInlinePolicy(OwnerKindName(kind), owner, name);
      return Ok();
    });
  }

  Status CheckUserDeletable(Connection& c, std::string_view account,
                            std::string_view user) override {
    BERTH_ASSIGN_OR_RETURN(bool grouped, Exists(c,
                                                "SELECT 1 FROM iam_group_members WHERE "
                                                "account_id = ? AND user_name = ?",
                                                account, user));
    if (grouped) {
      return errors::DeleteConflict("Cannot delete entity, must remove users from group first.");
    }
    BERTH_RETURN_IF_ERROR(CheckNoPolicies(c, account, OwnerKind::kUser, user));
    return DeleteTags(c, account, OwnerKind::kUser, user);
  }

  Status TagOwner(std::string_view account, OwnerKind kind, std::string_view owner,
                  const std::vector<Tag>& tags) override {
    return db_.Write([&](Connection& c) -> Status {
      BERTH_RETURN_IF_ERROR(RequireOwner(c, account, kind, owner));
      const std::string stored = StoredOwner(c, account, kind, owner);
      for (const Tag& tag : tags) {
        BERTH_ASSIGN_OR_RETURN(
            auto s, Query(c,
                          "INSERT INTO iam_tags(account_id, owner_kind, owner_name, key, value) "
                          "VALUES (?, ?, ?, ?, ?) ON CONFLICT(account_id, owner_kind, "
                          "owner_name, key) DO UPDATE SET value = excluded.value",
                          account, OwnerKindName(kind), stored, tag.key, tag.value));
        BERTH_RETURN_IF_ERROR(s.Run());
      }
      BERTH_ASSIGN_OR_RETURN(int64_t count,
                             Count(c, "SELECT COUNT(*) FROM iam_tags WHERE account_id = ? AND "
                                      "owner_kind = ? AND owner_name = ?",
                                   account, OwnerKindName(kind), stored));
      if (count > kMaxTags) {
        return errors::LimitExceeded("The number of tags has reached the maximum limit.");
      }
      return Ok();
    });
  }

  Status UntagOwner(std::string_view account, OwnerKind kind, std::string_view owner,
                    const std::vector<std::string>& keys) override {
    return db_.Write([&](Connection& c) -> Status {
      BERTH_RETURN_IF_ERROR(RequireOwner(c, account, kind, owner));
      for (const std::string& key : keys) {
        BERTH_ASSIGN_OR_RETURN(auto s, Query(c,
                                             "DELETE FROM iam_tags WHERE account_id = ? AND "
                                             "owner_kind = ? AND owner_name = ? AND key = ?",
                                             account, OwnerKindName(kind), owner, key));
        BERTH_RETURN_IF_ERROR(s.Run());
      }
      return Ok();
    });
  }

  Result<std::vector<Tag>> ListOwnerTags(std::string_view account, OwnerKind kind,
                                         std::string_view owner) override {
    std::vector<Tag> tags;
    BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
      BERTH_RETURN_IF_ERROR(RequireOwner(c, account, kind, owner));
      BERTH_ASSIGN_OR_RETURN(auto s, Query(c,
                                           "SELECT key, value FROM iam_tags WHERE account_id = ? "
                                           "AND owner_kind = ? AND owner_name = ? ORDER BY key",
                                           account, OwnerKindName(kind), owner));
      for (;;) {
        BERTH_ASSIGN_OR_RETURN(bool row, s.Step());
        if (!row) return Ok();
        tags.push_back({s.ColumnText(0), s.ColumnText(1)});
      }
    }));
    return tags;
  }

  Status RenameUser(Connection& c, std::string_view account, std::string_view from,
                    std::string_view to) override {
    for (const char* sql :
         {"UPDATE iam_group_members SET user_name = ?2 WHERE account_id = ?3 AND user_name = ?1",
          "UPDATE iam_attachments SET owner_name = ?2 WHERE account_id = ?3 AND "
          "owner_kind = 'user' AND owner_name = ?1",
          "UPDATE iam_inline_policies SET owner_name = ?2 WHERE account_id = ?3 AND "
          "owner_kind = 'user' AND owner_name = ?1",
          "UPDATE iam_tags SET owner_name = ?2 WHERE account_id = ?3 AND owner_kind = 'user' "
          "AND owner_name = ?1"}) {
      BERTH_ASSIGN_OR_RETURN(auto s, Query(c, sql, from, to, account));
      BERTH_RETURN_IF_ERROR(s.Run());
    }
    return Ok();
  }

  Result<PolicyData> LoadPolicyData() override {
    PolicyData data;
    BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
      // Every map is keyed by OwnerKey(account, name): names are unique per account only.
      auto keys = [&](const char* sql, std::map<std::string, OwnerPolicies, std::less<>>& map)
          -> Status {
        BERTH_ASSIGN_OR_RETURN(auto s, c.Prepare(sql));
        for (;;) {
          BERTH_ASSIGN_OR_RETURN(bool row, s.Step());
          if (!row) return Ok();
          map[OwnerKey(s.ColumnText(0), s.ColumnText(1))];
        }
      };
      BERTH_RETURN_IF_ERROR(keys("SELECT account_id, name FROM users", data.users));
      BERTH_RETURN_IF_ERROR(keys("SELECT account_id, name FROM iam_groups", data.groups));
      BERTH_RETURN_IF_ERROR(keys("SELECT account_id, name FROM iam_roles", data.roles));
      auto owners = [&](std::string_view kind) {
        return kind == "user"    ? &data.users
               : kind == "group" ? &data.groups
               : kind == "role"  ? &data.roles
                                 : nullptr;
      };
      BERTH_ASSIGN_OR_RETURN(auto att, c.Prepare("SELECT owner_kind, account_id, owner_name, "
                                                 "policy_arn FROM iam_attachments"));
      for (;;) {
        BERTH_ASSIGN_OR_RETURN(bool row, att.Step());
        if (!row) break;
        if (auto* map = owners(att.ColumnText(0))) {
          (*map)[OwnerKey(att.ColumnText(1), att.ColumnText(2))].attached_arns.push_back(
              att.ColumnText(3));
        }
      }
      BERTH_ASSIGN_OR_RETURN(auto inl, c.Prepare("SELECT owner_kind, account_id, owner_name, "
                                                 "name, document FROM iam_inline_policies"));
      for (;;) {
        BERTH_ASSIGN_OR_RETURN(bool row, inl.Step());
        if (!row) break;
        if (auto* map = owners(inl.ColumnText(0))) {
          (*map)[OwnerKey(inl.ColumnText(1), inl.ColumnText(2))].inline_policies.push_back(
              {inl.ColumnText(3), inl.ColumnText(4)});
        }
      }
      BERTH_ASSIGN_OR_RETURN(auto mem, c.Prepare("SELECT account_id, user_name, group_name FROM "
                                                 "iam_group_members"));
      for (;;) {
        BERTH_ASSIGN_OR_RETURN(bool row, mem.Step());
        if (!row) break;
        data.users[OwnerKey(mem.ColumnText(0), mem.ColumnText(1))].groups.push_back(
            OwnerKey(mem.ColumnText(0), mem.ColumnText(2)));
      }
      BERTH_ASSIGN_OR_RETURN(auto docs, c.Prepare("SELECT v.arn, v.document FROM "
                                                  "iam_policy_versions v JOIN iam_policies p "
                                                  "ON p.arn = v.arn AND p.default_version = "
                                                  "v.version"));
      for (;;) {
        BERTH_ASSIGN_OR_RETURN(bool row, docs.Step());
        if (!row) return Ok();
        data.customer_documents[docs.ColumnText(0)] = docs.ColumnText(1);
      }
    }));
    return data;
  }

 private:
  // A user or role goes with its tags.
  static Status DeleteTags(Connection& c, std::string_view account, OwnerKind kind,
                           std::string_view owner) {
    BERTH_ASSIGN_OR_RETURN(auto s, Query(c,
                                         "DELETE FROM iam_tags WHERE account_id = ? AND "
                                         "owner_kind = ? AND owner_name = ?",
                                         account, OwnerKindName(kind), owner));
    return s.Run();
  }

  // Group and role names are unique without regard to case; rows keep the name as created.
  static std::string StoredOwner(Connection& c, std::string_view account, OwnerKind kind,
                                 std::string_view owner) {
    if (kind == OwnerKind::kUser) return std::string(owner);
    auto s = Query(c,
                   kind == OwnerKind::kGroup
                       ? "SELECT name FROM iam_groups WHERE account_id = ? AND name = ?"
                       : "SELECT name FROM iam_roles WHERE account_id = ? AND name = ?",
                   account, owner);
    if (!s.ok()) return std::string(owner);
    auto row = s->Step();
    return row.ok() && *row ? s->ColumnText(0) : std::string(owner);
  }

  static Status CheckNoPolicies(Connection& c, std::string_view account, OwnerKind kind,
                                std::string_view owner) {
    BERTH_ASSIGN_OR_RETURN(bool attached,
                           Exists(c,
                                  "SELECT 1 FROM iam_attachments WHERE account_id = ? AND "
                                  "owner_kind = ? AND owner_name = ?",
                                  account, OwnerKindName(kind), owner));
    if (attached)
      return errors::DeleteConflict("Cannot delete entity, must detach all policies first.");
    BERTH_ASSIGN_OR_RETURN(bool embedded,
                           Exists(c,
                                  "SELECT 1 FROM iam_inline_policies WHERE account_id = ? AND "
                                  "owner_kind = ? AND owner_name = ?",
                                  account, OwnerKindName(kind), owner));
    if (embedded)
      return errors::DeleteConflict("Cannot delete entity, must delete policies first.");
    return Ok();
  }

  store::Database& db_;
};

}  // namespace

Result<std::unique_ptr<IamStore>> OpenSqliteIamStore(store::Database& db) {
  BERTH_RETURN_IF_ERROR(db.Migrate("iam", kMigrations));
  return std::unique_ptr<IamStore>(new SqliteIamStore(db));
}

}  // namespace berth::services::iam
