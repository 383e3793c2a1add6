#pragma once
// LogsStore on the embedded SQLite database (component "logs").
//
//   logs_groups        (account, name) unique; retention, class, protection, stored bytes
//   logs_group_tags    (group, key) → value
//   logs_streams       (group, name) unique; first/last event, last ingestion, stored bytes
//   logs_event_blocks  one row per block of events (event_block.h), indexed for a stream's
//                      and a group's reads in either direction
//   logs_query_definitions, logs_query_definition_parameters  saved Insights queries
//   logs_metric_filters  (group, name) → pattern and its one metric transformation
//
// Appends go through the Database's group-commit Write: concurrent PutLogEvents calls share
// one transaction and one fsync.

#include <memory>

#include "core/clock.h"
#include "services/logs/store/logs_store.h"
#include "store/database.h"

namespace berth::services::logs {

class SqliteLogsStore final : public LogsStore {
 public:
  // Applies the "logs" migrations. `clock` dates ScanEvents' retention cutoffs.
  static Result<std::unique_ptr<SqliteLogsStore>> Open(store::Database& db, const Clock& clock);

  Result<bool> CreateGroup(LogGroup& group) override;
  Result<std::optional<LogGroup>> GetGroup(std::string_view account, std::string_view name,
                                           bool with_tags) override;
  Result<std::optional<LogGroup>> GetGroupById(int64_t group_id) override;
  Result<std::vector<LogGroup>> ListGroups(std::string_view account,
                                           const GroupListing& listing) override;
  Result<bool> DeleteGroup(int64_t group_id) override;
  Status SetRetention(int64_t group_id, std::optional<int> days) override;
  Status SetDeletionProtection(int64_t group_id, bool enabled) override;
  Status UpdateTags(int64_t group_id, const std::map<std::string, std::string>& add,
                    const std::vector<std::string>& remove,
                    std::optional<Error> too_many) override;

  Result<bool> CreateStream(LogStream& stream) override;
  Result<std::optional<LogStream>> GetStream(int64_t group_id, std::string_view name) override;
  Result<std::vector<LogStream>> ListStreams(int64_t group_id,
                                             const StreamListing& listing) override;
  Result<std::vector<int64_t>> FindStreams(int64_t group_id,
                                           std::span<const std::string> names) override;
  Result<std::vector<int64_t>> FindStreamsByPrefix(int64_t group_id,
                                                   std::string_view prefix) override;
  Result<bool> DeleteStream(int64_t stream_id) override;

  Result<AppendOutcome> Append(const AppendRequest& request) override;
  Status ReadEvents(const EventSelection& selection, Direction direction,
                    const std::function<bool(const EventView&)>& visit) override;
  Status ScanEvents(std::string_view account, const std::vector<std::string>& groups,
                    TimePoint start, TimePoint end, Direction direction,
                    const std::function<bool(const StoredEvent&)>& visit) override;
  Result<RetentionSweep> DeleteExpiredEvents(TimePoint now, size_t max_blocks) override;

  Result<std::optional<std::string>> PutQueryDefinition(const QueryDefinition& definition,
                                                        bool replace,
                                                        std::string_view client_token) override;
  Result<std::vector<QueryDefinition>> ListQueryDefinitions(
      std::string_view account, std::string_view prefix,
      const std::optional<QueryDefinitionCursor>& after, size_t limit) override;
  Result<bool> DeleteQueryDefinition(std::string_view account, std::string_view id) override;

  Result<MetricFilterPut> PutMetricFilter(const MetricFilter& filter,
                                          size_t max_per_group) override;
  Result<std::vector<MetricFilter>> ListMetricFilters(const MetricFilterListing& listing) override;
  Result<bool> DeleteMetricFilter(int64_t group_id, std::string_view name) override;
  Result<std::vector<MetricFilter>> AllMetricFilters() override;

 private:
  SqliteLogsStore(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}
  store::Database& db_;
  const Clock& clock_;
};

}  // namespace berth::services::logs
