#pragma once
// Member readers the alarm operations' decoders share (api/alarm_shapes.cc, api/alarm_requests.cc):
// AWS's messages for missing, mistyped, too long and mutually exclusive members.

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"
#include "core/result.h"
#include "services/monitoring/alarms/alarm.h"
#include "services/monitoring/alarms/alarm_store.h"

namespace berth::services::monitoring::alarm_members {

Result<std::optional<std::string>> OptString(const Document& in, std::string_view key);
Result<std::string> ReqString(const Document& in, std::string_view key);
Result<std::optional<int64_t>> OptInt(const Document& in, std::string_view key);
Status CheckLength(std::string_view param, const std::string& v, size_t min, size_t max);
// A list of strings, at most `max`; the query wire's `Key=` is an empty list.
Result<std::vector<std::string>> StringList(const Document& in, std::string_view key, size_t max);
Result<std::optional<alarms::Tags>> DecodeTags(const Document& in);
// InvalidParameterCombination: "The parameters a and b are mutually exclusive …".
Error Exclusive(std::string_view a, std::string_view b);
// AlarmTypes; absent means metric alarms only.
Result<std::set<alarms::AlarmType>> DecodeAlarmTypes(const Document& in);
// MaxRecords in 1..100, `fallback` when absent.
Result<int64_t> MaxRecords(const Document& in, int64_t fallback);

}  // namespace berth::services::monitoring::alarm_members
