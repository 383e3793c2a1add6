#pragma once
// Export tasks in the embedded SQLite database (component "logs_export"):
//
//   logs_export_tasks  (account, id) → the task, its status and times; `seq` orders an
//                      account's tasks by creation (DescribeExportTasks lists newest first)
//
// Thread-safe (every call is one Database read or write).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "services/logs/export/export_task.h"
#include "store/database.h"

namespace berth::services::logs {

struct ExportTaskListing {
  std::optional<std::string> task_id;
  std::optional<ExportStatus> status;
  std::optional<int64_t> before_seq;  // the page after the task of this seq
  size_t limit = 50;
};

struct ListedExportTask {
  int64_t seq = 0;
  ExportTask task;
};

enum class CancelOutcome { kCancelled, kCancelling, kNotFound, kAlreadyFinished };

class ExportTaskStore {
 public:
  // Applies the "logs_export" migrations. With `recover`, tasks a stopped berth left RUNNING
  // go back to PENDING (their objects are written again, under the same keys) and
  // PENDING_CANCEL ones end CANCELLED.
  static Result<std::unique_ptr<ExportTaskStore>> Open(store::Database& db, TimePoint now,
                                                       bool recover);

  // Whether the account has a PENDING, RUNNING or PENDING_CANCEL task.
  Result<bool> HasActive(std::string_view account);
  // Inserts the task unless its account has an active one (then false: LimitExceeded).
  Result<bool> InsertIfNoneActive(const ExportTask& task);
  // The account's tasks, newest first.
  Result<std::vector<ListedExportTask>> List(std::string_view account,
                                             const ExportTaskListing& listing);
  // PENDING → CANCELLED (kCancelled), RUNNING → PENDING_CANCEL (kCancelling: the worker ends
  // it); a finished task is kAlreadyFinished.
  Result<CancelOutcome> Cancel(std::string_view account, std::string_view task_id, TimePoint now);
  // The oldest PENDING task of any account, now RUNNING; nullopt when there is none.
  // `created_before`: only tasks created at or before it (the worker's start delay).
  Result<std::optional<ExportTask>> StartNext(TimePoint created_before);
  // The task's status now (nullopt once gone).
  Result<std::optional<ExportStatus>> StatusOf(std::string_view account, std::string_view id);
  // Ends a RUNNING or PENDING_CANCEL task: a cancel asked meanwhile wins (CANCELLED).
  Status Finish(std::string_view account, std::string_view id, ExportStatus status,
                std::string_view message, TimePoint now);

 private:
  explicit ExportTaskStore(store::Database& db) : db_(db) {}
  store::Database& db_;
};

}  // namespace berth::services::logs
