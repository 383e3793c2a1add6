#include "services/cloudtrail/store/sqlite_event_store.h"

#include <cstdint>
#include <algorithm>

namespace berth::services::cloudtrail {
namespace {

using store::Connection;
using store::Statement;

const store::Migration kMigrations[] = {
    {1,
     "CREATE TABLE cloudtrail_events(seq INTEGER PRIMARY KEY, event_id TEXT NOT NULL,"
     " event_time INTEGER NOT NULL, account_id TEXT NOT NULL, event_name TEXT NOT NULL,"
     " event_source TEXT NOT NULL, read_only INTEGER NOT NULL, username TEXT NOT NULL,"
     " access_key_id TEXT NOT NULL, region TEXT NOT NULL, error_code TEXT NOT NULL,"
     " record TEXT NOT NULL);"
     "CREATE INDEX cloudtrail_by_time ON cloudtrail_events(account_id, event_time, seq);"
     "CREATE INDEX cloudtrail_by_id ON cloudtrail_events(event_id);"
     "CREATE INDEX cloudtrail_by_name ON cloudtrail_events(account_id, event_name, event_time,"
     " seq);"
     "CREATE INDEX cloudtrail_by_source ON cloudtrail_events(account_id, event_source,"
     " event_time, seq);"
     "CREATE INDEX cloudtrail_by_read_only ON cloudtrail_events(account_id, read_only,"
     " event_time, seq);"
     "CREATE INDEX cloudtrail_by_user ON cloudtrail_events(account_id, username, event_time,"
     " seq);"
     "CREATE INDEX cloudtrail_by_key ON cloudtrail_events(account_id, access_key_id,"
     " event_time, seq);"
     // Resources repeat the event's account and time so their lookups are index scans too.
     "CREATE TABLE cloudtrail_event_resources(seq INTEGER NOT NULL, account_id TEXT NOT NULL,"
     " event_time INTEGER NOT NULL, type TEXT NOT NULL, name TEXT NOT NULL);"
     "CREATE INDEX cloudtrail_resources_by_seq ON cloudtrail_event_resources(seq);"
     "CREATE INDEX cloudtrail_resources_by_type ON cloudtrail_event_resources(account_id, type,"
     " event_time, seq);"
     "CREATE INDEX cloudtrail_resources_by_name ON cloudtrail_event_resources(account_id, name,"
     " event_time, seq);"},
};

constexpr char kEventColumns[] =
    "e.seq, e.event_id, e.event_time, e.account_id, e.event_name, e.event_source, e.read_only,"
    " e.username, e.access_key_id, e.region, e.error_code, e.record";

int64_t Millis(TimePoint t) { return t.time_since_epoch().count(); }
TimePoint FromMillis(int64_t ms) { return TimePoint(std::chrono::milliseconds(ms)); }

TrailEvent ReadEvent(const Statement& s) {
  TrailEvent e;
  e.seq = s.ColumnInt(0);
  e.event_id = s.ColumnText(1);
  e.event_time = FromMillis(s.ColumnInt(2));
  e.account_id = s.ColumnText(3);
  e.event_name = s.ColumnText(4);
  e.event_source = s.ColumnText(5);
  e.read_only = s.ColumnInt(6) != 0;
  e.username = s.ColumnText(7);
  e.access_key_id = s.ColumnText(8);
  e.region = s.ColumnText(9);
  e.error_code = s.ColumnText(10);
  e.json = s.ColumnText(11);
  return e;
}

// Fills each event's resources: one indexed point query per event (a page's events may lie far
// apart in the history, so a range over their seqs could cover most of it).
Status LoadResources(Connection& c, std::vector<TrailEvent>& events) {
  if (events.empty()) return Ok();
  BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare("SELECT type, name FROM cloudtrail_event_resources"
                                              " WHERE seq = ? ORDER BY rowid"));
  for (TrailEvent& e : events) {
    stmt.Bind(1, e.seq);
    for (;;) {
      BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      e.resources.push_back({stmt.ColumnText(0), stmt.ColumnText(1)});
    }
  }
  return Ok();
}

// The WHERE of a lookup over `e` (events) and the table its attribute lives in.
struct LookupSql {
  std::string from;
  std::string attribute;  // "" for no attribute
};

// Each lookup names its index (INDEXED BY): the planner would otherwise favour the time index
// for the ORDER BY and filter the whole range row by row.
LookupSql SqlFor(const std::optional<LookupKey>& key) {
  auto on = [](const char* index, const char* condition) {
    return LookupSql{std::string("cloudtrail_events AS e INDEXED BY ") + index, condition};
  };
  if (!key) return on("cloudtrail_by_time", "");
  switch (*key) {
    case LookupKey::kEventId: return on("cloudtrail_by_id", "e.event_id = ?");
    case LookupKey::kEventName: return on("cloudtrail_by_name", "e.event_name = ?");
    case LookupKey::kReadOnly: return on("cloudtrail_by_read_only", "e.read_only = ?");
    case LookupKey::kUsername: return on("cloudtrail_by_user", "e.username = ?");
    case LookupKey::kEventSource: return on("cloudtrail_by_source", "e.event_source = ?");
    case LookupKey::kAccessKeyId: return on("cloudtrail_by_key", "e.access_key_id = ?");
    case LookupKey::kResourceType:
    case LookupKey::kResourceName: break;
  }
  // Resources: scan the resource index, join the events by seq (their primary key); CROSS JOIN
  // keeps that order (SQLite never reorders it).
  const bool type = *key == LookupKey::kResourceType;
  return {std::string("cloudtrail_event_resources AS r INDEXED BY ") +
              (type ? "cloudtrail_resources_by_type" : "cloudtrail_resources_by_name") +
              " CROSS JOIN cloudtrail_events AS e ON e.seq = r.seq",
          type ? "r.type = ?" : "r.name = ?"};
}

}  // namespace

Result<std::unique_ptr<SqliteEventStore>> SqliteEventStore::Open(store::Database& db) {
  BERTH_RETURN_IF_ERROR(db.Migrate("cloudtrail_events", kMigrations));
  return std::unique_ptr<SqliteEventStore>(new SqliteEventStore(db));
}

Status SqliteEventStore::Append(std::vector<TrailEvent>& events) {
  return db_.Write([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(
        auto insert,
        c.Prepare("INSERT INTO cloudtrail_events(event_id, event_time, account_id, event_name,"
                  " event_source, read_only, username, access_key_id, region, error_code,"
                  " record, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    BERTH_ASSIGN_OR_RETURN(
        auto resource,
        c.Prepare("INSERT INTO cloudtrail_event_resources(seq, account_id, event_time, type,"
                  " name) VALUES (?, ?, ?, ?, ?)"));
    for (TrailEvent& e : events) {
      insert.Bind(1, e.event_id).Bind(2, Millis(e.event_time)).Bind(3, e.account_id);
      insert.Bind(4, e.event_name).Bind(5, e.event_source).Bind(6, int64_t{e.read_only});
      insert.Bind(7, e.username).Bind(8, e.access_key_id).Bind(9, e.region);
      insert.Bind(10, e.error_code).Bind(11, e.json);
      // A journaled event keeps the seq the journal gave it; others get the next one.
      if (e.seq > 0) insert.Bind(12, e.seq); else insert.BindNull(12);
      BERTH_RETURN_IF_ERROR(insert.Run());
      e.seq = c.LastInsertRowId();
      for (const auto& r : e.resources) {
        resource.Bind(1, e.seq).Bind(2, e.account_id).Bind(3, Millis(e.event_time));
        resource.Bind(4, r.type).Bind(5, r.name);
        BERTH_RETURN_IF_ERROR(resource.Run());
      }
    }
    return Ok();
  });
}

Result<std::vector<TrailEvent>> SqliteEventStore::Lookup(const LookupQuery& q) {
  const LookupSql sql = SqlFor(q.key);
  const bool on_resources = sql.from.find("AS r") != std::string::npos;
  // The time columns of the table whose index is scanned, so the range and the order are the
  // index's own.
  const std::string t = on_resources ? "r" : "e";
  std::string text = std::string("SELECT ") + kEventColumns + " FROM " + sql.from + " WHERE " +
                     t + ".account_id = ? AND " + t + ".event_time BETWEEN ? AND ?";
  if (!sql.attribute.empty()) text += " AND " + sql.attribute;
  // After a page: the range ends at the last event's time (so the index bounds the scan), and
  // of the events at that very millisecond only those before it in seq remain.
  if (q.after) text += " AND NOT (" + t + ".event_time = ? AND " + t + ".seq >= ?)";
  text += " ORDER BY " + t + ".event_time DESC, " + t + ".seq DESC LIMIT ?";
  std::vector<TrailEvent> out;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare(text));
    int i = 1;
    const TimePoint end = q.after ? std::min(q.end, q.after->first) : q.end;
    stmt.Bind(i++, q.account_id);
    stmt.Bind(i++, Millis(q.start));
    stmt.Bind(i++, Millis(end));
    if (!sql.attribute.empty()) {
      if (q.key == LookupKey::kReadOnly) {
        stmt.Bind(i++, int64_t{q.value == "true"});
      } else {
        stmt.Bind(i++, q.value);
      }
    }
    if (q.after) {
      stmt.Bind(i++, Millis(q.after->first));
      stmt.Bind(i++, q.after->second);
    }
    stmt.Bind(i++, static_cast<int64_t>(q.limit));
    for (;;) {
      BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      out.push_back(ReadEvent(stmt));
    }
    return LoadResources(c, out);
  }));
  return out;
}

Result<std::vector<TrailEvent>> SqliteEventStore::ReadFrom(int64_t after_seq, size_t limit) {
  std::vector<TrailEvent> out;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare(std::string("SELECT ") + kEventColumns +
                                                 " FROM cloudtrail_events AS e WHERE e.seq > ?"
                                                 " ORDER BY e.seq LIMIT ?"));
    stmt.Bind(1, after_seq).Bind(2, static_cast<int64_t>(limit));
    for (;;) {
      BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      out.push_back(ReadEvent(stmt));
    }
    return LoadResources(c, out);
  }));
  return out;
}

Result<int64_t> SqliteEventStore::LastSeq() {
  int64_t seq = 0;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare("SELECT COALESCE(MAX(seq), 0) FROM "
                                                "cloudtrail_events"));
    BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (row) seq = stmt.ColumnInt(0);
    return Ok();
  }));
  return seq;
}

Result<size_t> SqliteEventStore::DeleteBefore(TimePoint before) {
  size_t deleted = 0;
  BERTH_RETURN_IF_ERROR(db_.Write([&](Connection& c) -> Status {
    // Events are appended in time order (give or take a call's duration), so the expired ones
    // are the lowest seqs: walk the primary key from the oldest to the first event inside the
    // retention period, instead of scanning the table by time.
    BERTH_ASSIGN_OR_RETURN(auto walk, c.Prepare("SELECT seq FROM cloudtrail_events"
                                                " WHERE event_time >= ? ORDER BY seq LIMIT 1"));
    walk.Bind(1, Millis(before));
    BERTH_ASSIGN_OR_RETURN(bool kept, walk.Step());
    int64_t cutoff = INT64_MAX;
    if (kept) cutoff = walk.ColumnInt(0) - 1;
    BERTH_ASSIGN_OR_RETURN(auto events, c.Prepare("DELETE FROM cloudtrail_events WHERE seq <= ?"
                                                  " AND event_time < ?"));
    events.Bind(1, cutoff).Bind(2, Millis(before));
    BERTH_RETURN_IF_ERROR(events.Run());
    deleted = static_cast<size_t>(c.Changes());
    BERTH_ASSIGN_OR_RETURN(auto resources,
                           c.Prepare("DELETE FROM cloudtrail_event_resources WHERE seq <= ?"
                                     " AND event_time < ?"));
    resources.Bind(1, cutoff).Bind(2, Millis(before));
    return resources.Run();
  }));
  return deleted;
}

}  // namespace berth::services::cloudtrail
