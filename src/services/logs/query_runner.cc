#include "services/logs/query_runner.h"

#include <algorithm>
#include <atomic>
#include <cstdio>

#include "core/ids.h"
#include "core/thread_name.h"
#include "services/logs/model/errors.h"
#include "services/logs/model/record_pointer.h"

namespace berth::services::logs {
namespace {

// Events fed between looks at the clock (timeout, publishing): a clock read per event would
// cost more than a cheap filter does.
constexpr uint64_t kCheckEvery = 4096;

constexpr std::string_view kStatusNames[] = {"Scheduled", "Running",   "Complete",
                                             "Failed",    "Cancelled", "Timeout"};

size_t RowsBytes(const ResultRows& rows) {
  size_t bytes = 0;
  for (const auto& row : rows) {
    bytes += sizeof(row) + row.capacity() * sizeof(insights::ResultField);
    for (const insights::ResultField& f : row) bytes += f.field.capacity() + f.value.capacity();
  }
  return bytes;
}

bool IsFinished(QueryStatus status) {
  return status != QueryStatus::kScheduled && status != QueryStatus::kRunning;
}

}  // namespace

std::string_view QueryStatusName(QueryStatus status) {
  return kStatusNames[static_cast<size_t>(status)];
}

std::optional<QueryStatus> ParseQueryStatus(std::string_view name) {
  for (size_t i = 0; i < std::size(kStatusNames); ++i) {
    if (kStatusNames[i] == name) return static_cast<QueryStatus>(i);
  }
  return std::nullopt;
}

struct QueryRunner::Query {
  Query(std::string id, uint64_t sequence, QueryRequest request, TimePoint created)
      : id(std::move(id)),
        sequence(sequence),
        request(std::move(request)),
        created(created),
        rows(std::make_shared<const ResultRows>()) {}

  const std::string id;
  const uint64_t sequence;
  const QueryRequest request;
  const TimePoint created;
  std::atomic<bool> stop{false};  // StopQuery or shutdown: the worker lets go

  // GUARDED_BY(QueryRunner::mu_)
  QueryStatus status = QueryStatus::kScheduled;
  std::optional<TimePoint> started;
  std::optional<TimePoint> finished;
  std::shared_ptr<const ResultRows> rows;
  insights::QueryStatistics statistics;
  size_t bytes = 0;  // of rows, once finished
};

QueryRunner::QueryRunner(LogsStore& store, const Clock& clock, Options options)
    : store_(store), clock_(clock), options_(options) {
  for (size_t i = 0; i < options_.workers; ++i) workers_.emplace_back([this] {
      NameThisThread("logs-query");
      Work();
    });
}

QueryRunner::~QueryRunner() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    for (auto& [id, query] : queries_) query->stop = true;
  }
  changed_.notify_all();
  for (std::thread& worker : workers_) worker.join();
}

Result<std::string> QueryRunner::Start(QueryRequest request) {
  const TimePoint now = clock_.Now();
  std::lock_guard lock(mu_);
  Prune(now);
  size_t& active = active_per_account_[request.account_id];
  if (active >= options_.max_active_per_account || active_ >= options_.max_active) {
    if (active == 0) active_per_account_.erase(request.account_id);
    return errors::QueryConcurrencyLimit(options_.max_active_per_account);
  }
  ++active;
  ++active_;
  auto query = std::make_shared<Query>(ids::NewUuid(), next_sequence_++, std::move(request), now);
  queries_.emplace(query->id, query);
  scheduled_.push_back(query);
  changed_.notify_all();
  return query->id;
}

std::shared_ptr<QueryRunner::Query> QueryRunner::Find(std::string_view account,
                                                      std::string_view id) const {
  auto it = queries_.find(std::string(id));
  if (it == queries_.end() || it->second->request.account_id != account) return nullptr;
  const Query& q = *it->second;
  // Past its time but not yet pruned: as good as gone.
  if (q.finished && *q.finished + options_.keep_finished <= clock_.Now()) return nullptr;
  return it->second;
}

Result<QueryResults> QueryRunner::Results(std::string_view account, std::string_view id) const {
  std::lock_guard lock(mu_);
  std::shared_ptr<Query> q = Find(account, id);
  if (!q) return errors::QueryNotFound();
  return QueryResults{q->status, q->rows, q->statistics, q->request.log_groups};
}

Result<bool> QueryRunner::Stop(std::string_view account, std::string_view id) {
  std::unique_lock lock(mu_);
  std::shared_ptr<Query> q = Find(account, id);
  if (!q) return errors::QueryNotFound();
  if (q->status == QueryStatus::kScheduled) {
    // Its worker, if one picks it up, finds it finished and skips it.
    Finish(q, QueryStatus::kCancelled, q->rows, q->statistics);
    return true;
  }
  if (q->status != QueryStatus::kRunning) return errors::QueryNotRunning(id);
  q->stop = true;
  // The worker looks at `stop` after every event: it lets go at once unless a block read
  // holds it up.
  changed_.wait_for(lock, std::chrono::seconds(2),
                    [&] { return q->status != QueryStatus::kRunning; });
  return true;
}

std::vector<QuerySummary> QueryRunner::List(std::string_view account,
                                            const QueryListing& listing) const {
  std::vector<QuerySummary> out;
  std::lock_guard lock(mu_);
  for (const auto& [id, query] : queries_) {
    const Query& q = *query;
    if (q.request.account_id != account) continue;
    if (listing.status && q.status != *listing.status) continue;
    if (listing.before_sequence && q.sequence >= *listing.before_sequence) continue;
    if (listing.log_group &&
        std::find(q.request.log_groups.begin(), q.request.log_groups.end(),
                  *listing.log_group) == q.request.log_groups.end()) {
      continue;
    }
    if (!Find(account, id)) continue;  // expired
    QuerySummary s;
    s.id = q.id;
    s.sequence = q.sequence;
    s.query_string = q.request.query->text();
    s.status = q.status;
    s.created = q.created;
    s.log_group_name = q.request.log_groups.front();
    if (q.started && q.finished) {
      s.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(*q.finished -
                                                                            *q.started)
                          .count();
    }
    s.bytes_scanned = q.statistics.bytes_scanned;
    s.user_arn = q.request.user_arn;
    out.push_back(std::move(s));
  }
  std::sort(out.begin(), out.end(), [](const QuerySummary& a, const QuerySummary& b) {
    return a.sequence > b.sequence;
  });
  if (out.size() > listing.limit) out.resize(listing.limit);
  return out;
}

bool QueryRunner::WaitFinished(std::string_view id, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mu_);
  return changed_.wait_for(lock, timeout, [&] {
    auto it = queries_.find(std::string(id));
    return it == queries_.end() || IsFinished(it->second->status);
  }) && queries_.count(std::string(id)) > 0;
}

void QueryRunner::Work() {
  for (;;) {
    std::shared_ptr<Query> query;
    {
      std::unique_lock lock(mu_);
      changed_.wait(lock, [this] { return stopping_ || !scheduled_.empty(); });
      if (stopping_) return;
      query = std::move(scheduled_.front());
      scheduled_.pop_front();
      if (query->status != QueryStatus::kScheduled) continue;  // stopped while it waited
      query->status = QueryStatus::kRunning;
      query->started = clock_.Now();
    }
    Execute(query);
    std::lock_guard lock(mu_);
    Prune(clock_.Now());
  }
}

void QueryRunner::Execute(const std::shared_ptr<Query>& query) {
  Query& q = *query;
  const QueryRequest& r = q.request;
  insights::RunOptions run_options;
  run_options.max_rows = r.limit;
  run_options.max_retained_bytes = options_.run_memory_bytes;
  insights::QueryRun run(r.query, run_options);
  std::vector<std::string> shown_groups;  // @log reads "account-id:log-group-name"
  shown_groups.reserve(r.log_groups.size());
  for (const std::string& group : r.log_groups) shown_groups.push_back(r.account_id + ":" + group);

  const TimePoint started = clock_.Now();
  const TimePoint deadline = started + options_.timeout;
  TimePoint published = started;
  QueryStatus outcome = QueryStatus::kComplete;
  uint64_t fed = 0;
  char pointer[kRecordPointerLength];
  // Newest first: the rows a plain `limit` keeps are the latest events, as on AWS.
  Status scanned = store_.ScanEvents(
      r.account_id, r.log_groups, r.start, r.end, Direction::kBackward,
      [&](const StoredEvent& e) {
        FormatRecordPointer(RecordPointer{e.group_id, e.key}, pointer);
        run.Add(insights::LogRecord{e.timestamp_ms, e.ingestion_time_ms, e.message,
                                    e.stream_name, shown_groups[e.group_index],
                                    std::string_view(pointer, sizeof pointer)});
        if (run.Saturated()) return false;
        if (q.stop.load(std::memory_order_relaxed)) {
          outcome = QueryStatus::kCancelled;
          return false;
        }
        if (++fed % kCheckEvery != 0) return true;
        const TimePoint now = clock_.Now();
        if (now >= deadline) {
          outcome = QueryStatus::kTimeout;
          return false;
        }
        std::shared_ptr<const ResultRows> rows;
        if (now - published >= options_.publish_interval) {
          published = now;
          rows = std::make_shared<const ResultRows>(run.Results());
        }
        std::lock_guard lock(mu_);
        q.statistics = run.Statistics();
        if (rows) q.rows = std::move(rows);
        return true;
      });
  if (!scanned.ok()) {
    // A group deleted since StartQuery, or the database failing.
    std::fprintf(stderr, "berth: Logs Insights query %s failed: %s\n", q.id.c_str(),
                 scanned.error().message.c_str());
    outcome = QueryStatus::kFailed;
  } else if (run.Failure()) {
    outcome = QueryStatus::kFailed;
  }
  auto rows = outcome == QueryStatus::kFailed ? std::make_shared<const ResultRows>()
                                              : std::make_shared<const ResultRows>(run.Results());
  const insights::QueryStatistics statistics = run.Statistics();
  std::lock_guard lock(mu_);
  Finish(query, outcome, std::move(rows), statistics);
}

void QueryRunner::Finish(const std::shared_ptr<Query>& q, QueryStatus status,
                         std::shared_ptr<const ResultRows> rows,
                         const insights::QueryStatistics& statistics) {
  q->status = status;
  q->rows = std::move(rows);
  q->statistics = statistics;
  q->finished = clock_.Now();
  q->bytes = RowsBytes(*q->rows);
  finished_bytes_ += q->bytes;
  finished_.push_back(q);
  auto active = active_per_account_.find(q->request.account_id);
  if (active != active_per_account_.end() && --active->second == 0) {
    active_per_account_.erase(active);
  }
  --active_;
  changed_.notify_all();
}

void QueryRunner::Prune(TimePoint now) {
  while (!finished_.empty()) {
    const Query& oldest = *finished_.front();
    const bool expired = *oldest.finished + options_.keep_finished <= now;
    const bool over = finished_.size() > options_.max_finished ||
                      (finished_bytes_ > options_.max_finished_bytes && finished_.size() > 1);
    if (!expired && !over) return;
    finished_bytes_ -= oldest.bytes;
    queries_.erase(oldest.id);
    finished_.pop_front();
  }
}

}  // namespace berth::services::logs
