#pragma once
// The items of an alarm's history as AWS writes them: ConfigurationUpdate (`Alarm "x" created`,
// the definition as JSON), StateUpdate (`Alarm updated from OK to ALARM`, old and new state
// with the reason data embedded as an object) and Action (`Successfully executed action <arn>`
// / `Failed to execute action <arn>. Received error: '…'`).

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"
#include "services/monitoring/alarms/alarm.h"

namespace berth::services::monitoring::alarms {

// The definition as the JSON of its Put call's members (what the store keeps).
std::string DefinitionJson(const AlarmDefinition& d);
// verb: created/updated/deleted; type: Create/Update/Delete; member: createdAlarm/…
HistoryItem ConfigurationItem(const AlarmDefinition& d, int64_t time_ms, std::string_view verb,
                              std::string_view type, std::string_view member);
HistoryItem StateItem(const AlarmDefinition& d, const AlarmStatus& old, const AlarmStatus& now);
HistoryItem ActionItem(const AlarmDefinition& d, int64_t time_ms, const std::string& arn,
                       const Status& outcome);

}  // namespace berth::services::monitoring::alarms
