#include <algorithm>
#include <set>

#include "core/crypto.h"
#include "services/monitoring/alarms/alarm_rule.h"
#include "services/monitoring/handlers/alarm_handlers.h"
#include "services/monitoring/model/errors.h"

namespace berth::services::monitoring {
namespace {

using alarms::Alarm;
using alarms::AlarmType;

Document Empty() { return Document::MakeMap(); }

std::string Account(const pipeline::CallContext& ctx) { return ctx.principal.account_id; }

Document AlarmToDocument(const Alarm& a) {
  const alarms::AlarmDefinition& d = *a.definition;
  Document out = DefinitionToDocument(d);
  out["AlarmArn"] = d.Arn();
  out["AlarmConfigurationUpdatedTimestamp"] =
      Document::Timestamp(FromMillis(a.configuration_updated_ms));
  out["StateValue"] = std::string(alarms::StateName(a.status.value));
  out["StateReason"] = a.status.reason;
  if (a.status.reason_data) out["StateReasonData"] = *a.status.reason_data;
  out["StateUpdatedTimestamp"] = Document::Timestamp(FromMillis(a.status.updated_ms));
  out["StateTransitionedTimestamp"] = Document::Timestamp(FromMillis(a.status.transitioned_ms));
  if (d.type == AlarmType::kComposite) {
    if (a.status.actions_suppressed_by)
      out["ActionsSuppressedBy"] = *a.status.actions_suppressed_by;
    if (a.status.actions_suppressed_reason)
      out["ActionsSuppressedReason"] = *a.status.actions_suppressed_reason;
  }
  return out;
}

bool HasActionPrefix(const alarms::AlarmDefinition& d, const std::string& prefix) {
  for (const auto* list : {&d.ok_actions, &d.alarm_actions, &d.insufficient_data_actions})
    for (const std::string& arn : *list)
      if (arn.rfind(prefix, 0) == 0) return true;
  return false;
}

// The alarm names a composite's rule refers to (in the caller's account and region).
std::set<std::string> Children(const alarms::AlarmDefinition& d) {
  std::set<std::string> out;
  auto rule = alarms::AlarmRule::Parse(d.composite.rule);
  if (!rule.ok()) return out;
  for (const std::string& ref : (*rule)->alarms())
    if (auto name = alarms::RuleAlarmName(ref, d.region, d.account_id)) out.insert(*name);
  return out;
}

Result<Document> Put(MonitoringService& s, pipeline::CallContext& ctx, const PutAlarmInput& in) {
  alarms::AlarmDefinition d = in.definition;
  d.account_id = Account(ctx);
  d.region = std::string(ctx.region);
  BERTH_RETURN_IF_ERROR(s.alarms().Put(std::move(d), in.tags, ctx.now));
  return Empty();
}

}  // namespace

Result<Document> PutMetricAlarm(MonitoringService& s, pipeline::CallContext& ctx,
                                const PutAlarmInput& in) {
  return Put(s, ctx, in);
}

Result<Document> PutCompositeAlarm(MonitoringService& s, pipeline::CallContext& ctx,
                                   const PutAlarmInput& in) {
  return Put(s, ctx, in);
}

Result<Document> DescribeAlarms(MonitoringService& s, pipeline::CallContext& ctx,
                                const DescribeAlarmsInput& in) {
  std::optional<std::string> after;
  if (in.next_token) {
    after = crypto::Base64UrlDecode(*in.next_token);
    if (!after) return errors::InvalidNextToken();
  }
  std::vector<Alarm> all = s.alarms().List(Account(ctx), std::string(ctx.region));
  // Children of a composite, or the composites naming an alarm: both types, by relation.
  std::optional<std::set<std::string>> related;
  if (in.children_of) {
    related.emplace();
    for (const Alarm& a : all)
      if (a.definition->name == *in.children_of && a.definition->type == AlarmType::kComposite)
        related = Children(*a.definition);
  } else if (in.parents_of) {
    related.emplace();
    for (const Alarm& a : all)
      if (a.definition->type == AlarmType::kComposite && Children(*a.definition).count(*in.parents_of))
        related->insert(a.definition->name);
  }
  const std::set<std::string> names(in.names.begin(), in.names.end());
  Document metric = Document::MakeList(), composite = Document::MakeList();
  int64_t taken = 0;
  std::optional<std::string> last;
  bool more = false;
  for (const Alarm& a : all) {
    const alarms::AlarmDefinition& d = *a.definition;
    if (after && d.name <= *after) continue;
    if (related) {
      if (!related->count(d.name)) continue;
    } else if (!in.types.count(d.type)) {
      continue;
    }
    if (!names.empty() && !names.count(d.name)) continue;
    if (in.name_prefix && d.name.rfind(*in.name_prefix, 0) != 0) continue;
    if (in.state && a.status.value != *in.state) continue;
    if (in.action_prefix && !HasActionPrefix(d, *in.action_prefix)) continue;
    if (taken == in.max_records) {
      more = true;
      break;
    }
    (d.type == AlarmType::kMetric ? metric : composite).Push(AlarmToDocument(a));
    last = d.name;
    ++taken;
  }
  Document out = Document::MakeMap();
  out["MetricAlarms"] = std::move(metric);
  out["CompositeAlarms"] = std::move(composite);
  if (more && last) out["NextToken"] = crypto::Base64UrlEncode(*last);
  return out;
}

Result<Document> DescribeAlarmsForMetric(MonitoringService& s, pipeline::CallContext& ctx,
                                         const DescribeAlarmsForMetricInput& in) {
  Document list = Document::MakeList();
  for (const Alarm& a : s.alarms().List(Account(ctx), std::string(ctx.region))) {
    const alarms::MetricAlarmDefinition& m = a.definition->metric;
    if (a.definition->type != AlarmType::kMetric || !m.metric) continue;  // never math alarms
    if (m.metric->ns != in.metric.ns || m.metric->name != in.metric.name) continue;
    if (!in.metric.dimensions.empty() && m.metric->dimensions != in.metric.dimensions) continue;
    if (in.statistic && m.statistic != in.statistic) continue;
    if (in.extended_statistic && m.extended_statistic != in.extended_statistic) continue;
    if (in.period && m.period != *in.period) continue;
    if (in.unit && m.unit != in.unit) continue;
    list.Push(AlarmToDocument(a));
  }
  Document out = Document::MakeMap();
  out["MetricAlarms"] = std::move(list);
  return out;
}

Result<Document> DescribeAlarmHistory(MonitoringService& s, pipeline::CallContext& ctx,
                                      const DescribeAlarmHistoryInput& in) {
  alarms::HistoryQuery q;
  q.account_id = Account(ctx);
  q.region = std::string(ctx.region);
  q.alarm_name = in.name;
  q.types = in.types;
  q.item_type = in.item_type;
  if (in.start) q.start_ms = Millis(*in.start);
  if (in.end) q.end_ms = Millis(*in.end);
  q.ascending = in.ascending;
  q.limit = static_cast<size_t>(in.max_records) + 1;
  if (in.next_token) {
    auto decoded = crypto::Base64UrlDecode(*in.next_token);
    if (!decoded || decoded->empty() || decoded->size() > 18 ||
        decoded->find_first_not_of("0123456789") != std::string::npos)
      return errors::InvalidNextToken();
    q.after_id = std::stoll(*decoded);
  }
  BERTH_ASSIGN_OR_RETURN(auto items, s.alarms().History(q));
  const bool more = items.size() > static_cast<size_t>(in.max_records);
  if (more) items.resize(static_cast<size_t>(in.max_records));
  Document list = Document::MakeList();
  for (const alarms::StoredHistoryItem& h : items) {
    Document item = Document::MakeMap();
    item["AlarmName"] = h.item.alarm_name;
    item["AlarmType"] = std::string(alarms::AlarmTypeName(h.item.alarm_type));
    item["Timestamp"] = Document::Timestamp(FromMillis(h.item.time_ms));
    item["HistoryItemType"] = std::string(alarms::HistoryItemTypeName(h.item.type));
    item["HistorySummary"] = h.item.summary;
    item["HistoryData"] = h.item.data;
    list.Push(std::move(item));
  }
  Document out = Document::MakeMap();
  out["AlarmHistoryItems"] = std::move(list);
  if (more) out["NextToken"] = crypto::Base64UrlEncode(std::to_string(items.back().id));
  return out;
}

Result<Document> DeleteAlarms(MonitoringService& s, pipeline::CallContext& ctx,
                              const AlarmNamesInput& in) {
  BERTH_RETURN_IF_ERROR(s.alarms().Delete(Account(ctx), std::string(ctx.region), in.names, ctx.now));
  return Empty();
}

Result<Document> SetAlarmState(MonitoringService& s, pipeline::CallContext& ctx,
                               const SetAlarmStateInput& in) {
  BERTH_RETURN_IF_ERROR(s.alarms().SetState(Account(ctx), std::string(ctx.region), in.name,
                                            in.state, in.reason, in.reason_data, ctx.now));
  return Empty();
}

Result<Document> EnableAlarmActions(MonitoringService& s, pipeline::CallContext& ctx,
                                    const AlarmNamesInput& in) {
  BERTH_RETURN_IF_ERROR(
      s.alarms().SetActionsEnabled(Account(ctx), std::string(ctx.region), in.names, true, ctx.now));
  return Empty();
}

Result<Document> DisableAlarmActions(MonitoringService& s, pipeline::CallContext& ctx,
                                     const AlarmNamesInput& in) {
  BERTH_RETURN_IF_ERROR(s.alarms().SetActionsEnabled(Account(ctx), std::string(ctx.region),
                                                     in.names, false, ctx.now));
  return Empty();
}

Result<Document> TagResource(MonitoringService& s, pipeline::CallContext&,
                             const TagResourceInput& in) {
  BERTH_RETURN_IF_ERROR(s.alarms().Tag(in.arn, in.tags));
  return Empty();
}

Result<Document> UntagResource(MonitoringService& s, pipeline::CallContext&,
                               const UntagResourceInput& in) {
  BERTH_RETURN_IF_ERROR(s.alarms().Untag(in.arn, in.keys));
  return Empty();
}

Result<Document> ListTagsForResource(MonitoringService& s, pipeline::CallContext&,
                                     const std::string& arn) {
  BERTH_ASSIGN_OR_RETURN(alarms::Tags tags, s.alarms().ListTags(arn));
  Document list = Document::MakeList();
  for (const auto& [key, value] : tags) {
    Document t = Document::MakeMap(2);
    t["Key"] = key;
    t["Value"] = value;
    list.Push(std::move(t));
  }
  Document out = Document::MakeMap();
  out["Tags"] = std::move(list);
  return out;
}

}  // namespace berth::services::monitoring
