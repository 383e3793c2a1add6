#pragma once
// The alarm operations' wire shapes: Document → typed input with AWS's checks and messages,
// and an alarm definition back to the members of its Put call (what DescribeAlarms lists and
// what the alarm store keeps).

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/document.h"
#include "core/result.h"
#include "services/monitoring/alarms/alarm.h"
#include "services/monitoring/alarms/alarm_store.h"

namespace berth::services::monitoring {

inline constexpr size_t kMaxAlarmActions = 5;
inline constexpr size_t kMaxAlarmTags = 50;
inline constexpr size_t kMaxAlarmMetrics = 10;

struct PutAlarmInput {
  alarms::AlarmDefinition definition;  // account and region are the caller's, set by the handler
  std::optional<alarms::Tags> tags;
};
Result<PutAlarmInput> DecodePutMetricAlarm(const Document& in);
Result<PutAlarmInput> DecodePutCompositeAlarm(const Document& in);
// AlarmName, AlarmDescription, ActionsEnabled, the action lists and the type's own members,
// named as in PutMetricAlarm/PutCompositeAlarm; the decoders above read it back.
Document DefinitionToDocument(const alarms::AlarmDefinition& d);

struct DescribeAlarmsInput {
  std::vector<std::string> names;
  std::optional<std::string> name_prefix;
  std::set<alarms::AlarmType> types;  // default: metric alarms only
  std::optional<std::string> children_of, parents_of;
  std::optional<alarms::AlarmState> state;
  std::optional<std::string> action_prefix;
  int64_t max_records = 50;
  std::optional<std::string> next_token;
};
Result<DescribeAlarmsInput> DecodeDescribeAlarms(const Document& in);

struct DescribeAlarmsForMetricInput {
  MetricKey metric;
  std::optional<std::string> statistic, extended_statistic;
  std::optional<int64_t> period;
  std::optional<UnitId> unit;
};
Result<DescribeAlarmsForMetricInput> DecodeDescribeAlarmsForMetric(const Document& in);

struct DescribeAlarmHistoryInput {
  std::optional<std::string> name;
  std::set<alarms::AlarmType> types;
  std::optional<alarms::HistoryItemType> item_type;
  std::optional<TimePoint> start, end;
  int64_t max_records = 100;
  std::optional<std::string> next_token;
  bool ascending = false;
};
Result<DescribeAlarmHistoryInput> DecodeDescribeAlarmHistory(const Document& in);

// DeleteAlarms, EnableAlarmActions, DisableAlarmActions.
struct AlarmNamesInput {
  std::vector<std::string> names;
};
Result<AlarmNamesInput> DecodeAlarmNames(const Document& in);

struct SetAlarmStateInput {
  std::string name;
  alarms::AlarmState state;
  std::string reason;
  std::optional<std::string> reason_data;  // checked to be JSON (InvalidFormat)
};
Result<SetAlarmStateInput> DecodeSetAlarmState(const Document& in);

struct TagResourceInput {
  std::string arn;
  alarms::Tags tags;
};
Result<TagResourceInput> DecodeTagResource(const Document& in);
struct UntagResourceInput {
  std::string arn;
  std::vector<std::string> keys;
};
Result<UntagResourceInput> DecodeUntagResource(const Document& in);
Result<std::string> DecodeResourceArn(const Document& in);  // ListTagsForResource

}  // namespace berth::services::monitoring
