#include "services/monitoring/alarms/alarm_engine.h"

#include "protocol/json_reader.h"
#include "services/monitoring/alarms/alarm_history.h"
#include "services/monitoring/api/alarm_shapes.h"
#include "services/monitoring/model/errors.h"

namespace berth::services::monitoring::alarms {
namespace {

Result<AlarmDefinition> DecodeStored(const StoredAlarm& s) {
  BERTH_ASSIGN_OR_RETURN(Document doc, protocol::ParseJson(s.definition_json));
  BERTH_ASSIGN_OR_RETURN(PutAlarmInput in, s.type == AlarmType::kMetric
                                               ? DecodePutMetricAlarm(doc)
                                               : DecodePutCompositeAlarm(doc));
  in.definition.account_id = s.account_id;
  in.definition.region = s.region;
  return std::move(in.definition);
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
  // Actions a crash kept from running: the scheduler's first RunDue executes them.
  BERTH_ASSIGN_OR_RETURN(auto next_pending, store_->NextPendingDueMs());
  const int64_t now = Millis(clock_.Now());
  std::lock_guard lock(mu_);
  next_pending_ms_ = next_pending;
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
  QueueStaleCompositesLocked();
  return Ok();
}

void AlarmEngine::QueueStaleCompositesLocked() {
  // The composites a transition ripples to are re-evaluated after its commit, from memory: a
  // crash in between would leave them stale until that child changed again. A child that
  // transitioned after its composite's last update may be such a one, so it is queued again as
  // if it had just changed. Re-evaluation is idempotent (no change, nothing recorded), and a
  // composite set by hand since the child's transition is newer than it and left alone.
  std::set<AlarmKey> stale;
  for (const AlarmKey& key : composites_) {
    const Entry& e = alarms_.at(key);
    for (const std::string& ref : e.rule->alarms()) {
      auto name = RuleAlarmName(ref, key.region, key.account_id);
      const Entry* child = name ? FindLocked({key.account_id, key.region, *name}) : nullptr;
      if (child != nullptr && child->alarm.status.transitioned_ms > e.alarm.status.updated_ms)
        stale.insert({key.account_id, key.region, *name});
    }
  }
  for (const AlarmKey& key : stale) {
    Transition t;
    t.key = key;
    work_.push_back(std::move(t));
  }
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

std::optional<int64_t> AlarmEngine::NextDueMs() const {
  std::lock_guard lock(mu_);
  std::optional<int64_t> next;
  if (!due_.empty()) next = due_.begin()->first;
  if (next_pending_ms_ && (!next || *next_pending_ms_ < *next)) next = next_pending_ms_;
  if (!work_.empty()) next = 0;
  return next;
}

AlarmEngine::Stats AlarmEngine::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

}  // namespace berth::services::monitoring::alarms
