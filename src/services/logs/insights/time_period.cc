#include "services/logs/insights/time_period.h"

#include <array>
#include <cstdio>

namespace berth::services::logs::insights {
namespace {

constexpr int64_t kMsPerDay = 86'400'000;

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Howard Hinnant's days_from_civil / civil_from_days (public domain), proleptic Gregorian.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

struct Civil {
  int64_t year;
  unsigned month;  // 1..12
  unsigned day;    // 1..31
};

Civil CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

std::optional<int64_t> FixedLength(PeriodUnit unit) {
  switch (unit) {
    case PeriodUnit::kMillisecond: return 1;
    case PeriodUnit::kSecond: return 1000;
    case PeriodUnit::kMinute: return 60'000;
    case PeriodUnit::kHour: return 3'600'000;
    case PeriodUnit::kDay: return kMsPerDay;
    case PeriodUnit::kWeek: return 7 * kMsPerDay;
    default: return std::nullopt;
  }
}

int64_t MonthsPerUnit(PeriodUnit unit) {
  return unit == PeriodUnit::kYear ? 12 : unit == PeriodUnit::kQuarter ? 3 : 1;
}

// 1970-01-05 was a Monday: weeks are counted from there.
constexpr int64_t kMondayOffset = 4 * kMsPerDay;

int64_t MonthIndexToMs(int64_t month_index) {
  const int64_t year = 1970 + FloorDiv(month_index, 12);
  const unsigned month = static_cast<unsigned>(month_index - FloorDiv(month_index, 12) * 12) + 1;
  return DaysFromCivil(year, month, 1) * kMsPerDay;
}

}  // namespace

std::optional<PeriodUnit> ParsePeriodUnit(std::string_view name) {
  struct Entry {
    std::string_view name;
    PeriodUnit unit;
  };
  static constexpr std::array<Entry, 25> kNames = {{
      {"ms", PeriodUnit::kMillisecond},
      {"msec", PeriodUnit::kMillisecond},
      {"millisecond", PeriodUnit::kMillisecond},
      {"s", PeriodUnit::kSecond},
      {"sec", PeriodUnit::kSecond},
      {"second", PeriodUnit::kSecond},
      {"m", PeriodUnit::kMinute},
      {"min", PeriodUnit::kMinute},
      {"minute", PeriodUnit::kMinute},
      {"h", PeriodUnit::kHour},
      {"hr", PeriodUnit::kHour},
      {"hour", PeriodUnit::kHour},
      {"d", PeriodUnit::kDay},
      {"day", PeriodUnit::kDay},
      {"w", PeriodUnit::kWeek},
      {"week", PeriodUnit::kWeek},
      {"mo", PeriodUnit::kMonth},
      {"mon", PeriodUnit::kMonth},
      {"month", PeriodUnit::kMonth},
      {"q", PeriodUnit::kQuarter},
      {"qtr", PeriodUnit::kQuarter},
      {"quarter", PeriodUnit::kQuarter},
      {"y", PeriodUnit::kYear},
      {"yr", PeriodUnit::kYear},
      {"year", PeriodUnit::kYear},
  }};
  for (const Entry& e : kNames)
    if (e.name == name) return e.unit;
  if (name.size() > 2 && name.back() == 's') {  // plural of a name longer than one letter
    const std::string_view stem = name.substr(0, name.size() - 1);
    for (const Entry& e : kNames)
      if (e.name.size() > 1 && e.name == stem) return e.unit;
  }
  return std::nullopt;
}

int64_t FloorTime(int64_t ms, const Period& period) {
  if (auto length = FixedLength(period.unit)) {
    const int64_t step = *length * period.count;
    const int64_t origin = period.unit == PeriodUnit::kWeek ? kMondayOffset : 0;
    return FloorDiv(ms - origin, step) * step + origin;
  }
  const Civil civil = CivilFromDays(FloorDiv(ms, kMsPerDay));
  const int64_t month_index = (civil.year - 1970) * 12 + (civil.month - 1);
  const int64_t step = MonthsPerUnit(period.unit) * period.count;
  return MonthIndexToMs(FloorDiv(month_index, step) * step);
}

int64_t CeilTime(int64_t ms, const Period& period) {
  const int64_t floor = FloorTime(ms, period);
  if (floor == ms) return ms;
  if (auto length = FixedLength(period.unit)) return floor + *length * period.count;
  const Civil civil = CivilFromDays(FloorDiv(floor, kMsPerDay));
  const int64_t month_index = (civil.year - 1970) * 12 + (civil.month - 1);
  return MonthIndexToMs(month_index + MonthsPerUnit(period.unit) * period.count);
}

std::string FormatTimestamp(int64_t ms) {
  const int64_t days = FloorDiv(ms, kMsPerDay);
  const int64_t in_day = ms - days * kMsPerDay;
  const Civil c = CivilFromDays(days);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u %02lld:%02lld:%02lld.%03lld",
                static_cast<long long>(c.year), c.month, c.day,
                static_cast<long long>(in_day / 3'600'000),
                static_cast<long long>(in_day / 60'000 % 60),
                static_cast<long long>(in_day / 1000 % 60), static_cast<long long>(in_day % 1000));
  return buf;
}

}  // namespace berth::services::logs::insights
