#pragma once
// Alarms kept in berth's state database: definitions (as the JSON of their Put call's
// members), current states, history items (two weeks, outliving the alarm) and tags keyed by
// resource ARN. Every method is one read snapshot or one group-committed write; thread-safe.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/result.h"
#include "services/monitoring/alarms/alarm.h"
#include "services/monitoring/alarms/alarm_actions.h"
#include "store/database.h"

namespace berth::services::monitoring::alarms {

struct StoredAlarm {
  std::string account_id, region, name;
  AlarmType type = AlarmType::kMetric;
  std::string definition_json;
  int64_t configuration_updated_ms = 0;
  AlarmStatus status;
};

struct StateChange {
  std::string account_id, region, name;
  AlarmStatus status;
};

struct HistoryQuery {
  std::string account_id, region;
  std::optional<std::string> alarm_name;
  std::set<AlarmType> types;
  std::optional<HistoryItemType> item_type;
  std::optional<int64_t> start_ms, end_ms;  // inclusive bounds
  bool ascending = false;
  std::optional<int64_t> after_id;  // paging: continue past this item
  size_t limit = 100;
};

struct StoredHistoryItem {
  int64_t id = 0;
  HistoryItem item;
};

// One action of a transition, not yet executed: written in the same commit as the state it
// belongs to, deleted in the same commit as the Action history item recording its outcome, so
// a crash in between re-runs it at the next start (at-least-once, like SNS itself).
struct PendingAction {
  int64_t id = 0;  // assigned by the store
  std::string account_id, region, name;
  AlarmType type = AlarmType::kMetric;
  int64_t due_ms = 0;
  // A composite's actions deferred by ActionsSuppressorWaitPeriod: they run only if the alarm
  // is still in this state when the wait is over (and its suppressor did not go to ALARM).
  std::optional<AlarmState> wait_state;
  AlarmNotification notification;
};

using Tags = std::map<std::string, std::string>;

class AlarmStore {
 public:
  // Applies the `monitoring_alarms` migrations.
  static Result<std::unique_ptr<AlarmStore>> Open(store::Database& db);

  Result<std::vector<StoredAlarm>> LoadAll();
  // Creates or replaces the definition (a replaced alarm keeps its state), sets `tags` on its
  // ARN when given, and appends `history`; one transaction.
  Status Put(const StoredAlarm& alarm, const std::string& arn, const Tags* tags,
             const HistoryItem& history);
  // Deletes the alarms and their tags; their history stays.
  Status Delete(const std::vector<StoredAlarm>& alarms, const std::vector<std::string>& arns);
  // State changes and the history items recording them (and the actions taken), one commit.
  // State changes, the history items recording them, and the actions they queue; one commit.
  Status Record(const std::vector<StateChange>& changes, const std::vector<HistoryItem>& history,
                const std::vector<PendingAction>& pending = {});
  // The pending actions due at or before `now_ms`, oldest first, at most `limit`.
  Result<std::vector<PendingAction>> DuePending(int64_t now_ms, size_t limit);
  // When the earliest pending action is due; nullopt when none is pending.
  Result<std::optional<int64_t>> NextPendingDueMs();
  // Deletes the pending action and appends `history` (its Action item, when it ran); one commit.
  Status FinishPending(int64_t id, const std::optional<HistoryItem>& history);
  Result<std::vector<StoredHistoryItem>> History(const HistoryQuery& query);
  Status DeleteHistoryBefore(int64_t cutoff_ms);

  Result<Tags> GetTags(const std::string& arn);
  Status TagResource(const std::string& arn, const Tags& tags);
  Status UntagResource(const std::string& arn, const std::vector<std::string>& keys);
  // The ARN's tags become exactly `tags` (a resource created with tags: nothing left over from
  // an earlier resource of the same ARN survives).
  Status ReplaceTags(const std::string& arn, const Tags& tags);
  // Every tag of these ARNs (resources deleted elsewhere, e.g. dashboards).
  Status DeleteTags(const std::vector<std::string>& arns);

 private:
  explicit AlarmStore(store::Database& db) : db_(db) {}
  store::Database& db_;
};

}  // namespace berth::services::monitoring::alarms
