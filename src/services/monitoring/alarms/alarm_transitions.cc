// AlarmEngine's transitions: composite evaluation, durable state changes and their history,
// then (on the scheduler's thread) actions, ActionsSuppressor, the composites a change
// ripples to, and the timer's due evaluations.
#include <algorithm>
#include <map>

#include "core/json_writer.h"
#include "services/monitoring/alarms/alarm_engine.h"
#include "services/monitoring/alarms/alarm_evaluator.h"
#include "services/monitoring/alarms/alarm_history.h"
#include "services/monitoring/alarms/alarm_notification.h"
#include "services/monitoring/alarms/alarm_text.h"
#include "services/monitoring/alarms/metric_reader.h"

namespace berth::services::monitoring::alarms {
namespace {

// Bounds the chain of composite alarms one change may ripple through (cycles are refused
// when rules are put; this is the belt to those braces).
constexpr int kMaxRipple = 64;

}  // namespace

std::optional<AlarmEngine::Change> AlarmEngine::EvaluateCompositeLocked(const AlarmKey& key,
                                                                        const Entry& e,
                                                                        int64_t now_ms) const {
  const AlarmDefinition& d = *e.alarm.definition;
  const bool fires = e.rule->Evaluate(
      [&](const std::string& ref) { return StateOfLocked(d, ref); });
  const AlarmState state = fires ? AlarmState::kAlarm : AlarmState::kOk;
  if (state == e.alarm.status.value) return std::nullopt;
  // The reason names the child that changed last; the data lists every child that exists.
  const Entry* latest = nullptr;
  std::string data;
  JsonWriter w(data);
  w.BeginObject();
  w.Key("triggeringAlarms");
  w.BeginArray();
  for (const std::string& ref : e.rule->alarms()) {
    auto name = RuleAlarmName(ref, d.region, d.account_id);
    const Entry* child = name ? FindLocked({d.account_id, d.region, *name}) : nullptr;
    if (child == nullptr) continue;
    if (latest == nullptr ||
        child->alarm.status.transitioned_ms > latest->alarm.status.transitioned_ms)
      latest = child;
    w.BeginObject();
    w.Key("arn");
    w.String(child->alarm.definition->Arn());
    w.Key("state");
    w.BeginObject();
    w.Key("value");
    w.String(StateName(child->alarm.status.value));
    w.Key("timestamp");
    w.String(ReasonDataTime(child->alarm.status.transitioned_ms));
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  Change c;
  c.key = key;
  c.status = e.alarm.status;
  c.status.value = state;
  c.status.reason =
      latest != nullptr
          ? latest->alarm.definition->Arn() + " transitioned to " +
                std::string(StateName(latest->alarm.status.value)) + " at " +
                LongTime(latest->alarm.status.transitioned_ms)
          : std::string("Alarm rule evaluated to ") + (fires ? "TRUE" : "FALSE");
  c.status.reason_data = std::move(data);
  c.status.updated_ms = now_ms;
  c.status.transitioned_ms = now_ms;
  c.status.actions_suppressed_by.reset();
  c.status.actions_suppressed_reason.reset();
  return c;
}

Status AlarmEngine::Commit(std::vector<Change> changes, int64_t now_ms) {
  std::vector<StateChange> rows;
  std::vector<HistoryItem> history;
  std::vector<Transition> transitions;
  std::vector<PendingAction> pending;
  {
    std::lock_guard lock(mu_);
    std::map<AlarmKey, AlarmState> batch;
    for (const Change& c : changes) batch[c.key] = c.status.value;
    for (Change& c : changes) {
      const Entry* e = FindLocked(c.key);
      if (e == nullptr) continue;
      const AlarmStatus& old = e->alarm.status;
      if (old.value == c.status.value && !c.forced) continue;
      if (old.value != c.status.value) {
        const AlarmDefinition& d = *e->alarm.definition;
        history.push_back(StateItem(d, old, c.status));
        // ActionsSuppressor is decided at the transition, so the state saved says whether
        // its actions were suppressed and the actions saved with it are the ones to run.
        bool defer = false;
        std::optional<std::string> by;
        if (d.type == AlarmType::kComposite) by = SuppressedLocked(d, now_ms, defer, &batch);
        if (by) {
          c.status.actions_suppressed_by = *by;
          c.status.actions_suppressed_reason =
              "Alarm " + *d.composite.actions_suppressor +
              (*by == "Alarm" ? " is in ALARM state" : " recently left the ALARM state");
        } else if (d.actions_enabled) {
          for (const std::string& arn : d.ActionsFor(c.status.value)) {
            PendingAction p;
            p.account_id = d.account_id;
            p.region = d.region;
            p.name = d.name;
            p.type = d.type;
            p.due_ms = now_ms;
            if (defer) {
              p.due_ms += d.composite.suppressor_wait_period * 1000;
              p.wait_state = c.status.value;
            }
            p.notification =
                BuildNotification(d, old.value, c.status, arn, e->alarm.configuration_updated_ms);
            pending.push_back(std::move(p));
          }
        }
        transitions.push_back({c.key, e->alarm.definition, e->alarm.configuration_updated_ms,
                               old.value, c.status});
      }
      rows.push_back({c.key.account_id, c.key.region, c.key.name, c.status});
    }
  }
  if (rows.empty()) return Ok();
  BERTH_RETURN_IF_ERROR(store_->Record(rows, history, pending));
  {
    std::lock_guard lock(mu_);
    for (const StateChange& r : rows) {
      auto it = alarms_.find({r.account_id, r.region, r.name});
      if (it == alarms_.end()) continue;
      if (it->second.alarm.status.value == AlarmState::kAlarm && r.status.value != AlarmState::kAlarm)
        it->second.left_alarm_ms = now_ms;
      it->second.alarm.status = r.status;
    }
    for (const PendingAction& p : pending) {
      if (!next_pending_ms_ || p.due_ms < *next_pending_ms_) next_pending_ms_ = p.due_ms;
    }
    if (!pending.empty()) ++pending_generation_;
    for (Transition& t : transitions) work_.push_back(std::move(t));
  }
  if (!transitions.empty() && wake_) wake_();
  return Ok();
}

std::optional<std::string> AlarmEngine::SuppressedLocked(
    const AlarmDefinition& d, int64_t now_ms, bool& defer,
    const std::map<AlarmKey, AlarmState>* batch) const {
  defer = false;
  if (!d.composite.actions_suppressor) return std::nullopt;
  auto name = RuleAlarmName(*d.composite.actions_suppressor, d.region, d.account_id);
  const AlarmKey key{d.account_id, d.region, name ? *name : std::string()};
  const Entry* s = name ? FindLocked(key) : nullptr;
  if (s == nullptr) return std::nullopt;
  AlarmState state = s->alarm.status.value;
  int64_t left_alarm_ms = s->left_alarm_ms;
  if (batch != nullptr) {
    if (auto it = batch->find(key); it != batch->end()) {
      if (state == AlarmState::kAlarm && it->second != AlarmState::kAlarm) left_alarm_ms = now_ms;
      state = it->second;
    }
  }
  if (state == AlarmState::kAlarm) return "Alarm";
  if (left_alarm_ms != 0 &&
      now_ms < left_alarm_ms + d.composite.suppressor_extension_period * 1000)
    return "ExtensionPeriod";
  defer = d.composite.suppressor_wait_period > 0;
  return std::nullopt;
}

void AlarmEngine::ProcessWork(int64_t now_ms) {
  for (int round = 0; round < kMaxRipple; ++round) {
    std::vector<Transition> work;
    std::vector<Change> parents;
    {
      std::lock_guard lock(mu_);
      work.swap(work_);
      // The composites that name an alarm that changed.
      for (const Transition& t : work) {
        for (const AlarmKey& key : composites_) {
          const Entry& e = alarms_.at(key);
          if (!e.rule || key.account_id != t.key.account_id || key.region != t.key.region)
            continue;
          bool names = false;
          for (const std::string& ref : e.rule->alarms())
            names = names || RuleAlarmName(ref, key.region, key.account_id) == t.key.name;
          if (!names) continue;
          if (auto c = EvaluateCompositeLocked(key, e, now_ms)) parents.push_back(std::move(*c));
        }
      }
    }
    if (parents.empty()) break;
    IgnoreError(Commit(std::move(parents), now_ms));
  }
  RunPending(now_ms);
}

void AlarmEngine::RunPending(int64_t now_ms) {
  constexpr size_t kBatch = 256;
  uint64_t generation = 0;
  {
    std::lock_guard lock(mu_);
    if (!next_pending_ms_ || *next_pending_ms_ > now_ms) return;
    generation = pending_generation_;
  }
  for (;;) {
    auto due = store_->DuePending(now_ms, kBatch);
    if (!due.ok()) return;  // still pending: the next tick tries again
    for (const PendingAction& p : *due) {
      bool run = true;
      if (p.wait_state) {
        // A deferred composite action: only if the alarm is still in the state whose actions
        // waited and its suppressor did not go to ALARM (or recently leave it) meanwhile.
        std::lock_guard lock(mu_);
        const Entry* e = FindLocked({p.account_id, p.region, p.name});
        bool defer = false;
        run = e != nullptr && e->alarm.status.value == *p.wait_state &&
              !SuppressedLocked(*e->alarm.definition, now_ms, defer);
      }
      std::optional<HistoryItem> item;
      if (run) {
        const Status outcome =
            actions_ != nullptr
                ? actions_->Execute(p.notification)
                : Status(Error{"ActionsUnavailable", "No alarm action delivery is configured", 500});
        AlarmDefinition d;
        d.account_id = p.account_id;
        d.region = p.region;
        d.name = p.name;
        d.type = p.type;
        item = ActionItem(d, now_ms, p.notification.action_arn, outcome);
      }
      // Executed but not yet deleted when this fails (or berth dies here): it runs again.
      if (!store_->FinishPending(p.id, item).ok()) return;
    }
    if (due->size() < kBatch) break;
  }
  auto next = store_->NextPendingDueMs();
  if (!next.ok()) return;
  std::lock_guard lock(mu_);
  // A commit that added actions since the read above keeps its own (earlier) due time.
  if (pending_generation_ == generation) {
    next_pending_ms_ = *next;
  } else if (*next && (!next_pending_ms_ || **next < *next_pending_ms_)) {
    next_pending_ms_ = *next;
  }
}

void AlarmEngine::RunDue(TimePoint now) {
  const int64_t now_ms = Millis(now);
  struct Due {
    AlarmKey key;
    std::shared_ptr<const AlarmDefinition> definition;
    AlarmState current;
    int64_t scheduled_ms;
  };
  std::vector<Due> due;
  {
    std::lock_guard lock(mu_);
    while (!due_.empty() && due_.begin()->first <= now_ms) {
      auto [when, key] = *due_.begin();
      due_.erase(due_.begin());
      Entry& e = alarms_.at(key);
      e.next_due_ms = 0;
      due.push_back({key, e.alarm.definition, e.alarm.status.value, when});
      // The next boundary after now: an engine that fell behind skips, never bursts.
      ScheduleLocked(key, e, std::max(when, now_ms));
    }
  }
  std::vector<Change> changes;
  int64_t max_late = 0;
  for (const Due& d : due) {
    const MetricAlarmDefinition& m = d.definition->metric;
    const int64_t periods = EvaluationRangePeriods(m);
    const int64_t start = d.scheduled_ms - periods * m.period * 1000;
    const int64_t started = Millis(clock_.Now());
    max_late = std::max(max_late, started - d.scheduled_ms);
    auto points = ReadAlarmDatapoints(metrics_, m, start, d.scheduled_ms);
    if (!points.ok()) continue;
    EvaluationInput in;
    in.definition = &m;
    in.range_end_ms = d.scheduled_ms;
    in.range_periods = periods;
    in.datapoints = std::move(*points);
    in.current = d.current;
    in.query_ms = started;
    in.describe = false;
    auto result = EvaluateMetricAlarm(in);
    if (!result || result->state == d.current) continue;
    in.describe = true;
    result = EvaluateMetricAlarm(in);
    if (!result) continue;
    Change c;
    c.key = d.key;
    c.status.value = result->state;
    c.status.reason = std::move(result->reason);
    c.status.reason_data = std::move(result->reason_data);
    c.status.updated_ms = started;
    c.status.transitioned_ms = started;
    changes.push_back(std::move(c));
  }
  {
    std::lock_guard lock(mu_);
    stats_.evaluations += due.size();
    stats_.max_lateness_ms = std::max(stats_.max_lateness_ms, max_late);
  }
  if (!changes.empty()) IgnoreError(Commit(std::move(changes), now_ms));
  ProcessWork(now_ms);
  if (now_ms - last_prune_ms_ > 3600 * 1000) {
    last_prune_ms_ = now_ms;
    IgnoreError(store_->DeleteHistoryBefore(now_ms - kHistoryRetentionMs));
  }
}


}  // namespace berth::services::monitoring::alarms
