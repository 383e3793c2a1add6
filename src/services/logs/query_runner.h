#pragma once
// Logs Insights queries as the logs service runs them (StartQuery, GetQueryResults, StopQuery,
// DescribeQueries). Start hands a compiled query to a small pool of worker threads; a worker
// scans the queried groups newest first (LogsStore::ScanEvents: one read snapshot, memory
// bounded by the blocks at the current time) into the query's insights::QueryRun, and stops
// early when the run is saturated (a plain `limit` is full), when StopQuery or shutdown asks,
// or at the query's timeout. The run is the worker's alone: readers see what the worker
// publishes — statistics every few thousand events, partial rows about once a second while
// Running (by the Clock), everything when it finishes.
//
// Finished queries keep their results in memory (AWS keeps them 7 days; here
// Options::keep_finished, an hour by default), at most Options::max_finished of them and
// Options::max_finished_bytes of rows: the oldest go first. Nothing survives a restart.
//
// Thread safety: every method is thread-safe. The destructor cancels what is scheduled or
// running and joins the workers.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "services/logs/insights/query.h"
#include "services/logs/store/logs_store.h"

namespace berth::services::logs {

enum class QueryStatus { kScheduled, kRunning, kComplete, kFailed, kCancelled, kTimeout };

// AWS's names: "Scheduled", "Running", "Complete", "Failed", "Cancelled", "Timeout".
std::string_view QueryStatusName(QueryStatus status);
std::optional<QueryStatus> ParseQueryStatus(std::string_view name);

struct QueryRequest {
  std::string account_id;
  std::string user_arn;                 // who started it (DescribeQueries' userIdentity)
  std::vector<std::string> log_groups;  // names in the account, at least one
  TimePoint start;                      // inclusive
  TimePoint end;                        // exclusive
  std::shared_ptr<const insights::CompiledQuery> query;
  size_t limit = 10'000;  // result rows at most
};

using ResultRows = std::vector<std::vector<insights::ResultField>>;

// What GetQueryResults shows.
struct QueryResults {
  QueryStatus status = QueryStatus::kScheduled;
  std::shared_ptr<const ResultRows> rows;  // never null
  insights::QueryStatistics statistics;
  size_t log_groups_scanned = 0;
};

// What DescribeQueries shows of one query.
struct QuerySummary {
  std::string id;
  uint64_t sequence = 0;  // start order, for paging
  std::string query_string;
  QueryStatus status = QueryStatus::kScheduled;
  TimePoint created;
  std::string log_group_name;  // the first queried
  std::optional<int64_t> duration_ms;  // once it ran
  double bytes_scanned = 0;
  std::string user_arn;
};

struct QueryListing {
  std::optional<std::string> log_group;  // only queries of this group
  std::optional<QueryStatus> status;
  std::optional<uint64_t> before_sequence;  // only queries started before this one
  size_t limit = 1000;
};

class QueryRunner {
 public:
  struct Options {
    size_t workers = 2;  // zero: queries stay Scheduled (tests)
    // Scheduled or running queries an account may have: AWS's quota.
    size_t max_active_per_account = 30;
    // All accounts together.
    size_t max_active = 1000;
    std::chrono::milliseconds timeout = std::chrono::minutes(60);
    std::chrono::milliseconds keep_finished = std::chrono::hours(1);
    size_t max_finished = 1000;
    size_t max_finished_bytes = size_t{256} << 20;
    // What one run may hold (rows, stats groups) before it fails instead of growing.
    size_t run_memory_bytes = size_t{256} << 20;
    // How often a running query's partial rows are published.
    std::chrono::milliseconds publish_interval = std::chrono::seconds(1);
  };

  QueryRunner(LogsStore& store, const Clock& clock, Options options);
  ~QueryRunner();
  QueryRunner(const QueryRunner&) = delete;
  QueryRunner& operator=(const QueryRunner&) = delete;

  // Schedules the query and returns its id (a UUID). LimitExceededException when the
  // account already has max_active_per_account queries scheduled or running (or the server
  // max_active).
  Result<std::string> Start(QueryRequest request);
  // The query's status, rows and statistics so far. ResourceNotFoundException when the
  // account has no such query (or it was forgotten).
  Result<QueryResults> Results(std::string_view account, std::string_view id) const;
  // Cancels a scheduled or running query and waits (briefly) for its worker to let go; true
  // when it was cancelled. InvalidParameterException when it had already finished,
  // ResourceNotFoundException when there is no such query.
  Result<bool> Stop(std::string_view account, std::string_view id);
  // The account's queries, most recently started first.
  std::vector<QuerySummary> List(std::string_view account, const QueryListing& listing) const;
  // Waits until the query has finished (any final status); false on timeout or when there
  // is no such query. For tests and tools.
  bool WaitFinished(std::string_view id, std::chrono::milliseconds timeout) const;

 private:
  struct Query;

  void Work();
  void Execute(const std::shared_ptr<Query>& query);
  // Marks the query finished with `status`; mu_ held.
  void Finish(const std::shared_ptr<Query>& query, QueryStatus status,
              std::shared_ptr<const ResultRows> rows,
              const insights::QueryStatistics& statistics);
  // Forgets finished queries past their time or over the bounds; mu_ held.
  void Prune(TimePoint now);
  std::shared_ptr<Query> Find(std::string_view account, std::string_view id) const;

  LogsStore& store_;
  const Clock& clock_;
  const Options options_;

  mutable std::mutex mu_;
  mutable std::condition_variable changed_;  // work queued, a query finished, stopping
  bool stopping_ = false;                                          // GUARDED_BY(mu_)
  uint64_t next_sequence_ = 1;                                     // GUARDED_BY(mu_)
  std::unordered_map<std::string, std::shared_ptr<Query>> queries_;  // GUARDED_BY(mu_)
  std::deque<std::shared_ptr<Query>> scheduled_;                   // GUARDED_BY(mu_)
  std::deque<std::shared_ptr<Query>> finished_;  // in finishing order; GUARDED_BY(mu_)
  std::unordered_map<std::string, size_t> active_per_account_;    // GUARDED_BY(mu_)
  size_t active_ = 0;                                              // GUARDED_BY(mu_)
  size_t finished_bytes_ = 0;                                      // GUARDED_BY(mu_)
  std::vector<std::thread> workers_;
};

}  // namespace berth::services::logs
