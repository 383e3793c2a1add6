#include "services/logs/logs_service.h"

#include <cstdio>

#include "core/thread_name.h"
#include "services/logs/model/errors.h"
#include "services/logs/store/sqlite_logs_store.h"

namespace berth::services::logs {
namespace {

// Blocks one sweep transaction deletes at most, so ingestion never waits long on it.
constexpr size_t kSweepBlocksPerWrite = 512;

}  // namespace

Result<std::unique_ptr<LogsService>> LogsService::Open(store::Database& db, const Clock& clock,
                                                       Options options) {
  BERTH_ASSIGN_OR_RETURN(auto store, SqliteLogsStore::Open(db, clock));
  std::unique_ptr<LogsService> service(new LogsService(std::move(store), clock, options.queries));
  BERTH_ASSIGN_OR_RETURN(std::vector<MetricFilter> filters, service->store().AllMetricFilters());
  for (MetricFilter& f : filters) {
    // Stored patterns compiled when they were put; one that no longer compiles (a stricter
    // parser) is skipped rather than keeping the service from starting.
    auto compiled = CompiledMetricFilter::Compile(std::move(f));
    if (compiled.ok()) service->metric_filters_.Put(std::move(*compiled));
  }
  if (options.retention_sweep_interval.count() > 0) {
    LogsService* self = service.get();
    service->sweeper_ =
        std::thread([self, interval = options.retention_sweep_interval] {
          NameThisThread("logs-retention");
          self->RunSweeper(interval);
        });
  }
  return service;
}

LogsService::~LogsService() {
  queries_.reset();  // before the store its workers read
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (sweeper_.joinable()) sweeper_.join();
}

void LogsService::RunSweeper(std::chrono::milliseconds interval) {
  std::unique_lock lock(mu_);
  for (;;) {
    // First wait, then sweep: a short-lived process (berth user create) never sweeps.
    if (wake_.wait_for(lock, interval, [this] { return stopping_; })) return;
    lock.unlock();
    auto swept = SweepExpiredEvents(clock_.Now());
    if (!swept.ok()) {
      std::fprintf(stderr, "berth: deleting expired log events failed: %s\n",
                   swept.error().message.c_str());
    }
    lock.lock();
  }
}

Result<RetentionSweep> LogsService::SweepExpiredEvents(TimePoint now) {
  RetentionSweep total;
  for (;;) {
    BERTH_ASSIGN_OR_RETURN(RetentionSweep round,
                           store_->DeleteExpiredEvents(now, kSweepBlocksPerWrite));
    total.blocks_deleted += round.blocks_deleted;
    total.blocks_rewritten += round.blocks_rewritten;
    total.bytes_freed += round.bytes_freed;
    if (round.blocks_deleted + round.blocks_rewritten == 0) return total;
    std::lock_guard lock(mu_);
    if (stopping_) return total;
  }
}

Result<LogGroup> LogsService::RequireGroup(std::string_view account_id,
                                           std::string_view group_name, bool with_tags) {
  BERTH_ASSIGN_OR_RETURN(auto group, store_->GetGroup(account_id, group_name, with_tags));
  if (!group) return errors::LogGroupNotFound();
  return std::move(*group);
}

Result<bool> LogsService::LogGroupExists(std::string_view account_id,
                                         std::string_view group_name) {
  BERTH_ASSIGN_OR_RETURN(auto group, store_->GetGroup(account_id, group_name, false));
  return group.has_value();
}

Result<BatchVerdict> LogsService::PutEvents(std::string_view account_id,
                                            std::string_view group_name,
                                            std::string_view stream_name,
                                            std::span<const EventInput> events,
                                            bool create_stream, TimePoint now) {
  BERTH_RETURN_IF_ERROR(CheckLogGroupName(group_name));
  BERTH_RETURN_IF_ERROR(CheckLogStreamName(stream_name));
  BERTH_ASSIGN_OR_RETURN(LogGroup group, RequireGroup(account_id, group_name));
  BERTH_ASSIGN_OR_RETURN(BatchVerdict verdict, CheckBatch(events, now, group.retention_days));
  if (verdict.AllRejected()) {
    // Nothing to store, but a missing stream is still an error.
    if (!create_stream) {
      BERTH_ASSIGN_OR_RETURN(auto stream, store_->GetStream(group.id, stream_name));
      if (!stream) return errors::LogStreamNotFound();
    }
    return verdict;
  }
  AppendRequest request;
  request.group_id = group.id;
  request.stream_name = stream_name;
  request.create_stream = create_stream;
  request.events = events.subspan(verdict.first_accepted,
                                  verdict.end_accepted - verdict.first_accepted);
  request.ingestion_time = now;
  BERTH_ASSIGN_OR_RETURN(AppendOutcome outcome, store_->Append(request));
  switch (outcome) {
    case AppendOutcome::kAppended:
      metric_filters_.OnEvents(account_id, group.id, group.name, request.events, now);
      if (on_append_) on_append_(group.id);
      return verdict;
    case AppendOutcome::kGroupNotFound: return errors::LogGroupNotFound();
    case AppendOutcome::kStreamNotFound: return errors::LogStreamNotFound();
  }
  return verdict;
}

Status LogsService::FlushMetrics(MetricSink& sink) {
  std::vector<FilterMetricPoint> points = metric_filters_.TakePoints(clock_.Now());
  if (points.empty()) return Ok();
  return sink.Publish(points);
}

Status LogsService::AppendEvents(std::string_view account_id, std::string_view group_name,
                                 std::string_view stream_name,
                                 std::span<const EventInput> events) {
  BERTH_ASSIGN_OR_RETURN(BatchVerdict verdict, PutEvents(account_id, group_name, stream_name,
                                                         events, true, clock_.Now()));
  (void)verdict;  // rejected events are dropped, as PutLogEvents drops them
  return Ok();
}

}  // namespace berth::services::logs
