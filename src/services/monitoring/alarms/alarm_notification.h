#pragma once
// The notification CloudWatch sends for an alarm's state change: the alarm message JSON
// (AlarmName, AlarmDescription, AWSAccountId, NewStateValue, NewStateReason, StateChangeTime,
// Region, AlarmArn, OldStateValue, Trigger{…} or, for composite alarms, AlarmRule and
// TriggeringChildren) and the subject `ALARM: "name" in US East (N. Virginia)`.

#include <string>
#include <string_view>

#include "services/monitoring/alarms/alarm.h"
#include "services/monitoring/alarms/alarm_actions.h"

namespace berth::services::monitoring::alarms {

// "US East (N. Virginia)" for us-east-1; the code itself for a region without a known name.
std::string RegionLongName(std::string_view region);

// The notification for one action ARN of a transition from `old_state` to `now`.
AlarmNotification BuildNotification(const AlarmDefinition& d, AlarmState old_state,
                                    const AlarmStatus& now, const std::string& action_arn,
                                    int64_t configuration_updated_ms);

}  // namespace berth::services::monitoring::alarms
