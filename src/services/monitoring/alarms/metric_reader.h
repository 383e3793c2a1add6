#pragma once
// The datapoints of a metric alarm's evaluation range, read the way GetMetricData reads
// (RunMetricQueries): the alarm's MetricStat, or its Metrics[] math, whose one ReturnData
// series is the alarm's. Percentile alarms that skip low sample counts read SampleCount too.

#include <cstdint>
#include <vector>

#include "core/result.h"
#include "services/monitoring/alarms/alarm.h"
#include "services/monitoring/alarms/alarm_evaluator.h"
#include "services/monitoring/store/metric_store.h"

namespace berth::services::monitoring::alarms {

// Datapoints with period starts in [start_ms, end_ms), ascending.
Result<std::vector<Datapoint>> ReadAlarmDatapoints(const MetricStore& store,
                                                   const MetricAlarmDefinition& d,
                                                   int64_t start_ms, int64_t end_ms);

}  // namespace berth::services::monitoring::alarms
