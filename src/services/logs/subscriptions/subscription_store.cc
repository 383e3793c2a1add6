#include "services/logs/subscriptions/subscription_store.h"

#include "core/json_writer.h"
#include "services/logs/store/event_block.h"
#include "services/logs/store/sql_rows.h"

namespace berth::services::logs {
namespace {

using store::Connection;
using store::Statement;

const store::Migration kMigrations[] = {
    {1,
     "CREATE TABLE logs_subscription_filters(group_id INTEGER NOT NULL"
     " REFERENCES logs_groups(id) ON DELETE CASCADE, name TEXT NOT NULL,"
     " pattern TEXT NOT NULL, destination_arn TEXT NOT NULL, role_arn TEXT,"
     " distribution TEXT NOT NULL, apply_on_transformed INTEGER NOT NULL,"
     " created_ms INTEGER NOT NULL, revision INTEGER NOT NULL,"
     " delivered_block INTEGER NOT NULL, control_sent INTEGER NOT NULL,"
     " attempts INTEGER NOT NULL, next_attempt_ms INTEGER NOT NULL,"
     " PRIMARY KEY(group_id, name)) WITHOUT ROWID;"
     "CREATE TABLE logs_destinations(account TEXT NOT NULL, name TEXT NOT NULL,"
     " target_arn TEXT NOT NULL, role_arn TEXT NOT NULL, access_policy TEXT,"
     " tags TEXT NOT NULL, created_ms INTEGER NOT NULL,"
     " PRIMARY KEY(account, name)) WITHOUT ROWID;"
     // Delivery reads a group's blocks by id, after a filter's progress.
     "CREATE INDEX logs_blocks_by_group_id ON logs_event_blocks(group_id, id);"},
};

constexpr char kFilterColumns[] =
    "SELECT f.group_id, g.account, g.name, f.name, f.pattern, f.destination_arn, f.role_arn,"
    " f.distribution, f.apply_on_transformed, f.created_ms, f.revision, f.delivered_block,"
    " f.control_sent, f.attempts, f.next_attempt_ms"
    " FROM logs_subscription_filters f JOIN logs_groups g ON g.id = f.group_id ";

SubscriptionFilter ReadFilter(const Statement& s) {
  SubscriptionFilter f;
  f.group_id = s.ColumnInt(0);
  f.account_id = s.ColumnText(1);
  f.group_name = s.ColumnText(2);
  f.name = s.ColumnText(3);
  f.pattern = s.ColumnText(4);
  f.destination_arn = s.ColumnText(5);
  f.role_arn = s.ColumnOptionalText(6);
  f.distribution = s.ColumnText(7);
  f.apply_on_transformed_logs = s.ColumnInt(8) != 0;
  f.created_ms = s.ColumnInt(9);
  f.revision = s.ColumnInt(10);
  f.progress.delivered_block = s.ColumnInt(11);
  f.progress.control_sent = s.ColumnInt(12) != 0;
  f.progress.attempts = static_cast<int>(s.ColumnInt(13));
  f.progress.next_attempt_ms = s.ColumnInt(14);
  return f;
}

constexpr char kDestinationColumns[] =
    "SELECT account, name, target_arn, role_arn, access_policy, created_ms"
    " FROM logs_destinations ";

Destination ReadDestination(const Statement& s) {
  Destination d;
  d.account_id = s.ColumnText(0);
  d.name = s.ColumnText(1);
  d.target_arn = s.ColumnText(2);
  d.role_arn = s.ColumnText(3);
  d.access_policy = s.ColumnOptionalText(4);
  d.created_ms = s.ColumnInt(5);
  return d;
}


std::string TagsJson(const std::map<std::string, std::string>& tags) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  for (const auto& [key, value] : tags) {
    w.Key(key);
    w.String(value);
  }
  w.EndObject();
  return out;
}

}  // namespace

Result<std::unique_ptr<SubscriptionStore>> SubscriptionStore::Open(store::Database& db) {
  BERTH_RETURN_IF_ERROR(db.Migrate("logs-subscriptions", kMigrations));
  return std::unique_ptr<SubscriptionStore>(new SubscriptionStore(db));
}

Result<SubscriptionPut> SubscriptionStore::PutFilter(const SubscriptionFilter& f,
                                                     size_t max_per_group) {
  SubscriptionPut outcome = SubscriptionPut::kStored;
  BERTH_RETURN_IF_ERROR(db_.Write([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto group, c.Prepare("SELECT 1 FROM logs_groups WHERE id = ?"));
    group.Bind(1, f.group_id);
    BERTH_ASSIGN_OR_RETURN(bool exists, group.Step());
    if (!exists) {
      outcome = SubscriptionPut::kGroupNotFound;
      return Ok();
    }
    BERTH_ASSIGN_OR_RETURN(auto count,
                           c.Prepare("SELECT COUNT(*), SUM(name = ?2) FROM"
                                     " logs_subscription_filters WHERE group_id = ?1"));
    count.Bind(1, f.group_id).Bind(2, f.name);
    BERTH_ASSIGN_OR_RETURN(bool row, count.Step());
    if (row && count.ColumnInt(1) == 0 &&
        count.ColumnInt(0) >= static_cast<int64_t>(max_per_group)) {
      outcome = SubscriptionPut::kLimitExceeded;
      return Ok();
    }
    // A new filter owes what is stored from now on: its progress starts at the newest block.
    BERTH_ASSIGN_OR_RETURN(
        auto put,
        c.Prepare("INSERT INTO logs_subscription_filters(group_id, name, pattern,"
                  " destination_arn, role_arn, distribution, apply_on_transformed, created_ms,"
                  " revision, delivered_block, control_sent, attempts, next_attempt_ms)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1,"
                  " COALESCE((SELECT MAX(id) FROM logs_event_blocks), 0), 0, 0, 0)"
                  " ON CONFLICT(group_id, name) DO UPDATE SET pattern = excluded.pattern,"
                  " role_arn = excluded.role_arn, distribution = excluded.distribution,"
                  " apply_on_transformed = excluded.apply_on_transformed,"
                  " revision = revision + 1, attempts = 0, next_attempt_ms = 0,"
                  " control_sent = control_sent AND destination_arn = excluded.destination_arn,"
                  " destination_arn = excluded.destination_arn"));
    put.Bind(1, f.group_id)
        .Bind(2, f.name)
        .Bind(3, f.pattern)
        .Bind(4, f.destination_arn)
        .BindOptional(5, f.role_arn)
        .Bind(6, f.distribution)
        .Bind(7, f.apply_on_transformed_logs ? 1 : 0)
        .Bind(8, f.created_ms);
    return put.Run();
  }));
  return outcome;
}

Result<std::vector<SubscriptionFilter>> SubscriptionStore::ListFilters(int64_t group_id,
                                                                       std::string_view prefix,
                                                                       std::string_view after,
                                                                       size_t limit) {
  std::vector<SubscriptionFilter> out;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare(std::string(kFilterColumns) +
                                                "WHERE f.group_id = ?1 AND f.name >= ?2"
                                                " AND f.name < ?3 AND f.name > ?4"
                                                " ORDER BY f.name LIMIT ?5"));
    const std::string end = PrefixEnd(prefix);
    // "" and not an empty view: SQLite binds a null pointer as NULL.
    stmt.Bind(1, group_id)
        .Bind(2, prefix.empty() ? std::string_view("") : prefix)
        .Bind(3, std::string_view(end))
        .Bind(4, after.empty() ? std::string_view("") : after)
        .Bind(5, static_cast<int64_t>(limit));
    BERTH_ASSIGN_OR_RETURN(out, CollectRows<SubscriptionFilter>(stmt, ReadFilter));
    return Ok();
  }));
  return out;
}

Result<bool> SubscriptionStore::DeleteFilter(int64_t group_id, std::string_view name) {
  bool deleted = false;
  BERTH_RETURN_IF_ERROR(db_.Write([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(
        auto stmt,
        c.Prepare("DELETE FROM logs_subscription_filters WHERE group_id = ? AND name = ?"));
    stmt.Bind(1, group_id).Bind(2, name);
    BERTH_RETURN_IF_ERROR(stmt.Run());
    deleted = c.Changes() > 0;
    return Ok();
  }));
  return deleted;
}

Result<std::vector<SubscriptionFilter>> SubscriptionStore::AllFilters() {
  std::vector<SubscriptionFilter> out;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare(std::string(kFilterColumns) +
                                                "ORDER BY f.group_id, f.name"));
    BERTH_ASSIGN_OR_RETURN(out, CollectRows<SubscriptionFilter>(stmt, ReadFilter));
    return Ok();
  }));
  return out;
}

Result<std::vector<SubscriptionFilter>> SubscriptionStore::AccountFilters(
    std::string_view account) {
  std::vector<SubscriptionFilter> out;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare(std::string(kFilterColumns) +
                                                "WHERE g.account = ? ORDER BY f.group_id"));
    stmt.Bind(1, account);
    BERTH_ASSIGN_OR_RETURN(out, CollectRows<SubscriptionFilter>(stmt, ReadFilter));
    return Ok();
  }));
  return out;
}

Status SubscriptionStore::SaveProgress(int64_t group_id, std::string_view name,
                                       int64_t revision, const DeliveryProgress& p) {
  return db_.Write([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(
        auto stmt,
        c.Prepare("UPDATE logs_subscription_filters SET delivered_block = ?4,"
                  " control_sent = ?5, attempts = ?6, next_attempt_ms = ?7"
                  " WHERE group_id = ?1 AND name = ?2 AND revision = ?3"));
    stmt.Bind(1, group_id)
        .Bind(2, name)
        .Bind(3, revision)
        .Bind(4, p.delivered_block)
        .Bind(5, p.control_sent ? 1 : 0)
        .Bind(6, p.attempts)
        .Bind(7, p.next_attempt_ms);
    return stmt.Run();
  });
}

Result<std::vector<OwedBlock>> SubscriptionStore::BlocksAfter(int64_t group_id, int64_t after,
                                                              size_t limit) {
  std::vector<OwedBlock> out;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(
        auto stmt,
        c.Prepare("SELECT b.id, s.name, b.first_ms, b.first_index, b.events"
                  " FROM logs_event_blocks b INDEXED BY logs_blocks_by_group_id"
                  " JOIN logs_streams s ON s.id = b.stream_id"
                  " WHERE b.group_id = ? AND b.id > ? ORDER BY b.id LIMIT ?"));
    stmt.Bind(1, group_id).Bind(2, after).Bind(3, static_cast<int64_t>(limit));
    std::string payload;
    std::vector<BlockEntry> entries;
    for (;;) {
      BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) return Ok();
      OwedBlock block;
      block.id = stmt.ColumnInt(0);
      block.stream_name = stmt.ColumnText(1);
      const int32_t first_index = static_cast<int32_t>(stmt.ColumnInt(3));
      BERTH_RETURN_IF_ERROR(DecodeBlock(stmt.ColumnBlob(4), stmt.ColumnInt(2), payload, entries));
      block.events.reserve(entries.size());
      for (size_t i = 0; i < entries.size(); ++i) {
        const BlockEntry& e = entries[i];
        block.events.push_back(
            {EventKey{e.timestamp_ms, block.id, first_index + static_cast<int32_t>(i)},
             payload.substr(e.offset, e.length)});
      }
      out.push_back(std::move(block));
    }
  }));
  return out;
}

Status SubscriptionStore::PutDestination(Destination& d) {
  return db_.Write([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(
        auto put,
        c.Prepare("INSERT INTO logs_destinations(account, name, target_arn, role_arn, tags,"
                  " created_ms) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(account, name) DO UPDATE"
                  " SET target_arn = excluded.target_arn, role_arn = excluded.role_arn"));
    put.Bind(1, d.account_id)
        .Bind(2, d.name)
        .Bind(3, d.target_arn)
        .Bind(4, d.role_arn)
        .Bind(5, TagsJson(d.tags))
        .Bind(6, d.created_ms);
    BERTH_RETURN_IF_ERROR(put.Run());
    BERTH_ASSIGN_OR_RETURN(auto get, c.Prepare(std::string(kDestinationColumns) +
                                               "WHERE account = ? AND name = ?"));
    get.Bind(1, d.account_id).Bind(2, d.name);
    BERTH_ASSIGN_OR_RETURN(bool row, get.Step());
    if (row) d = ReadDestination(get);
    return Ok();
  });
}

Result<std::optional<Destination>> SubscriptionStore::GetDestination(std::string_view account,
                                                                     std::string_view name) {
  std::optional<Destination> out;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto get, c.Prepare(std::string(kDestinationColumns) +
                                               "WHERE account = ? AND name = ?"));
    get.Bind(1, account).Bind(2, name);
    BERTH_ASSIGN_OR_RETURN(bool row, get.Step());
    if (row) out = ReadDestination(get);
    return Ok();
  }));
  return out;
}

Result<std::vector<Destination>> SubscriptionStore::ListDestinations(std::string_view account,
                                                                     std::string_view prefix,
                                                                     std::string_view after,
                                                                     size_t limit) {
  std::vector<Destination> out;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare(std::string(kDestinationColumns) +
                                                "WHERE account = ?1 AND name >= ?2"
                                                " AND name < ?3 AND name > ?4"
                                                " ORDER BY name LIMIT ?5"));
    const std::string end = PrefixEnd(prefix);
    stmt.Bind(1, account)
        .Bind(2, prefix.empty() ? std::string_view("") : prefix)
        .Bind(3, std::string_view(end))
        .Bind(4, after.empty() ? std::string_view("") : after)
        .Bind(5, static_cast<int64_t>(limit));
    BERTH_ASSIGN_OR_RETURN(out, CollectRows<Destination>(stmt, ReadDestination));
    return Ok();
  }));
  return out;
}

Result<bool> SubscriptionStore::SetDestinationPolicy(std::string_view account,
                                                     std::string_view name,
                                                     std::string_view policy) {
  bool found = false;
  BERTH_RETURN_IF_ERROR(db_.Write([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(
        auto stmt, c.Prepare("UPDATE logs_destinations SET access_policy = ?"
                             " WHERE account = ? AND name = ?"));
    stmt.Bind(1, policy).Bind(2, account).Bind(3, name);
    BERTH_RETURN_IF_ERROR(stmt.Run());
    found = c.Changes() > 0;
    return Ok();
  }));
  return found;
}

Result<bool> SubscriptionStore::DeleteDestination(std::string_view account,
                                                  std::string_view name) {
  bool deleted = false;
  BERTH_RETURN_IF_ERROR(db_.Write([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(
        auto stmt, c.Prepare("DELETE FROM logs_destinations WHERE account = ? AND name = ?"));
    stmt.Bind(1, account).Bind(2, name);
    BERTH_RETURN_IF_ERROR(stmt.Run());
    deleted = c.Changes() > 0;
    return Ok();
  }));
  return deleted;
}

}  // namespace berth::services::logs
