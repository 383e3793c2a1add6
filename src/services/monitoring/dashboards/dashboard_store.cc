#include "services/monitoring/dashboards/dashboard_store.h"

#include <string_view>

namespace berth::services::monitoring::dashboards {
namespace {

using store::Connection;

const store::Migration kMigrations[] = {
    {1,
     "CREATE TABLE monitoring_dashboards(account TEXT NOT NULL, name TEXT NOT NULL,"
     " body BLOB NOT NULL, modified_ms INTEGER NOT NULL, PRIMARY KEY(account, name));"},
};

}  // namespace

std::string DashboardArn(const std::string& account, const std::string& name) {
  return "arn:aws:cloudwatch::" + account + ":dashboard/" + name;
}

std::optional<std::pair<std::string, std::string>> ParseDashboardArn(const std::string& arn) {
  static constexpr std::string_view kPrefix = "arn:aws:cloudwatch::";
  static constexpr std::string_view kKind = ":dashboard/";
  if (arn.compare(0, kPrefix.size(), kPrefix) != 0) return std::nullopt;
  const size_t kind = arn.find(kKind, kPrefix.size());
  if (kind == std::string::npos || kind == kPrefix.size()) return std::nullopt;
  std::string name = arn.substr(kind + kKind.size());
  if (name.empty()) return std::nullopt;
  return std::make_pair(arn.substr(kPrefix.size(), kind - kPrefix.size()), std::move(name));
}

Status DashboardStore::Migrate(store::Database& db) {
  return db.Migrate("monitoring_dashboards", kMigrations);
}

Result<bool> DashboardStore::Put(const std::string& account, const std::string& name,
                                 const std::string& body, int64_t now_ms) {
  bool created = false;
  BERTH_RETURN_IF_ERROR(db_.Write([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(store::Statement q,
                           c.Prepare("SELECT 1 FROM monitoring_dashboards"
                                     " WHERE account = ? AND name = ?"));
    q.Bind(1, account).Bind(2, name);
    BERTH_ASSIGN_OR_RETURN(bool existed, q.Step());
    created = !existed;
    BERTH_ASSIGN_OR_RETURN(store::Statement s,
                           c.Prepare("INSERT INTO monitoring_dashboards(account, name, body,"
                                     " modified_ms) VALUES(?, ?, ?, ?) ON CONFLICT(account, name)"
                                     " DO UPDATE SET body = excluded.body,"
                                     " modified_ms = excluded.modified_ms"));
    // A BLOB, not TEXT: SQLite never touches a blob's bytes, so the body round-trips exactly.
    s.Bind(1, account).Bind(2, name).BindBlob(3, body).Bind(4, now_ms);
    return s.Run();
  }));
  return created;
}

Result<std::optional<DashboardRecord>> DashboardStore::Get(const std::string& account,
                                                           const std::string& name) {
  std::optional<DashboardRecord> found;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(store::Statement s,
                           c.Prepare("SELECT body, modified_ms FROM monitoring_dashboards"
                                     " WHERE account = ? AND name = ?"));
    s.Bind(1, account).Bind(2, name);
    BERTH_ASSIGN_OR_RETURN(bool row, s.Step());
    if (row) {
      found = DashboardRecord{name, s.ColumnBlob(0), s.ColumnInt(1), 0};
      found->size = static_cast<int64_t>(found->body.size());
    }
    return Ok();
  }));
  return found;
}

Result<std::vector<DashboardRecord>> DashboardStore::List(const std::string& account,
                                                          const std::string& prefix,
                                                          const std::string& after, size_t limit) {
  std::vector<DashboardRecord> out;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    // substr() rather than LIKE: names may hold '_', LIKE's wildcard.
    BERTH_ASSIGN_OR_RETURN(
        store::Statement s,
        c.Prepare("SELECT name, modified_ms, length(body) FROM monitoring_dashboards"
                  " WHERE account = ? AND substr(name, 1, ?) = ? AND name > ?"
                  " ORDER BY name LIMIT ?"));
    s.Bind(1, account)
        .Bind(2, static_cast<int64_t>(prefix.size()))
        .Bind(3, prefix)
        .Bind(4, after)
        .Bind(5, static_cast<int64_t>(limit));
    while (true) {
      BERTH_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      out.push_back(DashboardRecord{s.ColumnText(0), "", s.ColumnInt(1), s.ColumnInt(2)});
    }
    return Ok();
  }));
  return out;
}

Result<std::vector<std::string>> DashboardStore::Delete(const std::string& account,
                                                        const std::vector<std::string>& names) {
  std::vector<std::string> missing;
  BERTH_RETURN_IF_ERROR(db_.Write([&](Connection& c) -> Status {
    missing.clear();  // the closure may be retried
    BERTH_ASSIGN_OR_RETURN(
        store::Statement s,
        c.Prepare("DELETE FROM monitoring_dashboards WHERE account = ? AND name = ?"));
    for (const std::string& name : names) {
      s.Bind(1, account).Bind(2, name);
      BERTH_RETURN_IF_ERROR(s.Run());
      if (c.Changes() == 0) missing.push_back(name);
      s.Reset();
    }
    return Ok();
  }));
  return missing;
}

}  // namespace berth::services::monitoring::dashboards
