#pragma once
// The alarms of every account and region: their definitions and states in memory (loaded from
// the AlarmStore at start, every change written there first), the timer of their next
// evaluations, and the transitions — durable state, StateUpdate history and the pending
// actions of the new state in one commit, then the actions run from the store through
// AlarmActions, then the composite alarms that name the alarm (re-evaluated again at start
// when a crash came before them: Load).
//
// Actions are at-least-once: a pending action is deleted in the same commit as the Action
// history item recording its outcome, so a crash before that commit runs it again at the
// next start (a duplicate notification is possible, a lost one is not — as with SNS itself).
// An action that fails is recorded as failed and not retried (AWS does not retry either).
//
// Threads: request handlers call the operations (Put, Delete, SetState, …); the scheduler's
// one thread calls RunDue. Both are safe together: the mutex guards only memory and is never
// held across a metric read, a database write or an action. Actions and composite
// re-evaluation always run on the scheduler's thread (handlers queue them and Wake it), so no
// request waits on them.

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "services/monitoring/alarms/alarm.h"
#include "services/monitoring/alarms/alarm_actions.h"
#include "services/monitoring/alarms/alarm_rule.h"
#include "services/monitoring/alarms/alarm_store.h"
#include "services/monitoring/store/metric_store.h"
#include "store/database.h"

namespace berth::services::monitoring::alarms {

inline constexpr int64_t kHistoryRetentionMs = 14LL * 24 * 3600 * 1000;

struct AlarmKey {
  std::string account_id, region, name;
  auto operator<=>(const AlarmKey&) const = default;
};

class AlarmEngine {
 public:
  static Result<std::unique_ptr<AlarmEngine>> Open(store::Database& db, const MetricStore& metrics,
                                                   const Clock& clock);

  // Where actions go (the App's SNS-backed implementation); nullptr records every action as
  // failed. Set before the scheduler starts.
  void SetActions(AlarmActions* actions) { actions_ = actions; }
  // Whether a CloudWatch resource other than an alarm exists (dashboards), for the tag
  // operations; without it only alarms can be tagged.
  void SetResourceExists(std::function<bool(const std::string& arn)> exists) {
    resource_exists_ = std::move(exists);
  }

  // Creates or replaces an alarm (PutMetricAlarm, PutCompositeAlarm). A new alarm starts in
  // INSUFFICIENT_DATA; a replaced one keeps its state. Composite rules must name existing
  // alarms and may not close a cycle (InvalidParameterValue).
  Status Put(AlarmDefinition definition, const std::optional<Tags>& tags, TimePoint now);
  // Deletes the named alarms that exist; their history stays.
  Status Delete(const std::string& account, const std::string& region,
                const std::vector<std::string>& names, TimePoint now);
  // The alarms of an account and region, by name.
  std::vector<Alarm> List(const std::string& account, const std::string& region) const;
  // ResourceNotFound for an unknown alarm.
  Status SetState(const std::string& account, const std::string& region, const std::string& name,
                  AlarmState state, std::string reason, std::optional<std::string> reason_data,
                  TimePoint now);
  Status SetActionsEnabled(const std::string& account, const std::string& region,
                           const std::vector<std::string>& names, bool enabled, TimePoint now);
  Result<std::vector<StoredHistoryItem>> History(const HistoryQuery& query) {
    return store_->History(query);
  }
  // ResourceNotFoundException for an ARN naming nothing that exists.
  Result<Tags> ListTags(const std::string& arn) const;
  Status Tag(const std::string& arn, const Tags& tags);
  Status Untag(const std::string& arn, const std::vector<std::string>& keys);
  // For the owners of other taggable resources (dashboards): the tags a resource is created
  // with, and dropping a deleted resource's tags. No existence check: the owner just made or
  // removed the resource.
  Status ReplaceTags(const std::string& arn, const Tags& tags) {
    return store_->ReplaceTags(arn, tags);
  }
  Status DropTags(const std::vector<std::string>& arns) { return store_->DeleteTags(arns); }

  // The scheduler's side. RunDue evaluates every alarm due at or before `now`, then runs the
  // queued actions and composite evaluations. NextDue is the earliest time something is due.
  void RunDue(TimePoint now);
  std::optional<int64_t> NextDueMs() const;
  // Called when a handler queued work for the scheduler (set by the scheduler).
  void SetWake(std::function<void()> wake) { wake_ = std::move(wake); }

  struct Stats {
    uint64_t evaluations = 0;
    int64_t max_lateness_ms = 0;  // how long after its scheduled time an evaluation ran
  };
  Stats stats() const;

 private:
  struct Entry {
    Alarm alarm;
    std::shared_ptr<const AlarmRule> rule;  // composite alarms
    int64_t next_due_ms = 0;                // metric alarms; 0: not scheduled
    int64_t left_alarm_ms = 0;              // when it last went from ALARM to another state
  };
  struct Change {
    AlarmKey key;
    AlarmStatus status;
    bool forced = false;  // SetAlarmState: recorded even without a change of value
  };
  struct Transition {
    AlarmKey key;
    std::shared_ptr<const AlarmDefinition> definition;
    int64_t configuration_updated_ms = 0;
    AlarmState old_state;
    AlarmStatus status;
  };

  AlarmEngine(std::unique_ptr<AlarmStore> store, const MetricStore& metrics, const Clock& clock)
      : store_(std::move(store)), metrics_(metrics), clock_(clock) {}

  Status Load();
  // Queues for re-evaluation the composites a crash may have kept from following a child.
  void QueueStaleCompositesLocked();
  static int64_t Step(const AlarmDefinition& d) { return d.metric.period < 60 ? 10000 : 60000; }
  void ScheduleLocked(const AlarmKey& key, Entry& e, int64_t after_ms);
  const Entry* FindLocked(const AlarmKey& key) const;
  std::optional<AlarmState> StateOfLocked(const AlarmDefinition& composite,
                                          const std::string& ref) const;
  // The composite's state from its children; nullopt when it would not change.
  std::optional<Change> EvaluateCompositeLocked(const AlarmKey& key, const Entry& e,
                                                int64_t now_ms) const;
  Status CheckRuleLocked(const AlarmDefinition& d, const AlarmRule& rule) const;
  // Durable states, StateUpdate history and pending actions (one commit), then memory;
  // transitions queued for the composites they ripple to.
  Status Commit(std::vector<Change> changes, int64_t now_ms);
  // The composites queued transitions change, then the due pending actions (scheduler thread).
  void ProcessWork(int64_t now_ms);
  // Executes the pending actions due at `now_ms` from the store, recording each outcome.
  void RunPending(int64_t now_ms);
  // Why a composite's actions are suppressed now ("Alarm", "ExtensionPeriod"), or nullopt;
  // `defer` says they wait out the suppressor's WaitPeriod. `batch`: new states not yet in
  // memory (a suppressor changing in the same commit).
  std::optional<std::string> SuppressedLocked(
      const AlarmDefinition& d, int64_t now_ms, bool& defer,
      const std::map<AlarmKey, AlarmState>* batch = nullptr) const;
  bool ResourceExists(const std::string& arn) const;

  std::unique_ptr<AlarmStore> store_;
  const MetricStore& metrics_;
  const Clock& clock_;
  AlarmActions* actions_ = nullptr;
  std::function<bool(const std::string&)> resource_exists_;
  std::function<void()> wake_;

  mutable std::mutex mu_;
  std::map<AlarmKey, Entry> alarms_;                 // guarded by mu_
  std::set<std::pair<int64_t, AlarmKey>> due_;       // guarded by mu_: the timer
  // The composite alarms, so a transition's parents are found without a scan of every alarm.
  std::set<AlarmKey> composites_;                    // guarded by mu_
  std::vector<Transition> work_;                     // guarded by mu_
  // When the earliest pending action in the store is due (a cache of the store's minimum, so
  // the timer needs no query); bumped by every commit that adds one.
  std::optional<int64_t> next_pending_ms_;           // guarded by mu_
  uint64_t pending_generation_ = 0;                  // guarded by mu_
  Stats stats_;                                      // guarded by mu_
  int64_t last_prune_ms_ = 0;                        // scheduler thread only
};

}  // namespace berth::services::monitoring::alarms
