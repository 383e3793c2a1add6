#include "services/monitoring/model/types.h"

#include <algorithm>
#include <array>

namespace berth::services::monitoring {
namespace {

constexpr std::array<std::string_view, 27> kUnits = {
    "None",          "Seconds",          "Microseconds",     "Milliseconds",
    "Bytes",         "Kilobytes",        "Megabytes",        "Gigabytes",
    "Terabytes",     "Bits",             "Kilobits",         "Megabits",
    "Gigabits",      "Terabits",         "Percent",          "Count",
    "Bytes/Second",  "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second",
    "Terabytes/Second", "Bits/Second",   "Kilobits/Second",  "Megabits/Second",
    "Gigabits/Second",  "Terabits/Second", "Count/Second"};

}  // namespace

void MetricKey::SortDimensions() {
  std::sort(dimensions.begin(), dimensions.end(),
            [](const Dimension& a, const Dimension& b) { return a.name < b.name; });
}

std::string MetricKey::Canonical() const {
  // \x1f and \x1e cannot occur in names AWS accepts… but a value may hold anything, so lengths
  // frame every part instead of separators.
  std::string out;
  auto add = [&out](std::string_view part) {
    out.append(std::to_string(part.size())).push_back(':');
    out.append(part);
  };
  add(ns);
  add(name);
  for (const Dimension& d : dimensions) {
    add(d.name);
    add(d.value);
  }
  return out;
}

std::optional<UnitId> ParseUnit(std::string_view name) {
  for (size_t i = 0; i < kUnits.size(); ++i)
    if (kUnits[i] == name) return static_cast<UnitId>(i);
  return std::nullopt;
}

std::string_view UnitName(UnitId unit) {
  return unit < kUnits.size() ? kUnits[unit] : kUnits[kNoneUnit];
}

}  // namespace berth::services::monitoring
