#pragma once
// Time periods as the query language writes them (`5m`, `1h`, `30sec`, `2mo`) and the calendar
// arithmetic behind bin(), datefloor() and dateceil(), all in UTC milliseconds since the epoch.
// Units, as AWS lists them for bin(): ms/msec/millisecond, s/sec/second, m/min/minute,
// h/hr/hour, d/day, w/week, mo/mon/month, q/qtr/quarter, y/yr/year; every name longer than one
// letter may take a plural `s` (hrs, mins, days).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace berth::services::logs::insights {

enum class PeriodUnit {
  kMillisecond,
  kSecond,
  kMinute,
  kHour,
  kDay,
  kWeek,
  kMonth,
  kQuarter,
  kYear
};

struct Period {
  int64_t count = 1;  // > 0
  PeriodUnit unit = PeriodUnit::kMinute;
};

std::optional<PeriodUnit> ParsePeriodUnit(std::string_view name);

// The start of the period holding `ms`: fixed-length units count from the epoch (weeks start on
// Monday), months, quarters and years from the start of the calendar year 1970.
int64_t FloorTime(int64_t ms, const Period& period);
// `ms` itself when it starts a period, else the start of the next period.
int64_t CeilTime(int64_t ms, const Period& period);

// "2024-03-05 17:04:09.120": how Logs Insights prints timestamps.
std::string FormatTimestamp(int64_t ms);

}  // namespace berth::services::logs::insights
