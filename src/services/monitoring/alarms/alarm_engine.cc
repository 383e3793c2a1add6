#include "services/monitoring/alarms/alarm_engine.h"

#include <algorithm>

#include "core/json_writer.h"
#include "protocol/json_reader.h"
#include "services/monitoring/alarms/alarm_evaluator.h"
#include "services/monitoring/alarms/alarm_notification.h"
#include "services/monitoring/alarms/alarm_text.h"
#include "services/monitoring/alarms/metric_reader.h"
#include "services/monitoring/api/alarm_shapes.h"
#include "services/monitoring/model/errors.h"

namespace berth::services::monitoring::alarms {
namespace {

// Bounds the chain of composite alarms one change may ripple through (cycles are refused
// when rules are put; this is the belt to those braces).
constexpr int kMaxRipple = 64;

std::string DefinitionJson(const AlarmDefinition& d) { return ToJson(DefinitionToDocument(d)); }

Result<AlarmDefinition> DecodeStored(const StoredAlarm& s) {
  BERTH_ASSIGN_OR_RETURN(Document doc, protocol::ParseJson(s.definition_json));
  BERTH_ASSIGN_OR_RETURN(PutAlarmInput in, s.type == AlarmType::kMetric
                                               ? DecodePutMetricAlarm(doc)
                                               : DecodePutCompositeAlarm(doc));
  in.definition.account_id = s.account_id;
  in.definition.region = s.region;
  return std::move(in.definition);
}

HistoryItem Item(const AlarmDefinition& d, int64_t time_ms, HistoryItemType type,
                 std::string summary, std::string data) {
  return HistoryItem{d.account_id, d.region, d.name, d.type, time_ms, type, std::move(summary),
                     std::move(data)};
}

HistoryItem ConfigurationItem(const AlarmDefinition& d, int64_t time_ms, std::string_view verb,
                              std::string_view type, std::string_view member) {
  std::string data;
  JsonWriter w(data);
  w.BeginObject();
  w.Key("version");
  w.String("1.0");
  w.Key("type");
  w.String(type);
  data += ",\"" + std::string(member) + "\":" + DefinitionJson(d) + "}";
  return Item(d, time_ms, HistoryItemType::kConfigurationUpdate,
              "Alarm \"" + d.name + "\" " + std::string(verb), std::move(data));
}

void StateJson(JsonWriter& w, std::string_view key, const AlarmStatus& s) {
  w.Key(key);
  w.BeginObject();
  w.Key("stateValue");
  w.String(StateName(s.value));
  w.Key("stateReason");
  w.String(s.reason);
  if (s.reason_data) {
    // Embedded as an object, as AWS does (SetAlarmState checked that it is JSON).
    if (auto doc = protocol::ParseJson(*s.reason_data); doc.ok()) {
      w.Key("stateReasonData");
      w.Value(*doc);
    }
  }
  w.EndObject();
}

HistoryItem StateItem(const AlarmDefinition& d, const AlarmStatus& old, const AlarmStatus& now) {
  std::string data;
  JsonWriter w(data);
  w.BeginObject();
  w.Key("version");
  w.String("1.0");
  StateJson(w, "oldState", old);
  StateJson(w, "newState", now);
  w.EndObject();
  return Item(d, now.updated_ms, HistoryItemType::kStateUpdate,
              "Alarm updated from " + std::string(StateName(old.value)) + " to " +
                  std::string(StateName(now.value)),
              std::move(data));
}

HistoryItem ActionItem(const AlarmDefinition& d, int64_t time_ms, const std::string& arn,
                       const Status& outcome) {
  std::string data;
  JsonWriter w(data);
  w.BeginObject();
  w.Key("actionState");
  w.String(outcome.ok() ? "Succeeded" : "Failed");
  w.Key("notificationResource");
  w.String(arn);
  w.Key("stateUpdateTimestamp");
  w.Int(time_ms);
  if (!outcome.ok()) {
    w.Key("error");
    w.String(outcome.error().message);
  }
  w.EndObject();
  std::string summary = outcome.ok() ? "Successfully executed action " + arn
                                     : "Failed to execute action " + arn +
                                           ". Received error: '" + outcome.error().message + "'";
  return Item(d, time_ms, HistoryItemType::kAction, std::move(summary), std::move(data));
}

}  // namespace

Result<std::unique_ptr<AlarmEngine>> AlarmEngine::Open(store::Database& db,
                                                       const MetricStore& metrics,
                                                       const Clock& clock) {
  BERTH_ASSIGN_OR_RETURN(auto store, AlarmStore::Open(db));
  std::unique_ptr<AlarmEngine> engine(new AlarmEngine(std::move(store), metrics, clock));
  BERTH_RETURN_IF_ERROR(engine->Load());
  return engine;
}

Status AlarmEngine::Load() {
  BERTH_ASSIGN_OR_RETURN(auto rows, store_->LoadAll());
  const int64_t now = Millis(clock_.Now());
  std::lock_guard lock(mu_);
  for (const StoredAlarm& row : rows) {
    // A definition this version cannot read (rules tightened since it was put) is left in
    // the database, unevaluated, rather than keeping berth from starting.
    auto decoded = DecodeStored(row);
    if (!decoded.ok()) continue;
    AlarmDefinition d = std::move(*decoded);
    Entry e;
    if (d.type == AlarmType::kComposite) {
      auto rule = AlarmRule::Parse(d.composite.rule);
      if (!rule.ok()) continue;
      e.rule = *rule;
    }
    e.alarm.definition = std::make_shared<const AlarmDefinition>(std::move(d));
    e.alarm.configuration_updated_ms = row.configuration_updated_ms;
    e.alarm.status = row.status;
    AlarmKey key{row.account_id, row.region, row.name};
    auto [it, inserted] = alarms_.emplace(key, std::move(e));
    if (it->second.alarm.definition->type == AlarmType::kMetric) {
      ScheduleLocked(key, it->second, now);
    } else {
      composites_.insert(key);
    }
  }
  return Ok();
}

void AlarmEngine::ScheduleLocked(const AlarmKey& key, Entry& e, int64_t after_ms) {
  if (e.next_due_ms != 0) due_.erase({e.next_due_ms, key});
  const int64_t step = Step(*e.alarm.definition);
  e.next_due_ms = (after_ms / step + 1) * step;  // the next boundary of the step
  due_.insert({e.next_due_ms, key});
}

const AlarmEngine::Entry* AlarmEngine::FindLocked(const AlarmKey& key) const {
  auto it = alarms_.find(key);
  return it == alarms_.end() ? nullptr : &it->second;
}

std::optional<AlarmState> AlarmEngine::StateOfLocked(const AlarmDefinition& composite,
                                                     const std::string& ref) const {
  auto name = RuleAlarmName(ref, composite.region, composite.account_id);
  if (!name) return std::nullopt;
  const Entry* e = FindLocked({composite.account_id, composite.region, *name});
  if (e == nullptr) return std::nullopt;
  return e->alarm.status.value;
}

Status AlarmEngine::CheckRuleLocked(const AlarmDefinition& d, const AlarmRule& rule) const {
  for (const std::string& ref : rule.alarms()) {
    auto name = RuleAlarmName(ref, d.region, d.account_id);
    if (!name || FindLocked({d.account_id, d.region, *name}) == nullptr) {
      return errors::InvalidParameterValue("Error in alarm rule: alarm " + ref +
                                           " does not exist.");
    }
  }
  // A cycle: some alarm the rule reaches through composite rules names this alarm again.
  std::vector<std::pair<std::string, std::string>> stack;  // (alarm, path to it)
  for (const std::string& ref : rule.alarms())
    stack.push_back({*RuleAlarmName(ref, d.region, d.account_id), d.name});
  std::set<std::string> seen;
  while (!stack.empty()) {
    auto [name, path] = stack.back();
    stack.pop_back();
    const std::string here = path + " -> " + name;
    if (name == d.name) {
      return errors::InvalidParameterValue("Error in alarm rule: composite alarm " + d.name +
                                           " would be part of a cycle (" + here + ").");
    }
    if (!seen.insert(name).second) continue;
    const Entry* e = FindLocked({d.account_id, d.region, name});
    if (e == nullptr || !e->rule) continue;
    for (const std::string& ref : e->rule->alarms())
      if (auto child = RuleAlarmName(ref, d.region, d.account_id)) stack.push_back({*child, here});
  }
  return Ok();
}

Status AlarmEngine::Put(AlarmDefinition d, const std::optional<Tags>& tags, TimePoint now) {
  const int64_t now_ms = Millis(now);
  const AlarmKey key{d.account_id, d.region, d.name};
  std::shared_ptr<const AlarmRule> rule;
  StoredAlarm row;
  bool created = false;
  {
    std::lock_guard lock(mu_);
    const Entry* existing = FindLocked(key);
    if (existing != nullptr && existing->alarm.definition->type != d.type) {
      return errors::InvalidParameterValue(
          "An alarm named " + d.name + " already exists as a " +
          std::string(AlarmTypeName(existing->alarm.definition->type)) + ".");
    }
    if (d.type == AlarmType::kComposite) {
      BERTH_ASSIGN_OR_RETURN(rule, AlarmRule::Parse(d.composite.rule));
      BERTH_RETURN_IF_ERROR(CheckRuleLocked(d, *rule));
    }
    created = existing == nullptr;
    row.status = existing != nullptr ? existing->alarm.status
                                     : AlarmStatus{AlarmState::kInsufficientData,
                                                   "Unchecked: Initial alarm creation",
                                                   std::nullopt, now_ms, now_ms, {}, {}};
  }
  row.account_id = d.account_id;
  row.region = d.region;
  row.name = d.name;
  row.type = d.type;
  row.definition_json = DefinitionJson(d);
  row.configuration_updated_ms = now_ms;
  const HistoryItem history = created ? ConfigurationItem(d, now_ms, "created", "Create", "createdAlarm")
                                      : ConfigurationItem(d, now_ms, "updated", "Update", "updatedAlarm");
  const std::optional<Tags> new_tags = created ? tags : std::optional<Tags>();
  BERTH_RETURN_IF_ERROR(store_->Put(row, d.Arn(), new_tags ? &*new_tags : nullptr, history));

  std::optional<Change> composite_change;
  {
    std::lock_guard lock(mu_);
    Entry& e = alarms_[key];
    if (created) e.alarm.status = row.status;
    e.alarm.definition = std::make_shared<const AlarmDefinition>(std::move(d));
    e.alarm.configuration_updated_ms = now_ms;
    e.rule = rule;
    if (e.alarm.definition->type == AlarmType::kMetric) {
      ScheduleLocked(key, e, now_ms);
    } else {
      composites_.insert(key);
      composite_change = EvaluateCompositeLocked(key, e, now_ms);
    }
  }
  if (composite_change) return Commit({*composite_change}, now_ms);
  return Ok();
}

Status AlarmEngine::Delete(const std::string& account, const std::string& region,
                           const std::vector<std::string>& names, TimePoint now) {
  const int64_t now_ms = Millis(now);
  std::vector<StoredAlarm> rows;
  std::vector<std::string> arns;
  std::vector<HistoryItem> history;
  {
    std::lock_guard lock(mu_);
    for (const std::string& name : names) {
      const Entry* e = FindLocked({account, region, name});
      if (e == nullptr) continue;  // AWS deletes the names that exist and ignores the rest
      StoredAlarm row;
      row.account_id = account;
      row.region = region;
      row.name = name;
      rows.push_back(row);
      arns.push_back(e->alarm.definition->Arn());
      history.push_back(
          ConfigurationItem(*e->alarm.definition, now_ms, "deleted", "Delete", "deletedAlarm"));
    }
  }
  if (rows.empty()) return Ok();
  BERTH_RETURN_IF_ERROR(store_->Delete(rows, arns));
  BERTH_RETURN_IF_ERROR(store_->Record({}, history));
  std::lock_guard lock(mu_);
  for (const StoredAlarm& row : rows) {
    auto it = alarms_.find({account, region, row.name});
    if (it == alarms_.end()) continue;
    if (it->second.next_due_ms != 0) due_.erase({it->second.next_due_ms, it->first});
    composites_.erase(it->first);
    alarms_.erase(it);
  }
  return Ok();
}

std::vector<Alarm> AlarmEngine::List(const std::string& account, const std::string& region) const {
  std::vector<Alarm> out;
  std::lock_guard lock(mu_);
  for (auto it = alarms_.lower_bound({account, region, ""});
       it != alarms_.end() && it->first.account_id == account && it->first.region == region; ++it)
    out.push_back(it->second.alarm);
  return out;
}

Status AlarmEngine::SetState(const std::string& account, const std::string& region,
                             const std::string& name, AlarmState state, std::string reason,
                             std::optional<std::string> reason_data, TimePoint now) {
  const int64_t now_ms = Millis(now);
  Change c;
  c.key = {account, region, name};
  c.forced = true;
  {
    std::lock_guard lock(mu_);
    const Entry* e = FindLocked(c.key);
    if (e == nullptr) return errors::ResourceNotFound("Alarm " + name + " does not exist.");
    c.status = e->alarm.status;
  }
  const bool changed = c.status.value != state;
  c.status.value = state;
  c.status.reason = std::move(reason);
  c.status.reason_data = std::move(reason_data);
  c.status.updated_ms = now_ms;
  if (changed) c.status.transitioned_ms = now_ms;
  return Commit({std::move(c)}, now_ms);
}

Status AlarmEngine::SetActionsEnabled(const std::string& account, const std::string& region,
                                      const std::vector<std::string>& names, bool enabled,
                                      TimePoint now) {
  for (const std::string& name : names) {
    std::optional<AlarmDefinition> d;
    {
      std::lock_guard lock(mu_);
      const Entry* e = FindLocked({account, region, name});
      if (e == nullptr || e->alarm.definition->actions_enabled == enabled) continue;
      d = *e->alarm.definition;
    }
    d->actions_enabled = enabled;
    BERTH_RETURN_IF_ERROR(Put(std::move(*d), std::nullopt, now));
  }
  return Ok();
}

bool AlarmEngine::ResourceExists(const std::string& arn) const {
  const std::string prefix = "arn:aws:cloudwatch:";
  if (arn.rfind(prefix, 0) == 0) {
    // arn:aws:cloudwatch:<region>:<account>:alarm:<name>
    const size_t r_end = arn.find(':', prefix.size());
    const size_t a_end = r_end == std::string::npos ? r_end : arn.find(':', r_end + 1);
    if (a_end != std::string::npos && arn.compare(a_end + 1, 6, "alarm:") == 0) {
      AlarmKey key{arn.substr(r_end + 1, a_end - r_end - 1), arn.substr(prefix.size(), r_end - prefix.size()),
                   arn.substr(a_end + 7)};
      std::lock_guard lock(mu_);
      return FindLocked(key) != nullptr;
    }
  }
  return resource_exists_ && resource_exists_(arn);
}

Result<Tags> AlarmEngine::ListTags(const std::string& arn) const {
  if (!ResourceExists(arn))
    return errors::ResourceNotFoundException("The resource " + arn + " does not exist.");
  return store_->GetTags(arn);
}

Status AlarmEngine::Tag(const std::string& arn, const Tags& tags) {
  if (!ResourceExists(arn))
    return errors::ResourceNotFoundException("The resource " + arn + " does not exist.");
  return store_->TagResource(arn, tags);
}

Status AlarmEngine::Untag(const std::string& arn, const std::vector<std::string>& keys) {
  if (!ResourceExists(arn))
    return errors::ResourceNotFoundException("The resource " + arn + " does not exist.");
  return store_->UntagResource(arn, keys);
}

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
  {
    std::lock_guard lock(mu_);
    for (Change& c : changes) {
      const Entry* e = FindLocked(c.key);
      if (e == nullptr) continue;
      const AlarmStatus& old = e->alarm.status;
      if (old.value == c.status.value && !c.forced) continue;
      rows.push_back({c.key.account_id, c.key.region, c.key.name, c.status});
      if (old.value != c.status.value) {
        history.push_back(StateItem(*e->alarm.definition, old, c.status));
        transitions.push_back({c.key, e->alarm.definition, e->alarm.configuration_updated_ms,
                               old.value, c.status});
      }
    }
  }
  if (rows.empty()) return Ok();
  BERTH_RETURN_IF_ERROR(store_->Record(rows, history));
  {
    std::lock_guard lock(mu_);
    for (const StateChange& r : rows) {
      auto it = alarms_.find({r.account_id, r.region, r.name});
      if (it == alarms_.end()) continue;
      if (it->second.alarm.status.value == AlarmState::kAlarm && r.status.value != AlarmState::kAlarm)
        it->second.left_alarm_ms = now_ms;
      it->second.alarm.status = r.status;
    }
    for (Transition& t : transitions) work_.push_back(std::move(t));
  }
  if (!transitions.empty() && wake_) wake_();
  return Ok();
}

std::optional<std::string> AlarmEngine::SuppressedLocked(const AlarmDefinition& d, int64_t now_ms,
                                                         bool& defer) const {
  defer = false;
  if (!d.composite.actions_suppressor) return std::nullopt;
  auto name = RuleAlarmName(*d.composite.actions_suppressor, d.region, d.account_id);
  const Entry* s = name ? FindLocked({d.account_id, d.region, *name}) : nullptr;
  if (s == nullptr) return std::nullopt;
  if (s->alarm.status.value == AlarmState::kAlarm) return "Alarm";
  if (s->left_alarm_ms != 0 &&
      now_ms < s->left_alarm_ms + d.composite.suppressor_extension_period * 1000)
    return "ExtensionPeriod";
  defer = d.composite.suppressor_wait_period > 0;
  return std::nullopt;
}

void AlarmEngine::RunActions(const Transition& t, int64_t now_ms,
                             std::vector<HistoryItem>& history) {
  const AlarmDefinition& d = *t.definition;
  if (!d.actions_enabled) return;
  for (const std::string& arn : d.ActionsFor(t.status.value)) {
    const AlarmNotification n =
        BuildNotification(d, t.old_state, t.status, arn, t.configuration_updated_ms);
    const Status outcome = actions_ != nullptr
                               ? actions_->Execute(n)
                               : Status(Error{"ActionsUnavailable",
                                              "No alarm action delivery is configured", 500});
    history.push_back(ActionItem(d, now_ms, arn, outcome));
  }
}

void AlarmEngine::ProcessWork(int64_t now_ms) {
  for (int round = 0; round < kMaxRipple; ++round) {
    std::vector<Transition> work;
    std::vector<Transition> ready;  // deferred composite actions whose wait is over
    {
      std::lock_guard lock(mu_);
      work.swap(work_);
      for (auto it = deferred_.begin(); it != deferred_.end();) {
        if (it->due_ms > now_ms) {
          ++it;
          continue;
        }
        ready.push_back(std::move(it->transition));
        it = deferred_.erase(it);
      }
    }
    if (work.empty() && ready.empty()) return;
    std::vector<HistoryItem> history;
    std::vector<Change> parents;
    std::vector<StateChange> suppressed;
    for (const Transition& t : ready) {
      bool defer = false;
      std::optional<std::string> by;
      {
        std::lock_guard lock(mu_);
        const Entry* e = FindLocked(t.key);
        // Still in the state whose actions waited, and the suppressor did not go to ALARM.
        if (e == nullptr || e->alarm.status.value != t.status.value) continue;
        by = SuppressedLocked(*t.definition, now_ms, defer);
        if (by && *by == "Alarm") by = "WaitPeriod";
      }
      if (!by) RunActions(t, now_ms, history);
    }
    for (const Transition& t : work) {
      std::optional<std::string> by;
      bool defer = false;
      {
        std::lock_guard lock(mu_);
        if (t.definition->type == AlarmType::kComposite)
          by = SuppressedLocked(*t.definition, now_ms, defer);
        if (defer && t.definition->actions_enabled &&
            !t.definition->ActionsFor(t.status.value).empty()) {
          deferred_.push_back(
              {now_ms + t.definition->composite.suppressor_wait_period * 1000, t});
        }
        // The composites that name this alarm.
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
      if (by) {
        AlarmStatus s = t.status;
        s.actions_suppressed_by = *by;
        s.actions_suppressed_reason = "Alarm " + *t.definition->composite.actions_suppressor +
                                      (*by == "Alarm" ? " is in ALARM state"
                                                      : " recently left the ALARM state");
        suppressed.push_back({t.key.account_id, t.key.region, t.key.name, s});
        continue;
      }
      if (!defer) RunActions(t, now_ms, history);
    }
    if (!suppressed.empty()) {
      std::lock_guard lock(mu_);
      for (const StateChange& s : suppressed) {
        auto it = alarms_.find({s.account_id, s.region, s.name});
        if (it != alarms_.end() && it->second.alarm.status.value == s.status.value)
          it->second.alarm.status = s.status;
      }
    }
    IgnoreError(store_->Record(suppressed, history));
    if (!parents.empty()) IgnoreError(Commit(std::move(parents), now_ms));
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

std::optional<int64_t> AlarmEngine::NextDueMs() const {
  std::lock_guard lock(mu_);
  std::optional<int64_t> next;
  if (!due_.empty()) next = due_.begin()->first;
  if (!work_.empty()) next = 0;
  for (const DeferredActions& d : deferred_)
    if (!next || d.due_ms < *next) next = d.due_ms;
  return next;
}

AlarmEngine::Stats AlarmEngine::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

}  // namespace berth::services::monitoring::alarms
