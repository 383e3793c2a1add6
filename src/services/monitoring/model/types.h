#pragma once
// CloudWatch metrics as values: a metric's identity, one datum of PutMetricData, units.

#include <compare>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "services/monitoring/model/statistics.h"

namespace berth::services::monitoring {

struct Dimension {
  std::string name;
  std::string value;
  auto operator<=>(const Dimension&) const = default;
};

// A metric: namespace, name and its dimensions, sorted by name (AWS treats dimension order as
// insignificant: the same set names the same metric).
struct MetricKey {
  std::string ns;
  std::string name;
  std::vector<Dimension> dimensions;

  void SortDimensions();
  // One string naming the metric, for dictionaries and paging tokens.
  std::string Canonical() const;
  bool operator==(const MetricKey&) const = default;
};

// CloudWatch's StandardUnit enumeration; kNone is what an omitted Unit means.
using UnitId = uint8_t;
inline constexpr UnitId kNoneUnit = 0;
std::optional<UnitId> ParseUnit(std::string_view name);
std::string_view UnitName(UnitId unit);

// One MetricDatum after validation: its samples as (value, count) pairs, or a statistic set.
struct Datum {
  std::string metric_name;
  std::vector<Dimension> dimensions;  // sorted by name
  int64_t time_ms = 0;
  UnitId unit = kNoneUnit;
  bool high_resolution = false;  // StorageResolution 1
  std::vector<std::pair<double, double>> values;
  std::optional<StatSet> statistic_values;
};

// Datum::time_ms of a datum sent without a Timestamp: the call's time, filled in by the handler.
inline constexpr int64_t kCallTime = std::numeric_limits<int64_t>::min();

struct PutMetricDataInput {
  std::string ns;
  std::vector<Datum> data;
};

}  // namespace berth::services::monitoring
