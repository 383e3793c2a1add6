#include "services/monitoring/alarms/alarm_store.h"

namespace berth::services::monitoring::alarms {
namespace {

using store::Connection;
using store::Statement;

const store::Migration kMigrations[] = {
    {1,
     "CREATE TABLE monitoring_alarms(account TEXT NOT NULL, region TEXT NOT NULL,"
     " name TEXT NOT NULL, type INTEGER NOT NULL, definition TEXT NOT NULL,"
     " config_updated_ms INTEGER NOT NULL, state INTEGER NOT NULL, reason TEXT NOT NULL,"
     " reason_data TEXT, state_updated_ms INTEGER NOT NULL,"
     " state_transitioned_ms INTEGER NOT NULL, suppressed_by TEXT, suppressed_reason TEXT,"
     " PRIMARY KEY(account, region, name)) WITHOUT ROWID;"
     // History outlives its alarm, so it is keyed by name, not by a row of monitoring_alarms.
     "CREATE TABLE monitoring_alarm_history(id INTEGER PRIMARY KEY AUTOINCREMENT,"
     " account TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL, type INTEGER NOT NULL,"
     " time_ms INTEGER NOT NULL, item_type INTEGER NOT NULL, summary TEXT NOT NULL,"
     " data TEXT NOT NULL);"
     "CREATE INDEX monitoring_alarm_history_by_time ON monitoring_alarm_history(account, region,"
     " time_ms);"
     "CREATE INDEX monitoring_alarm_history_by_name ON monitoring_alarm_history(account, region,"
     " name, time_ms);"
     // Tags of any CloudWatch resource (alarms here, dashboards elsewhere), by ARN.
     "CREATE TABLE monitoring_tags(arn TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,"
     " PRIMARY KEY(arn, key)) WITHOUT ROWID;"},
    // The actions of transitions not executed yet (see PendingAction): durable with the state
    // they belong to, so a crash before they run does not lose the notifications.
    {2,
     "CREATE TABLE monitoring_alarm_pending_actions(id INTEGER PRIMARY KEY AUTOINCREMENT,"
     " account TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL, type INTEGER NOT NULL,"
     " due_ms INTEGER NOT NULL, wait_state INTEGER, action_arn TEXT NOT NULL,"
     " subject TEXT NOT NULL, message TEXT NOT NULL);"
     "CREATE INDEX monitoring_alarm_pending_actions_by_due ON"
     " monitoring_alarm_pending_actions(due_ms, id);"},
};

int StateCode(AlarmState s) { return static_cast<int>(s); }
AlarmState StateOf(int64_t code) {
  return code == 0 ? AlarmState::kOk : code == 1 ? AlarmState::kAlarm : AlarmState::kInsufficientData;
}

Status InsertHistory(Connection& c, const HistoryItem& h) {
  BERTH_ASSIGN_OR_RETURN(
      auto ins,
      c.Prepare("INSERT INTO monitoring_alarm_history(account, region, name, type, time_ms,"
                " item_type, summary, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
  ins.Bind(1, h.account_id).Bind(2, h.region).Bind(3, h.alarm_name);
  ins.Bind(4, static_cast<int64_t>(h.alarm_type)).Bind(5, h.time_ms);
  ins.Bind(6, static_cast<int64_t>(h.type)).Bind(7, h.summary).Bind(8, h.data);
  return ins.Run();
}

Status InsertPending(Connection& c, const PendingAction& p) {
  BERTH_ASSIGN_OR_RETURN(
      auto ins,
      c.Prepare("INSERT INTO monitoring_alarm_pending_actions(account, region, name, type, due_ms,"
                " wait_state, action_arn, subject, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  ins.Bind(1, p.account_id).Bind(2, p.region).Bind(3, p.name);
  ins.Bind(4, static_cast<int64_t>(p.type)).Bind(5, p.due_ms);
  if (p.wait_state) {
    ins.Bind(6, static_cast<int64_t>(StateCode(*p.wait_state)));
  } else {
    ins.BindNull(6);
  }
  ins.Bind(7, p.notification.action_arn).Bind(8, p.notification.subject);
  ins.Bind(9, p.notification.message);
  return ins.Run();
}

Status SaveTags(Connection& c, const std::string& arn, const Tags& tags) {
  for (const auto& [key, value] : tags) {
    BERTH_ASSIGN_OR_RETURN(
        auto put, c.Prepare("INSERT INTO monitoring_tags(arn, key, value) VALUES (?, ?, ?)"
                            " ON CONFLICT(arn, key) DO UPDATE SET value = excluded.value"));
    put.Bind(1, arn).Bind(2, key).Bind(3, value);
    BERTH_RETURN_IF_ERROR(put.Run());
  }
  return Ok();
}

Status SaveState(Connection& c, const std::string& account, const std::string& region,
                 const std::string& name, const AlarmStatus& s) {
  BERTH_ASSIGN_OR_RETURN(
      auto up, c.Prepare("UPDATE monitoring_alarms SET state = ?, reason = ?, reason_data = ?,"
                         " state_updated_ms = ?, state_transitioned_ms = ?, suppressed_by = ?,"
                         " suppressed_reason = ? WHERE account = ? AND region = ? AND name = ?"));
  up.Bind(1, StateCode(s.value)).Bind(2, s.reason).BindOptional(3, s.reason_data);
  up.Bind(4, s.updated_ms).Bind(5, s.transitioned_ms);
  up.BindOptional(6, s.actions_suppressed_by).BindOptional(7, s.actions_suppressed_reason);
  up.Bind(8, account).Bind(9, region).Bind(10, name);
  return up.Run();
}

}  // namespace

Result<std::unique_ptr<AlarmStore>> AlarmStore::Open(store::Database& db) {
  BERTH_RETURN_IF_ERROR(db.Migrate("monitoring_alarms", kMigrations));
  return std::unique_ptr<AlarmStore>(new AlarmStore(db));
}

Result<std::vector<StoredAlarm>> AlarmStore::LoadAll() {
  std::vector<StoredAlarm> out;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(
        auto s, c.Prepare("SELECT account, region, name, type, definition, config_updated_ms,"
                          " state, reason, reason_data, state_updated_ms, state_transitioned_ms,"
                          " suppressed_by, suppressed_reason FROM monitoring_alarms"));
    for (;;) {
      BERTH_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) return Ok();
      StoredAlarm a;
      a.account_id = s.ColumnText(0);
      a.region = s.ColumnText(1);
      a.name = s.ColumnText(2);
      a.type = s.ColumnInt(3) == 0 ? AlarmType::kMetric : AlarmType::kComposite;
      a.definition_json = s.ColumnText(4);
      a.configuration_updated_ms = s.ColumnInt(5);
      a.status.value = StateOf(s.ColumnInt(6));
      a.status.reason = s.ColumnText(7);
      a.status.reason_data = s.ColumnOptionalText(8);
      a.status.updated_ms = s.ColumnInt(9);
      a.status.transitioned_ms = s.ColumnInt(10);
      a.status.actions_suppressed_by = s.ColumnOptionalText(11);
      a.status.actions_suppressed_reason = s.ColumnOptionalText(12);
      out.push_back(std::move(a));
    }
  }));
  return out;
}

Status AlarmStore::Put(const StoredAlarm& a, const std::string& arn, const Tags* tags,
                       const HistoryItem& history) {
  return db_.Write([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(
        auto put,
        c.Prepare("INSERT INTO monitoring_alarms(account, region, name, type, definition,"
                  " config_updated_ms, state, reason, reason_data, state_updated_ms,"
                  " state_transitioned_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                  " ON CONFLICT(account, region, name) DO UPDATE SET type = excluded.type,"
                  " definition = excluded.definition,"
                  " config_updated_ms = excluded.config_updated_ms"));
    put.Bind(1, a.account_id).Bind(2, a.region).Bind(3, a.name);
    put.Bind(4, static_cast<int64_t>(a.type)).Bind(5, a.definition_json);
    put.Bind(6, a.configuration_updated_ms).Bind(7, StateCode(a.status.value));
    put.Bind(8, a.status.reason).BindOptional(9, a.status.reason_data);
    put.Bind(10, a.status.updated_ms).Bind(11, a.status.transitioned_ms);
    BERTH_RETURN_IF_ERROR(put.Run());
    if (tags != nullptr) BERTH_RETURN_IF_ERROR(SaveTags(c, arn, *tags));
    return InsertHistory(c, history);
  });
}

Status AlarmStore::Delete(const std::vector<StoredAlarm>& alarms,
                          const std::vector<std::string>& arns) {
  return db_.Write([&](Connection& c) -> Status {
    for (const StoredAlarm& a : alarms) {
      BERTH_ASSIGN_OR_RETURN(auto del, c.Prepare("DELETE FROM monitoring_alarms WHERE account = ?"
                                                 " AND region = ? AND name = ?"));
      del.Bind(1, a.account_id).Bind(2, a.region).Bind(3, a.name);
      BERTH_RETURN_IF_ERROR(del.Run());
    }
    for (const std::string& arn : arns) {
      BERTH_ASSIGN_OR_RETURN(auto del, c.Prepare("DELETE FROM monitoring_tags WHERE arn = ?"));
      del.Bind(1, arn);
      BERTH_RETURN_IF_ERROR(del.Run());
    }
    return Ok();
  });
}

Status AlarmStore::Record(const std::vector<StateChange>& changes,
                          const std::vector<HistoryItem>& history,
                          const std::vector<PendingAction>& pending) {
  if (changes.empty() && history.empty() && pending.empty()) return Ok();
  return db_.Write([&](Connection& c) -> Status {
    for (const StateChange& ch : changes)
      BERTH_RETURN_IF_ERROR(SaveState(c, ch.account_id, ch.region, ch.name, ch.status));
    for (const HistoryItem& h : history) BERTH_RETURN_IF_ERROR(InsertHistory(c, h));
    for (const PendingAction& p : pending) BERTH_RETURN_IF_ERROR(InsertPending(c, p));
    return Ok();
  });
}

Result<std::vector<PendingAction>> AlarmStore::DuePending(int64_t now_ms, size_t limit) {
  std::vector<PendingAction> out;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(
        auto s, c.Prepare("SELECT id, account, region, name, type, due_ms, wait_state,"
                          " action_arn, subject, message FROM monitoring_alarm_pending_actions"
                          " WHERE due_ms <= ? ORDER BY due_ms, id LIMIT ?"));
    s.Bind(1, now_ms).Bind(2, static_cast<int64_t>(limit));
    for (;;) {
      BERTH_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) return Ok();
      PendingAction p;
      p.id = s.ColumnInt(0);
      p.account_id = s.ColumnText(1);
      p.region = s.ColumnText(2);
      p.name = s.ColumnText(3);
      p.type = s.ColumnInt(4) == 0 ? AlarmType::kMetric : AlarmType::kComposite;
      p.due_ms = s.ColumnInt(5);
      if (!s.ColumnIsNull(6)) p.wait_state = StateOf(s.ColumnInt(6));
      p.notification.action_arn = s.ColumnText(7);
      p.notification.account_id = p.account_id;
      p.notification.region = p.region;
      p.notification.subject = s.ColumnText(8);
      p.notification.message = s.ColumnText(9);
      out.push_back(std::move(p));
    }
  }));
  return out;
}

Result<std::optional<int64_t>> AlarmStore::NextPendingDueMs() {
  std::optional<int64_t> out;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(
        auto s, c.Prepare("SELECT MIN(due_ms) FROM monitoring_alarm_pending_actions"));
    BERTH_ASSIGN_OR_RETURN(bool row, s.Step());
    if (row && !s.ColumnIsNull(0)) out = s.ColumnInt(0);
    return Ok();
  }));
  return out;
}

Status AlarmStore::FinishPending(int64_t id, const std::optional<HistoryItem>& history) {
  return db_.Write([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(
        auto del, c.Prepare("DELETE FROM monitoring_alarm_pending_actions WHERE id = ?"));
    del.Bind(1, id);
    BERTH_RETURN_IF_ERROR(del.Run());
    if (history) BERTH_RETURN_IF_ERROR(InsertHistory(c, *history));
    return Ok();
  });
}

Result<std::vector<StoredHistoryItem>> AlarmStore::History(const HistoryQuery& q) {
  std::string sql =
      "SELECT id, name, type, time_ms, item_type, summary, data FROM monitoring_alarm_history"
      " WHERE account = ?1 AND region = ?2";
  if (q.alarm_name) sql += " AND name = ?3";
  if (q.item_type) sql += " AND item_type = ?4";
  if (q.start_ms) sql += " AND time_ms >= ?5";
  if (q.end_ms) sql += " AND time_ms <= ?6";
  if (q.types.size() == 1) sql += " AND type = ?7";
  // Paging by (time, id): ids grow with time within one writer, so the id alone orders items
  // of equal times and continues after the last one returned.
  if (q.after_id) {
    sql += q.ascending ? " AND (time_ms, id) > (SELECT time_ms, id FROM monitoring_alarm_history"
                         " WHERE id = ?8)"
                       : " AND (time_ms, id) < (SELECT time_ms, id FROM monitoring_alarm_history"
                         " WHERE id = ?8)";
  }
  sql += q.ascending ? " ORDER BY time_ms, id" : " ORDER BY time_ms DESC, id DESC";
  sql += " LIMIT ?9";
  std::vector<StoredHistoryItem> out;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto s, c.Prepare(sql));
    s.Bind(1, q.account_id).Bind(2, q.region);
    if (q.alarm_name) s.Bind(3, *q.alarm_name);
    if (q.item_type) s.Bind(4, static_cast<int64_t>(*q.item_type));
    if (q.start_ms) s.Bind(5, *q.start_ms);
    if (q.end_ms) s.Bind(6, *q.end_ms);
    if (q.types.size() == 1) s.Bind(7, static_cast<int64_t>(*q.types.begin()));
    if (q.after_id) s.Bind(8, *q.after_id);
    s.Bind(9, static_cast<int64_t>(q.limit));
    for (;;) {
      BERTH_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) return Ok();
      StoredHistoryItem h;
      h.id = s.ColumnInt(0);
      h.item.account_id = q.account_id;
      h.item.region = q.region;
      h.item.alarm_name = s.ColumnText(1);
      h.item.alarm_type = s.ColumnInt(2) == 0 ? AlarmType::kMetric : AlarmType::kComposite;
      h.item.time_ms = s.ColumnInt(3);
      h.item.type = static_cast<HistoryItemType>(s.ColumnInt(4));
      h.item.summary = s.ColumnText(5);
      h.item.data = s.ColumnText(6);
      out.push_back(std::move(h));
    }
  }));
  return out;
}

Status AlarmStore::DeleteHistoryBefore(int64_t cutoff_ms) {
  return db_.Write([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto del,
                           c.Prepare("DELETE FROM monitoring_alarm_history WHERE time_ms < ?"));
    del.Bind(1, cutoff_ms);
    return del.Run();
  });
}

Result<Tags> AlarmStore::GetTags(const std::string& arn) {
  Tags out;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto s,
                           c.Prepare("SELECT key, value FROM monitoring_tags WHERE arn = ?"));
    s.Bind(1, arn);
    for (;;) {
      BERTH_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) return Ok();
      out[s.ColumnText(0)] = s.ColumnText(1);
    }
  }));
  return out;
}

Status AlarmStore::TagResource(const std::string& arn, const Tags& tags) {
  return db_.Write([&](Connection& c) { return SaveTags(c, arn, tags); });
}

Status AlarmStore::UntagResource(const std::string& arn, const std::vector<std::string>& keys) {
  return db_.Write([&](Connection& c) -> Status {
    for (const std::string& key : keys) {
      BERTH_ASSIGN_OR_RETURN(auto del,
                             c.Prepare("DELETE FROM monitoring_tags WHERE arn = ? AND key = ?"));
      del.Bind(1, arn).Bind(2, key);
      BERTH_RETURN_IF_ERROR(del.Run());
    }
    return Ok();
  });
}

static Status DeleteTagsOf(Connection& c, const std::string& arn) {
  BERTH_ASSIGN_OR_RETURN(auto del, c.Prepare("DELETE FROM monitoring_tags WHERE arn = ?"));
  del.Bind(1, arn);
  return del.Run();
}

Status AlarmStore::ReplaceTags(const std::string& arn, const Tags& tags) {
  return db_.Write([&](Connection& c) -> Status {
    BERTH_RETURN_IF_ERROR(DeleteTagsOf(c, arn));
    return SaveTags(c, arn, tags);
  });
}

Status AlarmStore::DeleteTags(const std::vector<std::string>& arns) {
  if (arns.empty()) return Ok();
  return db_.Write([&](Connection& c) -> Status {
    for (const std::string& arn : arns) BERTH_RETURN_IF_ERROR(DeleteTagsOf(c, arn));
    return Ok();
  });
}

}  // namespace berth::services::monitoring::alarms
