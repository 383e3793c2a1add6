// The decoders of the alarm operations other than the two Puts (declared in alarm_shapes.h).
#include "protocol/json_reader.h"
#include "services/monitoring/api/alarm_members.h"
#include "services/monitoring/api/alarm_shapes.h"
#include "services/monitoring/api/wire.h"
#include "services/monitoring/model/errors.h"

namespace berth::services::monitoring {

using namespace alarm_members;

Result<DescribeAlarmsInput> DecodeDescribeAlarms(const Document& in) {
  DescribeAlarmsInput out;
  BERTH_ASSIGN_OR_RETURN(out.names, StringList(in, "AlarmNames", 100));
  BERTH_ASSIGN_OR_RETURN(out.name_prefix, OptString(in, "AlarmNamePrefix"));
  if (!out.names.empty() && out.name_prefix) return Exclusive("AlarmNames", "AlarmNamePrefix");
  BERTH_ASSIGN_OR_RETURN(out.types, DecodeAlarmTypes(in));
  BERTH_ASSIGN_OR_RETURN(out.children_of, OptString(in, "ChildrenOfAlarmName"));
  BERTH_ASSIGN_OR_RETURN(out.parents_of, OptString(in, "ParentsOfAlarmName"));
  if (out.children_of && out.parents_of)
    return Exclusive("ChildrenOfAlarmName", "ParentsOfAlarmName");
  if ((out.children_of || out.parents_of) &&
      (!out.names.empty() || out.name_prefix)) {
    return errors::InvalidParameterCombination(
        "ChildrenOfAlarmName and ParentsOfAlarmName cannot be combined with AlarmNames or "
        "AlarmNamePrefix.");
  }
  BERTH_ASSIGN_OR_RETURN(auto state, OptString(in, "StateValue"));
  if (state) {
    out.state = alarms::ParseState(*state);
    if (!out.state) return errors::InvalidValue("StateValue", *state);
  }
  BERTH_ASSIGN_OR_RETURN(out.action_prefix, OptString(in, "ActionPrefix"));
  BERTH_ASSIGN_OR_RETURN(out.max_records, MaxRecords(in, 50));
  BERTH_ASSIGN_OR_RETURN(out.next_token, OptString(in, "NextToken"));
  return out;
}

Result<DescribeAlarmsForMetricInput> DecodeDescribeAlarmsForMetric(const Document& in) {
  DescribeAlarmsForMetricInput out;
  BERTH_ASSIGN_OR_RETURN(out.metric, DecodeMetricKey(in, ""));
  BERTH_ASSIGN_OR_RETURN(out.statistic, OptString(in, "Statistic"));
  BERTH_ASSIGN_OR_RETURN(out.extended_statistic, OptString(in, "ExtendedStatistic"));
  BERTH_ASSIGN_OR_RETURN(out.period, OptInt(in, "Period"));
  BERTH_ASSIGN_OR_RETURN(auto unit, OptString(in, "Unit"));
  if (unit) {
    out.unit = ParseUnit(*unit);
    if (!out.unit) return errors::InvalidValue("Unit", *unit);
  }
  return out;
}

Result<DescribeAlarmHistoryInput> DecodeDescribeAlarmHistory(const Document& in) {
  DescribeAlarmHistoryInput out;
  BERTH_ASSIGN_OR_RETURN(out.name, OptString(in, "AlarmName"));
  BERTH_ASSIGN_OR_RETURN(out.types, DecodeAlarmTypes(in));
  BERTH_ASSIGN_OR_RETURN(auto type, OptString(in, "HistoryItemType"));
  if (type) {
    out.item_type = alarms::ParseHistoryItemType(*type);
    if (!out.item_type) return errors::InvalidValue("HistoryItemType", *type);
  }
  if (const Document* s = wire::Member(in, "StartDate")) {
    BERTH_ASSIGN_OR_RETURN(out.start, wire::Timestamp(*s, "StartDate"));
  }
  if (const Document* e = wire::Member(in, "EndDate")) {
    BERTH_ASSIGN_OR_RETURN(out.end, wire::Timestamp(*e, "EndDate"));
  }
  BERTH_ASSIGN_OR_RETURN(out.max_records, MaxRecords(in, 100));
  BERTH_ASSIGN_OR_RETURN(out.next_token, OptString(in, "NextToken"));
  BERTH_ASSIGN_OR_RETURN(auto scan, OptString(in, "ScanBy"));
  if (scan) {
    if (*scan == "TimestampAscending") {
      out.ascending = true;
    } else if (*scan != "TimestampDescending") {
      return errors::InvalidValue("ScanBy", *scan);
    }
  }
  return out;
}

Result<AlarmNamesInput> DecodeAlarmNames(const Document& in) {
  AlarmNamesInput out;
  if (wire::Member(in, "AlarmNames") == nullptr) return errors::MissingParameter("AlarmNames");
  BERTH_ASSIGN_OR_RETURN(out.names, StringList(in, "AlarmNames", 100));
  return out;
}

Result<SetAlarmStateInput> DecodeSetAlarmState(const Document& in) {
  SetAlarmStateInput out;
  BERTH_ASSIGN_OR_RETURN(out.name, ReqString(in, "AlarmName"));
  BERTH_ASSIGN_OR_RETURN(std::string state, ReqString(in, "StateValue"));
  auto parsed = alarms::ParseState(state);
  if (!parsed) return errors::InvalidValue("StateValue", state);
  out.state = *parsed;
  BERTH_ASSIGN_OR_RETURN(out.reason, ReqString(in, "StateReason"));
  BERTH_RETURN_IF_ERROR(CheckLength("StateReason", out.reason, 0, 1023));
  BERTH_ASSIGN_OR_RETURN(out.reason_data, OptString(in, "StateReasonData"));
  if (out.reason_data) {
    BERTH_RETURN_IF_ERROR(CheckLength("StateReasonData", *out.reason_data, 0, 4000));
    if (!protocol::ParseJson(*out.reason_data).ok())
      return errors::InvalidFormat("The value of StateReasonData is not valid JSON.");
  }
  return out;
}

Result<TagResourceInput> DecodeTagResource(const Document& in) {
  TagResourceInput out;
  BERTH_ASSIGN_OR_RETURN(out.arn, ReqString(in, "ResourceARN"));
  if (wire::Member(in, "Tags") == nullptr) return errors::MissingParameter("Tags");
  BERTH_ASSIGN_OR_RETURN(auto tags, DecodeTags(in));
  out.tags = std::move(*tags);
  return out;
}

Result<UntagResourceInput> DecodeUntagResource(const Document& in) {
  UntagResourceInput out;
  BERTH_ASSIGN_OR_RETURN(out.arn, ReqString(in, "ResourceARN"));
  if (wire::Member(in, "TagKeys") == nullptr) return errors::MissingParameter("TagKeys");
  BERTH_ASSIGN_OR_RETURN(out.keys, StringList(in, "TagKeys", 50));
  return out;
}

Result<std::string> DecodeResourceArn(const Document& in) { return ReqString(in, "ResourceARN"); }
}  // namespace berth::services::monitoring
