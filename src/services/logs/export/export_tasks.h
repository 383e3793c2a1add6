#pragma once
// Export tasks as a whole: the task store and the background worker that runs them. A task
// CreateExportTask accepted waits PENDING; the worker (thread "logs-export") takes the oldest,
// marks it RUNNING, writes each matching stream's events to the bucket in gzip objects
// (<prefix>/<taskId>/<stream>/000000.gz, 000001.gz, … one line per event) and marks it
// COMPLETED, or FAILED with the reason; a cancel asked meanwhile stops it between objects.
// Owned by the App; thread-safe.

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "core/clock.h"
#include "core/result.h"
#include "services/logs/export/export_buckets.h"
#include "services/logs/export/export_store.h"
#include "services/logs/logs_service.h"
#include "store/database.h"

namespace berth::services::logs {

class ExportTasks {
 public:
  struct Options {
    // How long a task stays PENDING before the worker takes it (AWS takes seconds to start;
    // a delay lets a test or a user cancel a pending task).
    std::chrono::milliseconds start_delay{0};
    // How often the worker looks for due tasks when nothing wakes it; zero runs no worker
    // (tests call RunDue).
    std::chrono::milliseconds poll_interval{1000};
    // Whether tasks a stopped berth left RUNNING go back to PENDING at Open: only in the
    // process that runs them (a CLI command opening the same data dir beside a server must
    // not take a running task from it).
    bool recover_interrupted = true;
    // Event bytes per object before the next part begins.
    size_t max_object_bytes = 64 << 20;
  };

  static Result<std::unique_ptr<ExportTasks>> Open(store::Database& db, LogsService& logs,
                                                   ExportBuckets& buckets, const Clock& clock,
                                                   Options options);
  ~ExportTasks();  // stops the worker between objects and joins it
  ExportTasks(const ExportTasks&) = delete;
  ExportTasks& operator=(const ExportTasks&) = delete;

  ExportTaskStore& store() { return *store_; }
  LogsService& logs() { return logs_; }
  ExportBuckets& buckets() { return buckets_; }
  const Options& options() const { return options_; }

  // A task was created: the worker looks now.
  void Wake();
  // Runs every task due now, oldest first (what the worker does); the number run.
  Result<int> RunDue();

 private:
  ExportTasks(std::unique_ptr<ExportTaskStore> store, LogsService& logs, ExportBuckets& buckets,
              const Clock& clock, Options options)
      : store_(std::move(store)), logs_(logs), buckets_(buckets), clock_(clock),
        options_(options) {}
  void RunWorker();
  // Writes the task's objects; Ok with `cancelled` set when a cancel stopped it.
  Status Export(const ExportTask& task, bool& cancelled);
  Status ExportStream(const ExportTask& task, int64_t group_id, const LogStream& stream,
                      bool& cancelled);
  bool CancelAsked(const ExportTask& task);

  std::unique_ptr<ExportTaskStore> store_;
  LogsService& logs_;
  ExportBuckets& buckets_;
  const Clock& clock_;
  const Options options_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool woken_ = false;     // GUARDED_BY(mu_)
  bool stopping_ = false;  // GUARDED_BY(mu_)
  std::thread worker_;
};

}  // namespace berth::services::logs
