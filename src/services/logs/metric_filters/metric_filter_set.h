#pragma once
// The metric filters of every log group, compiled, and what ingestion made of them: each
// stored batch of events (PutLogEvents, CloudTrail's delivery) runs its group's filters, and
// counts AWS/Logs IncomingLogEvents and IncomingBytes {LogGroupName}. Points gather in memory
// per minute; TakePoints (the App's housekeeping, every few seconds) hands them to the
// MetricSink, adding each filter's defaultValue for a past minute in which no event matched.
// Thread-safe: matching runs outside the lock, on a snapshot of the group's filters.

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include "core/clock.h"
#include "services/logs/metric_filters/metric_extraction.h"
#include "services/logs/model/types.h"

namespace berth::services::logs {

class MetricFilterSet {
 public:
  using Filters = std::vector<std::shared_ptr<const CompiledMetricFilter>>;

  // Adds or replaces (by name) a filter of its group.
  void Put(std::shared_ptr<const CompiledMetricFilter> filter);
  void Remove(int64_t group_id, std::string_view name);
  void RemoveGroup(int64_t group_id);

  // Runs the group's filters over events just stored, and counts them.
  void OnEvents(std::string_view account_id, int64_t group_id, std::string_view group_name,
                std::span<const EventInput> events, TimePoint now);

  // What was gathered since the last call, and default values for the minute before `now`'s.
  std::vector<FilterMetricPoint> TakePoints(TimePoint now);

 private:
  // (account, namespace, metric, dimensions, unit, minute, value) → samples
  using Key = std::tuple<std::string, std::string, std::string,
                         std::vector<std::pair<std::string, std::string>>,
                         std::optional<std::string>, int64_t, double>;
  void Add(FilterMetricPoint point);  // mu_ held

  std::mutex mu_;
  std::map<int64_t, std::shared_ptr<const Filters>> by_group_;  // GUARDED_BY(mu_)
  std::map<Key, int64_t> points_;                               // GUARDED_BY(mu_)
  // (group, filter name, minute) that saw a match: those minutes publish no default.
  std::set<std::tuple<int64_t, std::string, int64_t>> matched_;  // GUARDED_BY(mu_)
  int64_t defaults_done_minute_ = 0;                             // GUARDED_BY(mu_)
};

}  // namespace berth::services::logs
