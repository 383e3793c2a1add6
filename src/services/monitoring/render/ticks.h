#pragma once
// Axis ticks: "nice" value steps (1, 2, 5 × 10^n) and time steps on round clock times, with
// their labels.

#include <cstdint>
#include <string>
#include <vector>

namespace berth::services::monitoring::render {

struct ValueAxis {
  double lo = 0, hi = 1, step = 1;  // lo and hi are multiples of step
  std::vector<double> ticks;        // lo, lo+step, … hi
};

// At most about `max_ticks` ticks covering [min, max]; a flat or empty range gets a unit span.
ValueAxis NiceValueAxis(double min, double max, int max_ticks);

// A compact label: 1.5k, 2M, 0.25, 1,200 → "1.2k".
std::string FormatValue(double v);

struct TimeTick {
  int64_t ms;
  std::string label;  // "14:30", or "12/07" for day steps (in the given zone)
};

// Ticks on round times of the zone, at most `max_ticks`, inside [start, end].
std::vector<TimeTick> TimeTicks(int64_t start_ms, int64_t end_ms, int tz_offset_minutes,
                                int max_ticks);

}  // namespace berth::services::monitoring::render
