#pragma once
// How CloudWatch writes numbers and times into alarm texts: StateReason ("150.0 (07/12/26
// 14:30:10)"), StateReasonData ("2026-12-07T14:30:10.000+0000") and the composite reasons
// ("Monday 07 December, 2026 14:30:10 UTC"). AWS's service is Java: numbers read as Java's
// Double.toString.

#include <cstdint>
#include <string>

namespace berth::services::monitoring::alarms {

// 150 → "150.0", 0.25 → "0.25", 1e-4 → "1.0E-4", 12345678 → "1.2345678E7".
std::string JavaDouble(double v);
// "dd/MM/yy HH:mm:ss" in UTC.
std::string ReasonTime(int64_t ms);
// "yyyy-MM-dd'T'HH:mm:ss.SSS+0000".
std::string ReasonDataTime(int64_t ms);
// "EEEE dd MMMM, yyyy HH:mm:ss 'UTC'".
std::string LongTime(int64_t ms);
// "s" unless n is 1.
inline const char* Plural(int64_t n) { return n == 1 ? "" : "s"; }

}  // namespace berth::services::monitoring::alarms
