#pragma once
// The CloudWatch Logs service: what its handlers share (the store, the clock, the Logs
// Insights query runner), the ingestion path PutLogEvents and other services use, and the
// retention sweeper. Built once by the App (App::logs()); thread-safe.
//
// Other services deliver events through LogGroupExists and AppendEvents (CloudTrail's trails
// write their records into a log group this way); Logs Insights queries run on queries()'
// worker threads, reading through store().ScanEvents.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string_view>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "services/logs/metric_filters/metric_filter_set.h"
#include "services/logs/metric_filters/metric_sink.h"
#include "services/logs/model/types.h"
#include "services/logs/model/validation.h"
#include "services/logs/query_runner.h"
#include "services/logs/store/logs_store.h"
#include "store/database.h"

namespace berth::services::logs {

class LogsService {
 public:
  struct Options {
    // How often expired events are deleted in the background; zero runs no sweeper thread
    // (tests call SweepExpiredEvents themselves). Reads never return expired events either way.
    std::chrono::milliseconds retention_sweep_interval = std::chrono::minutes(10);
    QueryRunner::Options queries;
  };

  static Result<std::unique_ptr<LogsService>> Open(store::Database& db, const Clock& clock,
                                                   Options options);
  ~LogsService();  // stops running queries and the sweeper, joining their threads
  LogsService(const LogsService&) = delete;
  LogsService& operator=(const LogsService&) = delete;

  LogsStore& store() { return *store_; }
  QueryRunner& queries() { return *queries_; }
  const Clock& clock() const { return clock_; }
  // Every group's metric filters, compiled (loaded from the store at Open; handlers keep it
  // in step with the store).
  MetricFilterSet& metric_filters() { return metric_filters_; }

  // Hands the metric filters' points and AWS/Logs counts gathered so far to `sink` (the App's
  // housekeeping calls this every few seconds).
  Status FlushMetrics(MetricSink& sink);

  // True when the account has this log group.
  Result<bool> LogGroupExists(std::string_view account_id, std::string_view group_name);
  // Appends events (timestamp ms, message) to group/stream, creating the stream if missing, with
  // PutLogEvents' validation and limits (splitting into several batches is the caller's job);
  // durable when it returns.
  //
  // Errors are PutLogEvents': ResourceNotFoundException for a missing group,
  // InvalidParameterException for a batch over the limits, out of time order or spanning more
  // than 24 hours. Events PutLogEvents would reject (older than 14 days or the group's
  // retention, more than 2 hours ahead) are dropped, as PutLogEvents drops them.
  Status AppendEvents(std::string_view account_id, std::string_view group_name,
                      std::string_view stream_name, std::span<const EventInput> events);

  // What PutLogEvents and AppendEvents share: checks the batch against the group (CheckBatch),
  // stores the accepted events and returns what was rejected. ResourceNotFoundException for a
  // missing group, or a missing stream unless create_stream.
  Result<BatchVerdict> PutEvents(std::string_view account_id, std::string_view group_name,
                                 std::string_view stream_name,
                                 std::span<const EventInput> events, bool create_stream,
                                 TimePoint now);

  // The account's log group; ResourceNotFoundException when it has none of that name.
  Result<LogGroup> RequireGroup(std::string_view account_id, std::string_view group_name,
                                bool with_tags = false);

  // Calls `hook` with the group's id after events are stored in it, on the storing thread:
  // subscription delivery wakes on it. It must be cheap and must not call the service. Set
  // once, before the service is shared between threads.
  void OnAppend(std::function<void(int64_t group_id)> hook) { on_append_ = std::move(hook); }

  // Deletes every expired event as of `now` (what the sweeper runs).
  Result<RetentionSweep> SweepExpiredEvents(TimePoint now);

 private:
  LogsService(std::unique_ptr<LogsStore> store, const Clock& clock,
              const QueryRunner::Options& queries)
      : store_(std::move(store)),
        clock_(clock),
        queries_(std::make_unique<QueryRunner>(*store_, clock, queries)) {}
  void RunSweeper(std::chrono::milliseconds interval);

  std::unique_ptr<LogsStore> store_;
  const Clock& clock_;
  std::unique_ptr<QueryRunner> queries_;
  MetricFilterSet metric_filters_;
  std::function<void(int64_t)> on_append_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;  // GUARDED_BY(mu_)
  std::thread sweeper_;
};

}  // namespace berth::services::logs
