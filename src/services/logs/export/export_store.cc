#include "services/logs/export/export_store.h"

namespace berth::services::logs {
namespace {

using store::Connection;
using store::Statement;

const store::Migration kMigrations[] = {
    {1,
     "CREATE TABLE logs_export_tasks(account TEXT NOT NULL, id TEXT NOT NULL,"
     " seq INTEGER NOT NULL, region TEXT NOT NULL, name TEXT, group_name TEXT NOT NULL,"
     " stream_prefix TEXT, from_ms INTEGER NOT NULL, to_ms INTEGER NOT NULL,"
     " destination TEXT NOT NULL, destination_prefix TEXT NOT NULL, status TEXT NOT NULL,"
     " message TEXT NOT NULL, created_ms INTEGER NOT NULL, completed_ms INTEGER,"
     " PRIMARY KEY(account, id)) WITHOUT ROWID;"
     "CREATE UNIQUE INDEX logs_export_tasks_by_seq ON logs_export_tasks(account, seq);"
     "CREATE INDEX logs_export_tasks_by_status ON logs_export_tasks(status, seq);"},
};

constexpr char kColumns[] =
    "SELECT seq, account, id, region, name, group_name, stream_prefix, from_ms, to_ms,"
    " destination, destination_prefix, status, message, created_ms, completed_ms"
    " FROM logs_export_tasks ";

ListedExportTask ReadTask(const Statement& s) {
  ListedExportTask listed;
  listed.seq = s.ColumnInt(0);
  ExportTask& t = listed.task;
  t.account_id = s.ColumnText(1);
  t.task_id = s.ColumnText(2);
  t.region = s.ColumnText(3);
  t.task_name = s.ColumnOptionalText(4);
  t.group_name = s.ColumnText(5);
  t.stream_prefix = s.ColumnOptionalText(6);
  t.from_ms = s.ColumnInt(7);
  t.to_ms = s.ColumnInt(8);
  t.destination = s.ColumnText(9);
  t.destination_prefix = s.ColumnText(10);
  t.status = ParseStatusCode(s.ColumnText(11)).value_or(ExportStatus::kFailed);
  t.status_message = s.ColumnText(12);
  t.created_at = FromMillis(s.ColumnInt(13));
  if (!s.ColumnIsNull(14)) t.completed_at = FromMillis(s.ColumnInt(14));
  return listed;
}

std::string Code(ExportStatus status) { return std::string(StatusCode(status)); }

// RUNNING tasks a stopped berth left go back to PENDING; PENDING_CANCEL ones end CANCELLED.
Status RecoverInterrupted(store::Database& db, TimePoint now) {
  return db.Write([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto requeue,
                           c.Prepare("UPDATE logs_export_tasks SET status = ?, message = ?"
                                     " WHERE status = ?"));
    requeue.Bind(1, Code(ExportStatus::kPending))
        .Bind(2, "Pending.")
        .Bind(3, Code(ExportStatus::kRunning));
    BERTH_RETURN_IF_ERROR(requeue.Run());
    BERTH_ASSIGN_OR_RETURN(auto cancel,
                           c.Prepare("UPDATE logs_export_tasks SET status = ?, message = ?,"
                                     " completed_ms = ? WHERE status = ?"));
    cancel.Bind(1, Code(ExportStatus::kCancelled))
        .Bind(2, "Cancelled by user")
        .Bind(3, Millis(now))
        .Bind(4, Code(ExportStatus::kPendingCancel));
    return cancel.Run();
  });
}

}  // namespace

Result<std::unique_ptr<ExportTaskStore>> ExportTaskStore::Open(store::Database& db,
                                                               TimePoint now, bool recover) {
  BERTH_RETURN_IF_ERROR(db.Migrate("logs_export", kMigrations));
  if (recover) {
    BERTH_RETURN_IF_ERROR(RecoverInterrupted(db, now));
  }
  return std::unique_ptr<ExportTaskStore>(new ExportTaskStore(db));
}

namespace {

Result<bool> AnyActive(Connection& c, std::string_view account) {
  BERTH_ASSIGN_OR_RETURN(auto active,
                         c.Prepare("SELECT 1 FROM logs_export_tasks WHERE account = ?"
                                   " AND status IN ('PENDING', 'RUNNING', 'PENDING_CANCEL')"
                                   " LIMIT 1"));
  active.Bind(1, account);
  return active.Step();
}

}  // namespace

Result<bool> ExportTaskStore::HasActive(std::string_view account) {
  bool busy = false;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(busy, AnyActive(c, account));
    return Ok();
  }));
  return busy;
}

Result<bool> ExportTaskStore::InsertIfNoneActive(const ExportTask& t) {
  bool inserted = false;
  BERTH_RETURN_IF_ERROR(db_.Write([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(bool busy, AnyActive(c, t.account_id));
    if (busy) return Ok();
    BERTH_ASSIGN_OR_RETURN(
        auto insert,
        c.Prepare("INSERT INTO logs_export_tasks(account, id, seq, region, name, group_name,"
                  " stream_prefix, from_ms, to_ms, destination, destination_prefix, status,"
                  " message, created_ms) VALUES (?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM"
                  " logs_export_tasks WHERE account = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    insert.Bind(1, t.account_id)
        .Bind(2, t.task_id)
        .Bind(3, t.account_id)
        .Bind(4, t.region)
        .BindOptional(5, t.task_name)
        .Bind(6, t.group_name)
        .BindOptional(7, t.stream_prefix)
        .Bind(8, t.from_ms)
        .Bind(9, t.to_ms)
        .Bind(10, t.destination)
        .Bind(11, t.destination_prefix)
        .Bind(12, Code(t.status))
        .Bind(13, t.status_message)
        .Bind(14, Millis(t.created_at));
    BERTH_RETURN_IF_ERROR(insert.Run());
    inserted = true;
    return Ok();
  }));
  return inserted;
}

Result<std::vector<ListedExportTask>> ExportTaskStore::List(std::string_view account,
                                                            const ExportTaskListing& listing) {
  std::vector<ListedExportTask> out;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    std::string sql = std::string(kColumns) + "WHERE account = ?1";
    if (listing.task_id) sql += " AND id = ?2";
    if (listing.status) sql += " AND status = ?3";
    if (listing.before_seq) sql += " AND seq < ?4";
    sql += " ORDER BY seq DESC LIMIT ?5";
    BERTH_ASSIGN_OR_RETURN(auto stmt, c.Prepare(sql));
    stmt.Bind(1, account);
    if (listing.task_id) stmt.Bind(2, *listing.task_id);
    if (listing.status) stmt.Bind(3, Code(*listing.status));
    if (listing.before_seq) stmt.Bind(4, *listing.before_seq);
    stmt.Bind(5, static_cast<int64_t>(listing.limit));
    for (;;) {
      BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) return Ok();
      out.push_back(ReadTask(stmt));
    }
  }));
  return out;
}

Result<CancelOutcome> ExportTaskStore::Cancel(std::string_view account, std::string_view id,
                                              TimePoint now) {
  CancelOutcome outcome = CancelOutcome::kNotFound;
  BERTH_RETURN_IF_ERROR(db_.Write([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(
        auto get, c.Prepare("SELECT status FROM logs_export_tasks WHERE account = ? AND id = ?"));
    get.Bind(1, account).Bind(2, id);
    BERTH_ASSIGN_OR_RETURN(bool row, get.Step());
    if (!row) return Ok();
    const auto status = ParseStatusCode(get.ColumnText(0));
    std::optional<int64_t> completed;
    ExportStatus next;
    if (status == ExportStatus::kPending) {
      next = ExportStatus::kCancelled;
      completed = Millis(now);
      outcome = CancelOutcome::kCancelled;
    } else if (status == ExportStatus::kRunning) {
      next = ExportStatus::kPendingCancel;
      outcome = CancelOutcome::kCancelling;
    } else {
      outcome = CancelOutcome::kAlreadyFinished;
      return Ok();
    }
    BERTH_ASSIGN_OR_RETURN(auto update,
                           c.Prepare("UPDATE logs_export_tasks SET status = ?, message = ?,"
                                     " completed_ms = ? WHERE account = ? AND id = ?"));
    update.Bind(1, Code(next)).Bind(2, "Cancelled by user").Bind(4, account).Bind(5, id);
    if (completed) {
      update.Bind(3, *completed);
    } else {
      update.BindNull(3);
    }
    return update.Run();
  }));
  return outcome;
}

Result<std::optional<ExportTask>> ExportTaskStore::StartNext(TimePoint created_before) {
  std::optional<ExportTask> started;
  BERTH_RETURN_IF_ERROR(db_.Write([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(auto next,
                           c.Prepare(std::string(kColumns) +
                                     "WHERE status = 'PENDING' AND created_ms <= ?"
                                     " ORDER BY created_ms, seq LIMIT 1"));
    next.Bind(1, Millis(created_before));
    BERTH_ASSIGN_OR_RETURN(bool row, next.Step());
    if (!row) return Ok();
    ExportTask task = ReadTask(next).task;
    task.status = ExportStatus::kRunning;
    task.status_message = "Started Successfully";  // AWS's words (its user guide's example)
    BERTH_ASSIGN_OR_RETURN(auto update,
                           c.Prepare("UPDATE logs_export_tasks SET status = ?, message = ?"
                                     " WHERE account = ? AND id = ?"));
    update.Bind(1, Code(task.status))
        .Bind(2, task.status_message)
        .Bind(3, task.account_id)
        .Bind(4, task.task_id);
    BERTH_RETURN_IF_ERROR(update.Run());
    started = std::move(task);
    return Ok();
  }));
  return started;
}

Result<std::optional<ExportStatus>> ExportTaskStore::StatusOf(std::string_view account,
                                                              std::string_view id) {
  std::optional<ExportStatus> status;
  BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
    BERTH_ASSIGN_OR_RETURN(
        auto get, c.Prepare("SELECT status FROM logs_export_tasks WHERE account = ? AND id = ?"));
    get.Bind(1, account).Bind(2, id);
    BERTH_ASSIGN_OR_RETURN(bool row, get.Step());
    if (row) status = ParseStatusCode(get.ColumnText(0));
    return Ok();
  }));
  return status;
}

Status ExportTaskStore::Finish(std::string_view account, std::string_view id,
                               ExportStatus status, std::string_view message, TimePoint now) {
  return db_.Write([&](Connection& c) -> Status {
    // A cancel that arrived while the task ran wins over how it ended.
    BERTH_ASSIGN_OR_RETURN(
        auto cancelled,
        c.Prepare("UPDATE logs_export_tasks SET status = 'CANCELLED', completed_ms = ?"
                  " WHERE account = ? AND id = ? AND status = 'PENDING_CANCEL'"));
    cancelled.Bind(1, Millis(now)).Bind(2, account).Bind(3, id);
    BERTH_RETURN_IF_ERROR(cancelled.Run());
    if (c.Changes() > 0) return Ok();
    BERTH_ASSIGN_OR_RETURN(auto update,
                           c.Prepare("UPDATE logs_export_tasks SET status = ?, message = ?,"
                                     " completed_ms = ? WHERE account = ? AND id = ?"
                                     " AND status = 'RUNNING'"));
    update.Bind(1, Code(status)).Bind(2, message).Bind(3, Millis(now)).Bind(4, account).Bind(5, id);
    return update.Run();
  });
}

}  // namespace berth::services::logs
