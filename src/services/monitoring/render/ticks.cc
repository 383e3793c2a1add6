#include "services/monitoring/render/ticks.h"

#include <cmath>
#include <cstdio>
#include <ctime>

namespace berth::services::monitoring::render {

ValueAxis NiceValueAxis(double min, double max, int max_ticks) {
  if (!std::isfinite(min) || !std::isfinite(max) || !std::isfinite(max - min) || min > max)
    min = 0, max = 1;
  if (max == min) {
    const double pad = min == 0 ? 1 : std::fabs(min) * 0.1;
    min -= pad;
    max += pad;
  }
  if (max_ticks < 2) max_ticks = 2;
  const double raw = (max - min) / (max_ticks - 1);
  const double mag = std::pow(10, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    step = m * mag;
    if (step >= raw) break;
  }
  ValueAxis axis;
  axis.step = step;
  axis.lo = std::floor(min / step) * step;
  axis.hi = std::ceil(max / step) * step;
  for (int i = 0;; ++i) {
    const double v = axis.lo + i * step;
    if (v > axis.hi + step * 1e-9 || i > 1000) break;
    axis.ticks.push_back(std::fabs(v) < step * 1e-9 ? 0.0 : v);
  }
  return axis;
}

std::string FormatValue(double v) {
  const double a = std::fabs(v);
  const char* suffix = "";
  double scaled = v;
  if (a >= 1e12)
    scaled = v / 1e12, suffix = "T";
  else if (a >= 1e9)
    scaled = v / 1e9, suffix = "G";
  else if (a >= 1e6)
    scaled = v / 1e6, suffix = "M";
  else if (a >= 1e3)
    scaled = v / 1e3, suffix = "k";
  char buf[64];
  // Up to three significant decimals, trailing zeros dropped.
  std::snprintf(buf, sizeof buf, "%.3f", scaled);
  std::string s = buf;
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return s + suffix;
}

std::vector<TimeTick> TimeTicks(int64_t start_ms, int64_t end_ms, int tz_offset_minutes,
                                int max_ticks) {
  std::vector<TimeTick> out;
  if (end_ms <= start_ms || max_ticks < 1) return out;
  constexpr int64_t kMin = 60'000, kHour = 60 * kMin, kDay = 24 * kHour;
  const int64_t steps[] = {kMin,     2 * kMin,  5 * kMin,  10 * kMin, 15 * kMin,  30 * kMin,
                           kHour,    2 * kHour, 3 * kHour, 6 * kHour, 12 * kHour, kDay,
                           2 * kDay, 7 * kDay,  14 * kDay, 30 * kDay};
  int64_t step = steps[sizeof steps / sizeof steps[0] - 1];
  for (int64_t s : steps) {
    if ((end_ms - start_ms) / s <= max_ticks) {
      step = s;
      break;
    }
  }
  const int64_t tz = int64_t{tz_offset_minutes} * kMin;
  // Round in local time so ticks fall on the zone's round hours and midnights.
  int64_t local = start_ms + tz;
  int64_t first = (local / step) * step;
  if (first < local) first += step;
  for (int64_t t = first; t - tz <= end_ms && out.size() < 1000; t += step) {
    const std::time_t secs = static_cast<std::time_t>(t / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[16];
    if (step >= kDay)
      std::snprintf(buf, sizeof buf, "%02d/%02d", tm.tm_mon + 1, tm.tm_mday);
    else
      std::snprintf(buf, sizeof buf, "%02d:%02d", tm.tm_hour, tm.tm_min);
    out.push_back({t - tz, buf});
  }
  return out;
}

}  // namespace berth::services::monitoring::render
