// SqliteLogsStore: the schema, log groups, their tags and log streams. Events are in
// sqlite_log_events.cc.
#include "services/logs/store/sqlite_logs_store.h"

#include <algorithm>

#include "services/logs/model/errors.h"
#include "services/logs/store/sql_rows.h"

namespace berth::services::logs {
namespace {

using store::Connection;
using store::Statement;

const store::Migration kMigrations[] = {
    {1,
     "CREATE TABLE logs_groups(id INTEGER PRIMARY KEY, account TEXT NOT NULL, name TEXT NOT NULL,"
     " created_ms INTEGER NOT NULL, retention_days INTEGER, kms_key_id TEXT,"
     " log_group_class TEXT NOT NULL, deletion_protection INTEGER NOT NULL DEFAULT 0,"
     " stored_bytes INTEGER NOT NULL DEFAULT 0, UNIQUE(account, name));"
     "CREATE TABLE logs_group_tags(group_id INTEGER NOT NULL"
     " REFERENCES logs_groups(id) ON DELETE CASCADE, key TEXT NOT NULL, value TEXT NOT NULL,"
     " PRIMARY KEY(group_id, key)) WITHOUT ROWID;"
     // last_event_ms is 0 until the stream holds an event (first_event_ms tells), so that
     // ordering by it needs no NULL handling.
     "CREATE TABLE logs_streams(id INTEGER PRIMARY KEY, group_id INTEGER NOT NULL"
     " REFERENCES logs_groups(id) ON DELETE CASCADE, name TEXT NOT NULL,"
     " created_ms INTEGER NOT NULL, first_event_ms INTEGER,"
     " last_event_ms INTEGER NOT NULL DEFAULT 0, last_ingestion_ms INTEGER,"
     " stored_bytes INTEGER NOT NULL DEFAULT 0, UNIQUE(group_id, name));"
     "CREATE INDEX logs_streams_by_last_event ON logs_streams(group_id, last_event_ms, name);"
     // Block ids only grow (AUTOINCREMENT): they order events of equal timestamps and are
     // part of event ids and paging tokens, which must never come to name another event.
     "CREATE TABLE logs_event_blocks(id INTEGER PRIMARY KEY AUTOINCREMENT,"
     " group_id INTEGER NOT NULL, stream_id INTEGER NOT NULL"
     " REFERENCES logs_streams(id) ON DELETE CASCADE, first_ms INTEGER NOT NULL,"
     " last_ms INTEGER NOT NULL, ingestion_ms INTEGER NOT NULL, event_count INTEGER NOT NULL,"
     // first_index: the place in the block of its first event as stored. Retention drops a
     // block's expired head and raises it, so the events left keep their ids.
     " first_index INTEGER NOT NULL DEFAULT 0, bytes INTEGER NOT NULL, events BLOB NOT NULL);"
     // Covering indexes: a read finds its blocks without touching the rows, then loads each
     // block's bytes by id when the merge reaches it.
     "CREATE INDEX logs_blocks_by_stream_first ON logs_event_blocks(stream_id, first_ms,"
     " last_ms, ingestion_ms, group_id, first_index);"
     "CREATE INDEX logs_blocks_by_stream_last ON logs_event_blocks(stream_id, last_ms,"
     " first_ms, ingestion_ms, group_id, first_index);"
     "CREATE INDEX logs_blocks_by_group_first ON logs_event_blocks(group_id, first_ms,"
     " last_ms, stream_id, ingestion_ms, first_index);"},
    {2,
     // Logs Insights reads a group newest first.
     "CREATE INDEX logs_blocks_by_group_last ON logs_event_blocks(group_id, last_ms,"
     " first_ms, stream_id, ingestion_ms, first_index);"
     // log_groups: the names joined by newlines (a name holds none).
     "CREATE TABLE logs_query_definitions(account TEXT NOT NULL, id TEXT NOT NULL,"
     " name TEXT NOT NULL, query_string TEXT NOT NULL, language TEXT NOT NULL,"
     " log_groups TEXT NOT NULL, modified_ms INTEGER NOT NULL, client_token TEXT,"
     " PRIMARY KEY(account, id)) WITHOUT ROWID;"
     "CREATE INDEX logs_query_definitions_by_name ON logs_query_definitions(account, name, id);"
     "CREATE UNIQUE INDEX logs_query_definitions_by_token ON logs_query_definitions(account,"
     " client_token) WHERE client_token IS NOT NULL;"
     "CREATE TABLE logs_query_definition_parameters(account TEXT NOT NULL, id TEXT NOT NULL,"
     " position INTEGER NOT NULL, name TEXT NOT NULL, default_value TEXT, description TEXT,"
     " PRIMARY KEY(account, id, position),"
     " FOREIGN KEY(account, id) REFERENCES logs_query_definitions(account, id)"
     " ON DELETE CASCADE) WITHOUT ROWID;"},
    {3,
     // default_value: the number as text (exact round trip); dimensions: name and field
     // reference pairs, each string length-prefixed (sqlite_metric_filters.cc).
     "CREATE TABLE logs_metric_filters(group_id INTEGER NOT NULL"
     " REFERENCES logs_groups(id) ON DELETE CASCADE, name TEXT NOT NULL,"
     " pattern TEXT NOT NULL, metric_name TEXT NOT NULL, metric_namespace TEXT NOT NULL,"
     " metric_value TEXT NOT NULL, default_value TEXT, unit TEXT, dimensions TEXT NOT NULL,"
     " created_ms INTEGER NOT NULL, PRIMARY KEY(group_id, name)) WITHOUT ROWID;"
     "CREATE INDEX logs_metric_filters_by_name ON logs_metric_filters(name, group_id);"},
};

constexpr char kGroupColumns[] =
    "SELECT id, account, name, created_ms, retention_days, kms_key_id, log_group_class,"
    " deletion_protection, stored_bytes FROM logs_groups ";

LogGroup ReadGroup(const Statement& s) {
  LogGroup g;
  g.id = s.ColumnInt(0);
  g.account_id = s.ColumnText(1);
  g.name = s.ColumnText(2);
  g.created_at = FromMillis(s.ColumnInt(3));
  if (!s.ColumnIsNull(4)) g.retention_days = static_cast<int>(s.ColumnInt(4));
  g.kms_key_id = s.ColumnOptionalText(5);
  g.log_group_class = s.ColumnText(6);
  g.deletion_protection = s.ColumnInt(7) != 0;
  g.stored_bytes = s.ColumnInt(8);
  return g;
}

constexpr char kStreamColumns[] =
    "SELECT id, group_id, name, created_ms, first_event_ms, last_event_ms, last_ingestion_ms,"
    " stored_bytes FROM logs_streams ";

LogStream ReadStream(const Statement& s) {
  LogStream st;
  st.id = s.ColumnInt(0);
  st.group_id = s.ColumnInt(1);
  st.name = s.ColumnText(2);
  st.created_at = FromMillis(s.ColumnInt(3));
  if (!s.ColumnIsNull(4)) {
    st.first_event_ms = s.ColumnInt(4);
    st.last_event_ms = s.ColumnInt(5);
  }
  if (!s.ColumnIsNull(6)) st.last_ingestion_ms = s.ColumnInt(6);
  st.stored_bytes = s.ColumnInt(7);
  return st;
}

Status SaveTags(Connection& c, int64_t group_id, const std::map<std::string, std::string>& tags) {
  for (const auto& [key, value] : tags) {
    BERTH_ASSIGN_OR_RETURN(
        auto put, c.Prepare("INSERT INTO logs_group_tags(group_id, key, value) VALUES (?, ?, ?)"
                            " ON CONFLICT(group_id, key) DO UPDATE SET value = excluded.value"));
    put.Bind(1, group_id).Bind(2, key).Bind(3, value);
    BERTH_RETURN_IF_ERROR(put.Run());
  }
  return Ok();
}

}  // namespace

Result<std::unique_ptr<SqliteLogsStore>> SqliteLogsStore::Open(store::Database& db,
                                                               const Clock& clock) {
  BERTH_RETURN_IF_ERROR(db.Migrate("logs", kMigrations));
  return std::unique_ptr<SqliteLogsStore>(new SqliteLogsStore(db, clock));
}

// ---- log groups ----

Result<bool> SqliteLogsStore::CreateGroup(LogGroup& group) {
  bool created = false;
  BERTH_RETURN_IF_ERROR(db_.Write([&](Connection& c) -> Status {
    {
      BERTH_ASSIGN_OR_RETURN(auto count,
                             c.Prepare("SELECT COUNT(*) FROM logs_groups WHERE account = ?"));
      count.Bind(1, group.account_id);
      BERTH_ASSIGN_OR_RETURN(bool row, count.Step());
      if (row && count.ColumnInt(0) >= kMaxLogGroupsPerAccount) {
        return errors::LimitExceeded("Resource limit exceeded.");
      }
    }
    BERTH_ASSIGN_OR_RETURN(
        auto insert,
        c.Prepare("INSERT INTO logs_groups(account, name, created_ms, retention_days, kms_key_id,"
                  " log_group_class, deletion_protection) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    insert.Bind(1, group.account_id).Bind(2, group.name).Bind(3, Millis(group.created_at));
    if (group.retention_days) {
      insert.Bind(4, static_cast<int64_t>(*group.retention_days));
    } else {
      insert.BindNull(4);
    }
    insert.BindOptional(5, group.kms_key_id)
        .Bind(6, group.log_group_class)
        .Bind(7, static_cast<int64_t>(group.deletion_protection));
    Status inserted = insert.Run();
    if (!inserted.ok() && store::IsConstraintViolation(inserted.error())) return Ok();
    BERTH_RETURN_IF_ERROR(inserted);
    group.id = c.LastInsertRowId();
    created = true;
    return SaveTags(c, group.id, group.tags);
  }));
  return created;
}

Result<std::optional<LogGroup>> SqliteLogsStore::GetGroup(std::string_view account,
                                                          std::string_view name,
                                                          bool with_tags) {
  std::optional<LogGroup> found;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare(std::string(kGroupColumns) +
                                                "WHERE account = ? AND name = ?"));
    stmt.Bind(1, account).Bind(2, name);
    BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return Ok();
    found = ReadGroup(stmt);
    if (!with_tags) return Ok();
    BERTH_ASSIGN_OR_RETURN(auto tags,
                           c.Prepare("SELECT key, value FROM logs_group_tags WHERE group_id = ?"));
    tags.Bind(1, found->id);
    for (;;) {
      BERTH_ASSIGN_OR_RETURN(bool tag, tags.Step());
      if (!tag) return Ok();
      found->tags[tags.ColumnText(0)] = tags.ColumnText(1);
    }
  }));
  return found;
}

Result<std::optional<LogGroup>> SqliteLogsStore::GetGroupById(int64_t group_id) {
  std::optional<LogGroup> found;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare(std::string(kGroupColumns) + "WHERE id = ?"));
    stmt.Bind(1, group_id);
    BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (row) found = ReadGroup(stmt);
    return Ok();
  }));
  return found;
}

Result<std::vector<LogGroup>> SqliteLogsStore::ListGroups(std::string_view account,
                                                          const GroupListing& listing) {
  std::string sql = std::string(kGroupColumns) + "WHERE account = ?1 AND name > ?2";
  if (listing.prefix) sql += " AND name >= ?3 AND name < ?4";
  if (listing.substring) sql += " AND instr(name, ?5) > 0";
  if (listing.log_group_class) sql += " AND log_group_class = ?6";
  sql += " ORDER BY name LIMIT ?7";
  std::vector<LogGroup> groups;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare(sql));
    stmt.Bind(1, account).Bind(2, listing.after);
    if (listing.prefix) stmt.Bind(3, *listing.prefix).Bind(4, PrefixEnd(*listing.prefix));
    if (listing.substring) stmt.Bind(5, *listing.substring);
    if (listing.log_group_class) stmt.Bind(6, *listing.log_group_class);
    stmt.Bind(7, static_cast<int64_t>(listing.limit));
    BERTH_ASSIGN_OR_RETURN(groups, CollectRows<LogGroup>(stmt, ReadGroup));
    return Ok();
  }));
  return groups;
}

Result<bool> SqliteLogsStore::DeleteGroup(int64_t group_id) {
  bool deleted = false;
  BERTH_RETURN_IF_ERROR(db_.Write([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare("DELETE FROM logs_groups WHERE id = ?"));
    stmt.Bind(1, group_id);
    BERTH_RETURN_IF_ERROR(stmt.Run());
    deleted = c.Changes() > 0;
    return Ok();
  }));
  return deleted;
}

Status SqliteLogsStore::SetRetention(int64_t group_id, std::optional<int> days) {
  return db_.Write([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt,
                           c.Prepare("UPDATE logs_groups SET retention_days = ? WHERE id = ?"));
    if (days) {
      stmt.Bind(1, static_cast<int64_t>(*days));
    } else {
      stmt.BindNull(1);
    }
    stmt.Bind(2, group_id);
    return stmt.Run();
  });
}

Status SqliteLogsStore::SetDeletionProtection(int64_t group_id, bool enabled) {
  return db_.Write([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(
        auto stmt, c.Prepare("UPDATE logs_groups SET deletion_protection = ? WHERE id = ?"));
    stmt.Bind(1, static_cast<int64_t>(enabled)).Bind(2, group_id);
    return stmt.Run();
  });
}

Status SqliteLogsStore::UpdateTags(int64_t group_id, const std::map<std::string, std::string>& add,
                                   const std::vector<std::string>& remove,
                                   std::optional<Error> too_many) {
  return db_.Write([&](Connection& c) -> Status {
    BERTH_RETURN_IF_ERROR(SaveTags(c, group_id, add));
    for (const std::string& key : remove) {
      BERTH_ASSIGN_OR_RETURN(
          auto del, c.Prepare("DELETE FROM logs_group_tags WHERE group_id = ? AND key = ?"));
      del.Bind(1, group_id).Bind(2, key);
      BERTH_RETURN_IF_ERROR(del.Run());
    }
    BERTH_ASSIGN_OR_RETURN(auto count,
                           c.Prepare("SELECT COUNT(*) FROM logs_group_tags WHERE group_id = ?"));
    count.Bind(1, group_id);
    BERTH_ASSIGN_OR_RETURN(bool row, count.Step());
    if (row && count.ColumnInt(0) > kMaxTags) {
      // Returning the error rolls this call's changes back.
      return too_many.value_or(errors::TooManyTags("A resource can have no more than 50 tags."));
    }
    return Ok();
  });
}

// ---- log streams ----

Result<bool> SqliteLogsStore::CreateStream(LogStream& stream) {
  bool created = false;
  BERTH_RETURN_IF_ERROR(db_.Write([&](Connection& c) -> Status {
    {
      BERTH_ASSIGN_OR_RETURN(auto group, c.Prepare("SELECT 1 FROM logs_groups WHERE id = ?"));
      group.Bind(1, stream.group_id);
      BERTH_ASSIGN_OR_RETURN(bool exists, group.Step());
      if (!exists) return errors::LogGroupNotFound();
    }
    BERTH_ASSIGN_OR_RETURN(
        auto insert,
        c.Prepare("INSERT INTO logs_streams(group_id, name, created_ms) VALUES (?, ?, ?)"));
    insert.Bind(1, stream.group_id).Bind(2, stream.name).Bind(3, Millis(stream.created_at));
    Status inserted = insert.Run();
    if (!inserted.ok() && store::IsConstraintViolation(inserted.error())) return Ok();
    BERTH_RETURN_IF_ERROR(inserted);
    stream.id = c.LastInsertRowId();
    created = true;
    return Ok();
  }));
  return created;
}

Result<std::optional<LogStream>> SqliteLogsStore::GetStream(int64_t group_id,
                                                            std::string_view name) {
  std::optional<LogStream> found;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare(std::string(kStreamColumns) +
                                                "WHERE group_id = ? AND name = ?"));
    stmt.Bind(1, group_id).Bind(2, name);
    BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (row) found = ReadStream(stmt);
    return Ok();
  }));
  return found;
}

Result<std::vector<LogStream>> SqliteLogsStore::ListStreams(int64_t group_id,
                                                            const StreamListing& listing) {
  const bool by_time = listing.order == StreamOrder::kLastEventTime;
  const char* cmp = listing.descending ? "<" : ">";
  const char* dir = listing.descending ? " DESC" : "";
  std::string sql = std::string(kStreamColumns) + "WHERE group_id = ?1";
  if (listing.after) {
    sql += by_time ? std::string(" AND (last_event_ms, name) ") + cmp + " (?2, ?3)"
                   : std::string(" AND name ") + cmp + " ?3";
  }
  if (listing.prefix) sql += " AND name >= ?4 AND name < ?5";
  sql += by_time ? std::string(" ORDER BY last_event_ms") + dir + ", name" + dir
                 : std::string(" ORDER BY name") + dir;
  sql += " LIMIT ?6";
  std::vector<LogStream> streams;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare(sql));
    stmt.Bind(1, group_id);
    if (listing.after) {
      if (by_time) stmt.Bind(2, listing.after->last_event_ms);
      stmt.Bind(3, listing.after->name);
    }
    if (listing.prefix) stmt.Bind(4, *listing.prefix).Bind(5, PrefixEnd(*listing.prefix));
    stmt.Bind(6, static_cast<int64_t>(listing.limit));
    BERTH_ASSIGN_OR_RETURN(streams, CollectRows<LogStream>(stmt, ReadStream));
    return Ok();
  }));
  return streams;
}

Result<std::vector<int64_t>> SqliteLogsStore::FindStreams(int64_t group_id,
                                                          std::span<const std::string> names) {
  std::vector<int64_t> ids;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    for (const std::string& name : names) {
      BERTH_ASSIGN_OR_RETURN(
          auto stmt, c.Prepare("SELECT id FROM logs_streams WHERE group_id = ? AND name = ?"));
      stmt.Bind(1, group_id).Bind(2, name);
      BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (row) ids.push_back(stmt.ColumnInt(0));
    }
    return Ok();
  }));
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

Result<std::vector<int64_t>> SqliteLogsStore::FindStreamsByPrefix(int64_t group_id,
                                                                  std::string_view prefix) {
  std::vector<int64_t> ids;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare("SELECT id FROM logs_streams WHERE group_id = ?"
                                                " AND name >= ? AND name < ?"));
    stmt.Bind(1, group_id).Bind(2, prefix).Bind(3, PrefixEnd(prefix));
    BERTH_ASSIGN_OR_RETURN(ids, CollectRows<int64_t>(stmt, [](const Statement& s) {
                             return s.ColumnInt(0);
                           }));
    return Ok();
  }));
  std::sort(ids.begin(), ids.end());
  return ids;
}

Result<bool> SqliteLogsStore::DeleteStream(int64_t stream_id) {
  bool deleted = false;
  BERTH_RETURN_IF_ERROR(db_.Write([&](Connection& c) -> Status {
    int64_t group_id = 0, bytes = 0;
    {
      BERTH_ASSIGN_OR_RETURN(
          auto find, c.Prepare("SELECT group_id, stored_bytes FROM logs_streams WHERE id = ?"));
      find.Bind(1, stream_id);
      BERTH_ASSIGN_OR_RETURN(bool row, find.Step());
      if (!row) return Ok();
      group_id = find.ColumnInt(0);
      bytes = find.ColumnInt(1);
    }
    BERTH_ASSIGN_OR_RETURN(auto del, c.Prepare("DELETE FROM logs_streams WHERE id = ?"));
    del.Bind(1, stream_id);
    BERTH_RETURN_IF_ERROR(del.Run());
    BERTH_ASSIGN_OR_RETURN(
        auto bytes_left,
        c.Prepare("UPDATE logs_groups SET stored_bytes = stored_bytes - ? WHERE id = ?"));
    bytes_left.Bind(1, bytes).Bind(2, group_id);
    BERTH_RETURN_IF_ERROR(bytes_left.Run());
    deleted = true;
    return Ok();
  }));
  return deleted;
}

}  // namespace berth::services::logs
