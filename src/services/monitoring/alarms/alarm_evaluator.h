#pragma once
// A metric alarm's evaluation, as AWS documents it ("Evaluating an alarm", "Configuring how
// CloudWatch alarms treat missing data"), as a pure function: the definition, the datapoints of
// the evaluation range and the current state in; the state it should be in, with AWS's
// StateReason and StateReasonData, out. No clock, no store: the scheduler supplies both.
//
// The evaluation range holds R periods (R > N): when it holds at least N real datapoints the
// most recent N decide (M of them breaching → ALARM); otherwise the shortfall is filled per
// TreatMissingData, with as few filled points as possible, and the premature-alarm rule keeps
// a lone recent breaching point from alarming before M periods have passed.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "services/monitoring/alarms/alarm.h"

namespace berth::services::monitoring::alarms {

struct Datapoint {
  int64_t time_ms = 0;  // the period's start
  double value = 0;
  std::optional<double> sample_count;  // when known (percentile alarms, reason data)
};

struct EvaluationInput {
  const MetricAlarmDefinition* definition = nullptr;
  int64_t range_end_ms = 0;  // exclusive end of the newest period of the range
  int64_t range_periods = 0;  // R
  std::vector<Datapoint> datapoints;  // any order; points outside the range are ignored
  AlarmState current = AlarmState::kInsufficientData;
  int64_t query_ms = 0;  // when the data was read (StateReasonData's queryDate)
  // false: only the state is wanted (reason texts left empty) — the scheduler asks for them
  // only when the state changes, which is rare, and formatting them is most of the work.
  bool describe = true;
};

struct Evaluation {
  AlarmState state = AlarmState::kInsufficientData;
  std::string reason;
  std::string reason_data;  // JSON, version 1.0
};

// The new state; nullopt keeps the current one unchanged (TreatMissingData=ignore with no data,
// a premature point under ignore, a percentile over too few samples with
// EvaluateLowSampleCountPercentile=ignore).
std::optional<Evaluation> EvaluateMetricAlarm(const EvaluationInput& in);

// R for a definition: N plus two periods, as AWS's documented examples (N=3 reads 5).
int64_t EvaluationRangePeriods(const MetricAlarmDefinition& definition);

// The fewest samples a percentile needs to be evaluated under EvaluateLowSampleCountPercentile
// =ignore: 10/(1-p) for p in [0.5, 1), 10/p below; nullopt when the statistic is no percentile.
std::optional<double> LowSampleThreshold(const std::string& extended_statistic);

}  // namespace berth::services::monitoring::alarms
