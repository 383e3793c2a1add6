#pragma once
// CloudWatch Logs Insights queries, as an engine the logs service drives (StartQuery,
// GetQueryResults). A query compiles once — lexer → parser → planner, any syntax or meaning
// error is MalformedQueryException (400) with its line and position — into an immutable
// CompiledQuery that any number of runs, on any threads, may share. A QueryRun is one
// execution: feed it the log events of the queried groups and time range, one at a time, in
// any order, and read its results at any point (partial results while Running).
//
// Memory: a run keeps only what its first row-holding command needs — the first n rows of a
// plain `limit n` (then it is Saturated), a heap of n rows for `sort … | limit n`, a row per
// value for dedup, a group per value set for stats — never the events themselves. Past
// RunOptions::max_retained_bytes it stops and reports Failure() (the query's status is then
// Failed) rather than grow.
//
// Results follow AWS: rows without stats or sort come most recent first (the first rows a
// plain `limit` or the 10,000-row default keeps are the first ones fed, so feed newest first
// to match AWS's "latest events" exactly); stats rows are ordered by their `by` values unless
// sorted; every event row carries @ptr when the record has one. Timestamps read
// "yyyy-MM-dd HH:mm:ss.SSS" (UTC); numbers have no trailing zeros; absent fields are left out
// of a row.
//
// Thread safety: CompiledQuery is immutable and safe to share; a QueryRun is not thread-safe.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "services/logs/insights/errors.h"
#include "services/logs/insights/run_options.h"

namespace berth::services::logs::insights {

// One event, as the store yields it. Views must stay valid only during Add().
struct LogRecord {
  int64_t timestamp_ms = 0;
  int64_t ingestion_ms = 0;
  std::string_view message;
  std::string_view log_stream;
  std::string_view log_group;  // shown as @log; AWS shows "account-id:log-group-name"
  std::string_view ptr = {};   // opaque handle for GetLogRecord, shown as @ptr; empty: none
};

struct Plan;
class CompiledQuery;

// Compiles `query_text`. On failure the error is MalformedQueryException whose message ends
// "at line L and position P"; when `location` is given it receives where, for the error's
// queryCompileError.
Result<std::shared_ptr<const CompiledQuery>> Compile(std::string_view query_text,
                                                     CompileErrorLocation* location = nullptr);

class CompiledQuery {
 public:
  ~CompiledQuery();
  const std::string& text() const { return text_; }
  // The columns results show, in order (with @ptr last for event rows).
  std::vector<std::string> ResultColumns() const;
  // True when the query aggregates (stats): its rows are groups, not events.
  bool aggregates() const;

 private:
  friend Result<std::shared_ptr<const CompiledQuery>> Compile(std::string_view,
                                                              CompileErrorLocation*);
  friend class QueryRun;
  CompiledQuery(std::string text, std::unique_ptr<const Plan> plan);

  std::string text_;
  std::unique_ptr<const Plan> plan_;
};

struct ResultField {
  std::string field;
  std::string value;
  bool operator==(const ResultField&) const = default;
};

struct QueryStatistics {
  double records_matched = 0, records_scanned = 0, bytes_scanned = 0;
};

class Executor;

class QueryRun {
 public:
  explicit QueryRun(std::shared_ptr<const CompiledQuery> query);
  QueryRun(std::shared_ptr<const CompiledQuery> query, RunOptions options);
  ~QueryRun();
  QueryRun(const QueryRun&) = delete;
  QueryRun& operator=(const QueryRun&) = delete;

  // Feeds one event. Cheap when it does not match: fields are read (and JSON parsed) only
  // when the query asks for them.
  void Add(const LogRecord& record);
  // True when more records cannot change the result (a plain `limit` is full, or the run
  // failed): the caller may stop scanning.
  bool Saturated() const;
  // The rows as GetQueryResults returns them.
  std::vector<std::vector<ResultField>> Results() const;
  QueryStatistics Statistics() const;
  // Set when the run had to stop (LimitExceededException: too much to hold).
  const std::optional<Error>& Failure() const;

  // What the run holds now: rows (or stats groups) and their approximate heap bytes.
  size_t RetainedRows() const;
  size_t RetainedBytes() const;

 private:
  std::shared_ptr<const CompiledQuery> query_;
  std::unique_ptr<Executor> executor_;
};

}  // namespace berth::services::logs::insights
