#pragma once
// CloudWatch alarms as values: a metric alarm's or a composite alarm's definition, its current
// state, and the items of its history. No I/O.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "services/monitoring/api/shapes.h"
#include "services/monitoring/model/types.h"

namespace berth::services::monitoring::alarms {

enum class AlarmState { kOk, kAlarm, kInsufficientData };
std::string_view StateName(AlarmState state);  // "OK", "ALARM", "INSUFFICIENT_DATA"
std::optional<AlarmState> ParseState(std::string_view name);

enum class Comparison {
  kGreaterOrEqual, kGreater, kLess, kLessOrEqual,
  // The anomaly-band ones (ThresholdMetricId); berth has no anomaly detectors to give bands.
  kOutsideBand, kBelowBand, kAboveBand,
};
std::optional<Comparison> ParseComparison(std::string_view name);
std::string_view ComparisonName(Comparison c);
// "greater than or equal to" — how StateReason words the comparison.
std::string_view ComparisonPhrase(Comparison c);
bool Breaches(Comparison c, double value, double threshold);

enum class MissingData { kMissing, kIgnore, kBreaching, kNotBreaching };
std::optional<MissingData> ParseMissingData(std::string_view name);
std::string_view MissingDataName(MissingData m);

enum class AlarmType { kMetric, kComposite };
std::string_view AlarmTypeName(AlarmType t);  // "MetricAlarm", "CompositeAlarm"

// What PutMetricAlarm defines beyond the common fields.
struct MetricAlarmDefinition {
  // The single-metric form: metric, statistic xor extended statistic, period, unit.
  std::optional<MetricKey> metric;
  std::optional<std::string> statistic;
  std::optional<std::string> extended_statistic;
  std::optional<UnitId> unit;
  // The metric math form (Metrics[]): exactly one query returns data.
  std::vector<MetricDataQuery> metrics;
  int64_t period = 0;  // the single metric's, or the returned query's
  int64_t evaluation_periods = 0;
  int64_t datapoints_to_alarm = 0;  // 0: not given (M = N)
  std::optional<double> threshold;
  std::optional<std::string> threshold_metric_id;
  Comparison comparison = Comparison::kGreaterOrEqual;
  std::optional<MissingData> treat_missing_data;  // kept as given: AWS echoes only what was set
  std::optional<std::string> evaluate_low_sample_count_percentile;  // "evaluate" | "ignore"

  int64_t M() const { return datapoints_to_alarm > 0 ? datapoints_to_alarm : evaluation_periods; }
  MissingData missing() const { return treat_missing_data.value_or(MissingData::kMissing); }
  bool math() const { return !metrics.empty(); }
};

struct CompositeAlarmDefinition {
  std::string rule;
  std::optional<std::string> actions_suppressor;  // an alarm's name or ARN
  int64_t suppressor_wait_period = 0;       // seconds
  int64_t suppressor_extension_period = 0;  // seconds
};

// An alarm's definition: what the Put call said.
struct AlarmDefinition {
  std::string account_id, region, name;
  AlarmType type = AlarmType::kMetric;
  std::optional<std::string> description;
  bool actions_enabled = true;
  std::vector<std::string> ok_actions, alarm_actions, insufficient_data_actions;
  MetricAlarmDefinition metric;
  CompositeAlarmDefinition composite;

  std::string Arn() const;
  const std::vector<std::string>& ActionsFor(AlarmState state) const;
};

// arn:aws:cloudwatch:<region>:<account>:alarm:<name>
std::string AlarmArn(std::string_view region, std::string_view account, std::string_view name);

struct AlarmStatus {
  AlarmState value = AlarmState::kInsufficientData;
  std::string reason;
  std::optional<std::string> reason_data;
  int64_t updated_ms = 0;       // StateUpdatedTimestamp
  int64_t transitioned_ms = 0;  // StateTransitionedTimestamp
  // Composite alarms: why their last transition's actions were held back.
  std::optional<std::string> actions_suppressed_by, actions_suppressed_reason;
};

// One alarm as the engine holds it: the definition shared immutably (an evaluation in flight
// keeps the version it started with), the state by value.
struct Alarm {
  std::shared_ptr<const AlarmDefinition> definition;
  int64_t configuration_updated_ms = 0;
  AlarmStatus status;
};

enum class HistoryItemType { kConfigurationUpdate, kStateUpdate, kAction };
std::string_view HistoryItemTypeName(HistoryItemType t);
std::optional<HistoryItemType> ParseHistoryItemType(std::string_view name);

struct HistoryItem {
  std::string account_id, region, alarm_name;
  AlarmType alarm_type = AlarmType::kMetric;
  int64_t time_ms = 0;
  HistoryItemType type = HistoryItemType::kStateUpdate;
  std::string summary;
  std::string data;  // JSON
};

}  // namespace berth::services::monitoring::alarms
