#include "services/logs/export/export_tasks.h"

#include <cstdio>

#include "core/gzip.h"
#include "core/thread_name.h"

namespace berth::services::logs {
namespace {

constexpr size_t kStreamPage = 50;

}  // namespace

Result<std::unique_ptr<ExportTasks>> ExportTasks::Open(store::Database& db, LogsService& logs,
                                                       ExportBuckets& buckets,
                                                       const Clock& clock, Options options) {
  BERTH_ASSIGN_OR_RETURN(auto store, ExportTaskStore::Open(db, clock.Now(), options.recover_interrupted));
  std::unique_ptr<ExportTasks> tasks(
      new ExportTasks(std::move(store), logs, buckets, clock, options));
  if (options.poll_interval.count() > 0) {
    ExportTasks* self = tasks.get();
    tasks->worker_ = std::thread([self] {
      NameThisThread("logs-export");
      self->RunWorker();
    });
  }
  return tasks;
}

ExportTasks::~ExportTasks() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void ExportTasks::Wake() {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  wake_.notify_all();
}

void ExportTasks::RunWorker() {
  std::unique_lock lock(mu_);
  for (;;) {
    // A pending task waits out the start delay, so wake no later than that after a creation.
    const auto wait = woken_ && options_.start_delay.count() > 0
                          ? std::min(options_.start_delay, options_.poll_interval)
                          : options_.poll_interval;
    woken_ = false;
    wake_.wait_for(lock, wait, [this] { return stopping_ || woken_; });
    if (stopping_) return;
    lock.unlock();
    auto ran = RunDue();
    if (!ran.ok()) {
      std::fprintf(stderr, "berth: running log export tasks failed: %s\n",
                   ran.error().message.c_str());
    }
    lock.lock();
    if (stopping_) return;
  }
}

Result<int> ExportTasks::RunDue() {
  int ran = 0;
  for (;;) {
    {
      std::lock_guard lock(mu_);
      if (stopping_) return ran;
    }
    BERTH_ASSIGN_OR_RETURN(auto task, store_->StartNext(clock_.Now() - options_.start_delay));
    if (!task) return ran;
    ++ran;
    bool cancelled = false;
    Status exported = Export(*task, cancelled);
    {
      // Stopping mid-task leaves it RUNNING: the next start runs it again from the beginning.
      std::lock_guard lock(mu_);
      if (stopping_) return ran;
    }
    if (!exported.ok()) {
      BERTH_RETURN_IF_ERROR(store_->Finish(task->account_id, task->task_id, ExportStatus::kFailed,
                                           exported.error().message, clock_.Now()));
    } else {
      // A cancel leaves the task PENDING_CANCEL, which Finish turns CANCELLED.
      BERTH_RETURN_IF_ERROR(store_->Finish(task->account_id, task->task_id,
                                           ExportStatus::kCompleted, "Completed successfully",
                                           clock_.Now()));
    }
  }
}

bool ExportTasks::CancelAsked(const ExportTask& task) {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return true;  // RUNNING again at the next start
  }
  auto status = store_->StatusOf(task.account_id, task.task_id);
  return status.ok() && *status != ExportStatus::kRunning;
}

Status ExportTasks::Export(const ExportTask& task, bool& cancelled) {
  BERTH_ASSIGN_OR_RETURN(LogGroup group, logs_.RequireGroup(task.account_id, task.group_name));
  StreamListing listing;
  listing.order = StreamOrder::kName;
  listing.prefix = task.stream_prefix;
  listing.limit = kStreamPage;
  for (;;) {
    BERTH_ASSIGN_OR_RETURN(auto streams, logs_.store().ListStreams(group.id, listing));
    for (const LogStream& stream : streams) {
      // Streams with no event in the range write nothing.
      if (!stream.first_event_ms || *stream.first_event_ms > task.to_ms ||
          *stream.last_event_ms < task.from_ms) {
        continue;
      }
      BERTH_RETURN_IF_ERROR(ExportStream(task, group.id, stream, cancelled));
      if (cancelled) return Ok();
    }
    if (streams.size() < kStreamPage) return Ok();
    listing.after = StreamCursor{0, streams.back().name};
  }
}

Status ExportTasks::ExportStream(const ExportTask& task, int64_t group_id,
                                 const LogStream& stream, bool& cancelled) {
  EventSelection selection;
  selection.group_id = group_id;
  selection.stream_ids = {stream.id};
  selection.start_ms = task.from_ms;
  selection.end_ms = task.to_ms + 1;  // `to` is inclusive
  for (int part = 0;; ++part) {
    if (CancelAsked(task)) {
      cancelled = true;
      return Ok();
    }
    selection.now = clock_.Now();
    std::string lines;
    bool full = false;
    // The read stops at a full object and the write happens after it: a scan must not call
    // into the store, and the next part goes on from the last event written.
    BERTH_RETURN_IF_ERROR(logs_.store().ReadEvents(
        selection, Direction::kForward, [&](const EventView& e) {
          AppendExportLine(lines, e.key.timestamp_ms, e.message);
          selection.after = e.key;
          full = lines.size() >= options_.max_object_bytes;
          return !full;
        }));
    if (lines.empty()) return Ok();
    BERTH_ASSIGN_OR_RETURN(std::string gz, gzip::Compress(lines));
    BERTH_RETURN_IF_ERROR(buckets_.PutObject(task.destination,
                                             ExportObjectKey(task, stream.name, part), gz,
                                             "application/octet-stream"));
    if (!full) return Ok();
  }
}

}  // namespace berth::services::logs
