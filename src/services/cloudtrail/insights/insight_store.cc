#include "services/cloudtrail/insights/insight_store.h"

namespace berth::services::cloudtrail::insights {
namespace {

using store::Connection;
using store::Statement;

const store::Migration kMigrations[] = {
    {1,
     "CREATE TABLE cloudtrail_insight_events(id INTEGER PRIMARY KEY, account_id TEXT NOT NULL,"
     " region TEXT NOT NULL, event_time INTEGER NOT NULL, event_id TEXT NOT NULL,"
     " event_name TEXT NOT NULL, event_source TEXT NOT NULL, insight_type INTEGER NOT NULL,"
     " record TEXT NOT NULL, start INTEGER NOT NULL, shared_event_id TEXT NOT NULL);"
     "CREATE INDEX cloudtrail_insight_events_by_shared ON"
     " cloudtrail_insight_events(shared_event_id);"
     "CREATE INDEX cloudtrail_insight_events_by_time ON"
     " cloudtrail_insight_events(account_id, event_time, id);"
     "CREATE TABLE cloudtrail_insight_delivery(trail_id INTEGER PRIMARY KEY REFERENCES"
     " cloudtrail_trails(id) ON DELETE CASCADE, delivered_id INTEGER NOT NULL);"},
};

constexpr char kColumns[] =
    "SELECT id, account_id, region, event_time, event_id, event_name, event_source,"
    " insight_type, record, start, shared_event_id FROM cloudtrail_insight_events ";

InsightEvent ReadRow(const Statement& s) {
  InsightEvent out;
  TrailEvent& e = out.event;
  e.seq = s.ColumnInt(0);
  e.account_id = s.ColumnText(1);
  e.region = s.ColumnText(2);
  e.event_time = FromMillis(s.ColumnInt(3));
  e.event_id = s.ColumnText(4);
  e.event_name = s.ColumnText(5);
  e.event_source = s.ColumnText(6);
  out.type = s.ColumnInt(7) == 1 ? InsightType::kApiErrorRate : InsightType::kApiCallRate;
  e.json = s.ColumnText(8);
  out.start = s.ColumnInt(9) != 0;
  out.shared_event_id = s.ColumnText(10);
  return out;
}

// The SQL condition and value of a lookup attribute; nullopt when no Insights event has it.
std::optional<std::pair<std::string, std::string>> AttributeCondition(const LookupQuery& q) {
  if (!q.key) return std::make_pair(std::string("1 = 1 OR ? = ''"), std::string());
  switch (*q.key) {
    case LookupKey::kEventId: return std::make_pair(std::string("event_id = ?"), q.value);
    case LookupKey::kEventName: return std::make_pair(std::string("event_name = ?"), q.value);
    case LookupKey::kEventSource: return std::make_pair(std::string("event_source = ?"), q.value);
    case LookupKey::kReadOnly:
      if (q.value == "false") return std::make_pair(std::string("1 = 1 OR ? = ''"), q.value);
      return std::nullopt;
    default: return std::nullopt;
  }
}

}  // namespace

Result<std::unique_ptr<InsightStore>> InsightStore::Open(store::Database& db) {
  BERTH_RETURN_IF_ERROR(db.Migrate("cloudtrail_insights", kMigrations));
  return std::unique_ptr<InsightStore>(new InsightStore(db));
}

Status InsightStore::Add(std::vector<InsightEvent>& events) {
  if (events.empty()) return Ok();
  return db_.Write([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(
        auto stmt, c.Prepare("INSERT INTO cloudtrail_insight_events(account_id, region,"
                             " event_time, event_id, event_name, event_source, insight_type,"
                             " record, start, shared_event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    for (InsightEvent& ie : events) {
      const TrailEvent& e = ie.event;
      stmt.Bind(1, e.account_id).Bind(2, e.region).Bind(3, Millis(e.event_time));
      stmt.Bind(4, e.event_id).Bind(5, e.event_name).Bind(6, e.event_source);
      stmt.Bind(7, int64_t{ie.type == InsightType::kApiErrorRate ? 1 : 0}).Bind(8, e.json);
      stmt.Bind(9, int64_t{ie.start}).Bind(10, ie.shared_event_id);
      BERTH_RETURN_IF_ERROR(stmt.Run());
      ie.event.seq = c.LastInsertRowId();
    }
    return Ok();
  });
}

Result<std::vector<TrailEvent>> InsightStore::Lookup(const LookupQuery& q) {
  std::vector<TrailEvent> out;
  const auto condition = AttributeCondition(q);
  if (!condition) return out;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(
        auto stmt,
        c.Prepare(std::string(kColumns) +
                  "WHERE account_id = ? AND event_time >= ? AND event_time <= ? AND (" +
                  condition->first +
                  ") AND (event_time < ? OR (event_time = ? AND id < ?))"
                  " ORDER BY event_time DESC, id DESC LIMIT ?"));
    const int64_t after_time = q.after ? Millis(q.after->first) : INT64_MAX;
    const int64_t after_id = q.after ? q.after->second : INT64_MAX;
    stmt.Bind(1, q.account_id).Bind(2, Millis(q.start)).Bind(3, Millis(q.end));
    stmt.Bind(4, condition->second).Bind(5, after_time).Bind(6, after_time).Bind(7, after_id);
    stmt.Bind(8, static_cast<int64_t>(q.limit));
    for (;;) {
      BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) return Ok();
      out.push_back(ReadRow(stmt).event);
    }
  }));
  return out;
}

Result<std::vector<InsightEvent>> InsightStore::ReadFrom(int64_t after_id, size_t limit) {
  std::vector<InsightEvent> out;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt,
                           c.Prepare(std::string(kColumns) + "WHERE id > ? ORDER BY id LIMIT ?"));
    stmt.Bind(1, after_id).Bind(2, static_cast<int64_t>(limit));
    for (;;) {
      BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) return Ok();
      out.push_back(ReadRow(stmt));
    }
  }));
  return out;
}

Result<int64_t> InsightStore::LastId() {
  int64_t id = 0;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt,
                           c.Prepare("SELECT COALESCE(MAX(id), 0) FROM cloudtrail_insight_events"));
    BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (row) id = stmt.ColumnInt(0);
    return Ok();
  }));
  return id;
}

Result<std::vector<InsightEvent>> InsightStore::OpenStarts() {
  std::vector<InsightEvent> out;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(
        auto stmt, c.Prepare(std::string(kColumns) +
                             "AS s WHERE start = 1 AND NOT EXISTS (SELECT 1 FROM"
                             " cloudtrail_insight_events AS e WHERE e.shared_event_id ="
                             " s.shared_event_id AND e.start = 0) ORDER BY id"));
    for (;;) {
      BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) return Ok();
      out.push_back(ReadRow(stmt));
    }
  }));
  return out;
}

Result<int64_t> InsightStore::Delivered(int64_t trail_id) {
  int64_t id = 0;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare("SELECT delivered_id FROM"
                                                " cloudtrail_insight_delivery WHERE trail_id = ?"));
    stmt.Bind(1, trail_id);
    BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (row) id = stmt.ColumnInt(0);
    return Ok();
  }));
  return id;
}

Status InsightStore::SetDelivered(int64_t trail_id, int64_t id) {
  return db_.Write([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto stmt,
                           c.Prepare("INSERT INTO cloudtrail_insight_delivery(trail_id,"
                                     " delivered_id) VALUES (?, ?) ON CONFLICT(trail_id) DO"
                                     " UPDATE SET delivered_id = excluded.delivered_id"));
    stmt.Bind(1, trail_id).Bind(2, id);
    return stmt.Run();
  });
}

Result<size_t> InsightStore::DeleteBefore(TimePoint before) {
  size_t deleted = 0;
  BERTH_RETURN_IF_ERROR(db_.Write([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(
        auto stmt, c.Prepare("DELETE FROM cloudtrail_insight_events WHERE event_time < ?"));
    stmt.Bind(1, Millis(before));
    BERTH_RETURN_IF_ERROR(stmt.Run());
    deleted = static_cast<size_t>(c.Changes());
    return Ok();
  }));
  return deleted;
}

}  // namespace berth::services::cloudtrail::insights
