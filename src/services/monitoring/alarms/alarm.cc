#include "services/monitoring/alarms/alarm.h"

#include <array>
#include <utility>

namespace berth::services::monitoring::alarms {
namespace {

template <class E, size_t N>
std::optional<E> Lookup(const std::array<std::pair<E, std::string_view>, N>& table,
                        std::string_view name) {
  for (const auto& [e, n] : table)
    if (n == name) return e;
  return std::nullopt;
}

template <class E, size_t N>
std::string_view NameOf(const std::array<std::pair<E, std::string_view>, N>& table, E e) {
  for (const auto& [v, n] : table)
    if (v == e) return n;
  return "";
}

constexpr std::array<std::pair<AlarmState, std::string_view>, 3> kStates{{
    {AlarmState::kOk, "OK"},
    {AlarmState::kAlarm, "ALARM"},
    {AlarmState::kInsufficientData, "INSUFFICIENT_DATA"},
}};

constexpr std::array<std::pair<Comparison, std::string_view>, 7> kComparisons{{
    {Comparison::kGreaterOrEqual, "GreaterThanOrEqualToThreshold"},
    {Comparison::kGreater, "GreaterThanThreshold"},
    {Comparison::kLess, "LessThanThreshold"},
    {Comparison::kLessOrEqual, "LessThanOrEqualToThreshold"},
    {Comparison::kOutsideBand, "LessThanLowerOrGreaterThanUpperThreshold"},
    {Comparison::kBelowBand, "LessThanLowerThreshold"},
    {Comparison::kAboveBand, "GreaterThanUpperThreshold"},
}};

constexpr std::array<std::pair<MissingData, std::string_view>, 4> kMissing{{
    {MissingData::kMissing, "missing"},
    {MissingData::kIgnore, "ignore"},
    {MissingData::kBreaching, "breaching"},
    {MissingData::kNotBreaching, "notBreaching"},
}};

constexpr std::array<std::pair<HistoryItemType, std::string_view>, 3> kHistoryTypes{{
    {HistoryItemType::kConfigurationUpdate, "ConfigurationUpdate"},
    {HistoryItemType::kStateUpdate, "StateUpdate"},
    {HistoryItemType::kAction, "Action"},
}};

}  // namespace

std::string_view StateName(AlarmState state) { return NameOf(kStates, state); }
std::optional<AlarmState> ParseState(std::string_view name) { return Lookup(kStates, name); }

std::optional<Comparison> ParseComparison(std::string_view name) {
  return Lookup(kComparisons, name);
}
std::string_view ComparisonName(Comparison c) { return NameOf(kComparisons, c); }

std::string_view ComparisonPhrase(Comparison c) {
  switch (c) {
    case Comparison::kGreaterOrEqual: return "greater than or equal to";
    case Comparison::kGreater: return "greater than";
    case Comparison::kLess: return "less than";
    case Comparison::kLessOrEqual: return "less than or equal to";
    default: return "outside the band of";
  }
}

bool Breaches(Comparison c, double value, double threshold) {
  switch (c) {
    case Comparison::kGreaterOrEqual: return value >= threshold;
    case Comparison::kGreater: return value > threshold;
    case Comparison::kLess: return value < threshold;
    case Comparison::kLessOrEqual: return value <= threshold;
    default: return false;
  }
}

std::optional<MissingData> ParseMissingData(std::string_view name) {
  return Lookup(kMissing, name);
}
std::string_view MissingDataName(MissingData m) { return NameOf(kMissing, m); }

std::string_view AlarmTypeName(AlarmType t) {
  return t == AlarmType::kMetric ? "MetricAlarm" : "CompositeAlarm";
}

std::string_view HistoryItemTypeName(HistoryItemType t) { return NameOf(kHistoryTypes, t); }
std::optional<HistoryItemType> ParseHistoryItemType(std::string_view name) {
  return Lookup(kHistoryTypes, name);
}

std::string AlarmArn(std::string_view region, std::string_view account, std::string_view name) {
  return "arn:aws:cloudwatch:" + std::string(region) + ":" + std::string(account) + ":alarm:" +
         std::string(name);
}

std::string AlarmDefinition::Arn() const { return AlarmArn(region, account_id, name); }

const std::vector<std::string>& AlarmDefinition::ActionsFor(AlarmState state) const {
  switch (state) {
    case AlarmState::kOk: return ok_actions;
    case AlarmState::kAlarm: return alarm_actions;
    default: return insufficient_data_actions;
  }
}

}  // namespace berth::services::monitoring::alarms
