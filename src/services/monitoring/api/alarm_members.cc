#include "services/monitoring/api/alarm_members.h"

#include "services/monitoring/api/alarm_shapes.h"
#include "services/monitoring/api/wire.h"
#include "services/monitoring/model/errors.h"

namespace berth::services::monitoring::alarm_members {

using alarms::AlarmType;

Result<std::optional<std::string>> OptString(const Document& in, std::string_view key) {
  const Document* d = wire::Member(in, key);
  if (d == nullptr) return std::optional<std::string>();
  BERTH_ASSIGN_OR_RETURN(std::string s, wire::String(*d, key));
  return std::optional<std::string>(std::move(s));
}

Result<std::string> ReqString(const Document& in, std::string_view key) {
  const Document* d = wire::Member(in, key);
  if (d == nullptr) return errors::MissingParameter(key);
  return wire::String(*d, key);
}

Result<std::optional<int64_t>> OptInt(const Document& in, std::string_view key) {
  const Document* d = wire::Member(in, key);
  if (d == nullptr) return std::optional<int64_t>();
  BERTH_ASSIGN_OR_RETURN(int64_t v, wire::Integer(*d, key));
  return std::optional<int64_t>(v);
}

Status CheckLength(std::string_view param, const std::string& v, size_t min, size_t max) {
  if (v.size() < min || v.size() > max) {
    return errors::InvalidParameterValue("The value for parameter " + std::string(param) +
                                         " must have a length between " + std::to_string(min) +
                                         " and " + std::to_string(max) + ".");
  }
  return Ok();
}

Result<std::vector<std::string>> StringList(const Document& in, std::string_view key,
                                            size_t max) {
  std::vector<std::string> out;
  const Document* d = wire::Member(in, key);
  // The query protocol sends an empty list as `Key=` (botocore does).
  if (d == nullptr || (d->is_string() && d->as_string().empty())) return out;
  BERTH_ASSIGN_OR_RETURN(auto list, wire::List(*d, key));
  if (list->size() > max) {
    return errors::InvalidParameterValue("The collection " + std::string(key) +
                                         " must not have a size greater than " +
                                         std::to_string(max) + ".");
  }
  for (size_t i = 0; i < list->size(); ++i) {
    BERTH_ASSIGN_OR_RETURN(std::string s, wire::String((*list)[i], wire::Item(key, i)));
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::optional<alarms::Tags>> DecodeTags(const Document& in) {
  const Document* d = wire::Member(in, "Tags");
  if (d == nullptr) return std::optional<alarms::Tags>();
  BERTH_ASSIGN_OR_RETURN(auto list, wire::List(*d, "Tags"));
  if (list->size() > kMaxAlarmTags) {
    return errors::InvalidParameterValue(
        "The collection Tags must not have a size greater than 50.");
  }
  alarms::Tags tags;
  for (size_t i = 0; i < list->size(); ++i) {
    const std::string item = wire::Item("Tags", i);
    BERTH_ASSIGN_OR_RETURN(const Document* t, wire::Structure((*list)[i], item));
    BERTH_ASSIGN_OR_RETURN(std::string key, ReqString(*t, "Key"));
    BERTH_ASSIGN_OR_RETURN(std::string value, ReqString(*t, "Value"));
    BERTH_RETURN_IF_ERROR(CheckLength(item + ".Key", key, 1, 128));
    BERTH_RETURN_IF_ERROR(CheckLength(item + ".Value", value, 0, 256));
    tags[key] = value;
  }
  return std::optional<alarms::Tags>(std::move(tags));
}

// AlarmName, AlarmDescription, ActionsEnabled and the three action lists.
Error Exclusive(std::string_view a, std::string_view b) {
  return errors::InvalidParameterCombination("The parameters " + std::string(a) + " and " +
                                             std::string(b) +
                                             " are mutually exclusive and you have specified both.");
}

static std::set<AlarmType> DefaultTypes() { return {AlarmType::kMetric}; }

Result<std::set<AlarmType>> DecodeAlarmTypes(const Document& in) {
  BERTH_ASSIGN_OR_RETURN(auto names, StringList(in, "AlarmTypes", 2));
  if (names.empty()) return DefaultTypes();
  std::set<AlarmType> out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == "MetricAlarm") {
      out.insert(AlarmType::kMetric);
    } else if (names[i] == "CompositeAlarm") {
      out.insert(AlarmType::kComposite);
    } else {
      return errors::InvalidValue(wire::Item("AlarmTypes", i), names[i]);
    }
  }
  return out;
}

Result<int64_t> MaxRecords(const Document& in, int64_t fallback) {
  BERTH_ASSIGN_OR_RETURN(auto max, OptInt(in, "MaxRecords"));
  if (!max) return fallback;
  if (*max < 1 || *max > 100) return errors::InvalidValue("MaxRecords", std::to_string(*max));
  return *max;
}

}  // namespace berth::services::monitoring::alarm_members
