#pragma once
// The time formats on AWS wires: ISO 8601 (XML, CloudTrail), epoch seconds (JSON), and SigV4's
// basic format (20261125T044418Z). Strict parsers: anything unexpected is nullopt.

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"

namespace berth::timefmt {

// "2026-11-25T04:44:18Z"
std::string Iso8601(TimePoint t);
// "2026-11-25T04:44:18.123Z"
std::string Iso8601Millis(TimePoint t);
// Accepts YYYY-MM-DDThh:mm:ss[.fraction](Z|±hh:mm).
std::optional<TimePoint> ParseIso8601(std::string_view text);
// "20261125T044418Z" and its parser.
std::string AmzDate(TimePoint t);
std::optional<TimePoint> ParseAmzDate(std::string_view text);
// "20261125"
std::string DateStamp(TimePoint t);
// "20261125T0444Z": AmzDate to the minute (CloudTrail's log file names).
std::string AmzDateMinutes(TimePoint t);
// "2026/11/25": a date as folders of an object key (CloudTrail's delivery keys).
std::string DatePath(TimePoint t);
// Seconds since the epoch, with milliseconds as the fraction.
double EpochSeconds(TimePoint t);
TimePoint FromEpochSeconds(double seconds);

}  // namespace berth::timefmt
