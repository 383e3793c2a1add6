#pragma once
// CloudWatch's alarm and tag operations: typed input in, output Document (or an AWS error) out.
// The alarms live in MonitoringService::alarms(), per the caller's account and region.

#include "core/document.h"
#include "core/result.h"
#include "pipeline/operation.h"
#include "services/monitoring/api/alarm_shapes.h"
#include "services/monitoring/monitoring_service.h"

namespace berth::services::monitoring {

Result<Document> PutMetricAlarm(MonitoringService& s, pipeline::CallContext& ctx,
                                const PutAlarmInput& in);
Result<Document> PutCompositeAlarm(MonitoringService& s, pipeline::CallContext& ctx,
                                   const PutAlarmInput& in);
Result<Document> DescribeAlarms(MonitoringService& s, pipeline::CallContext& ctx,
                                const DescribeAlarmsInput& in);
Result<Document> DescribeAlarmsForMetric(MonitoringService& s, pipeline::CallContext& ctx,
                                         const DescribeAlarmsForMetricInput& in);
Result<Document> DescribeAlarmHistory(MonitoringService& s, pipeline::CallContext& ctx,
                                      const DescribeAlarmHistoryInput& in);
Result<Document> DeleteAlarms(MonitoringService& s, pipeline::CallContext& ctx,
                              const AlarmNamesInput& in);
Result<Document> SetAlarmState(MonitoringService& s, pipeline::CallContext& ctx,
                               const SetAlarmStateInput& in);
Result<Document> EnableAlarmActions(MonitoringService& s, pipeline::CallContext& ctx,
                                    const AlarmNamesInput& in);
Result<Document> DisableAlarmActions(MonitoringService& s, pipeline::CallContext& ctx,
                                     const AlarmNamesInput& in);
Result<Document> TagResource(MonitoringService& s, pipeline::CallContext& ctx,
                             const TagResourceInput& in);
Result<Document> UntagResource(MonitoringService& s, pipeline::CallContext& ctx,
                               const UntagResourceInput& in);
Result<Document> ListTagsForResource(MonitoringService& s, pipeline::CallContext& ctx,
                                     const std::string& arn);

}  // namespace berth::services::monitoring
