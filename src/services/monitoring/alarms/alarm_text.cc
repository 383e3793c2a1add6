#include "services/monitoring/alarms/alarm_text.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <ctime>

namespace berth::services::monitoring::alarms {
namespace {

std::tm Utc(int64_t ms) {
  std::time_t secs = static_cast<std::time_t>(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return tm;
}

// The shortest round-trip digits of |v| and its decimal exponent: v = 0.d1d2d3… × 10^exp.
void Digits(double v, std::string& digits, int& exp10) {
  char buf[96];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, std::fabs(v), std::chars_format::scientific);
  std::string s(buf, ec == std::errc() ? end : buf);
  const size_t e = s.find('e');
  std::string mantissa = s.substr(0, e);
  exp10 = std::stoi(s.substr(e + 1)) + 1;
  digits.clear();
  for (char c : mantissa)
    if (c != '.') digits.push_back(c);
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
}

}  // namespace

std::string JavaDouble(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  if (v == 0) return std::signbit(v) ? "-0.0" : "0.0";
  std::string digits;
  int exp10 = 0;
  Digits(v, digits, exp10);
  std::string out = v < 0 ? "-" : "";
  const double a = std::fabs(v);
  if (a >= 1e-3 && a < 1e7) {
    if (exp10 <= 0) {
      out += "0.";
      out.append(static_cast<size_t>(-exp10), '0');
      out += digits;
    } else if (static_cast<size_t>(exp10) >= digits.size()) {
      out += digits;
      out.append(static_cast<size_t>(exp10) - digits.size(), '0');
      out += ".0";
    } else {
      out += digits.substr(0, static_cast<size_t>(exp10)) + "." +
             digits.substr(static_cast<size_t>(exp10));
    }
    return out;
  }
  out += digits.substr(0, 1) + ".";
  out += digits.size() > 1 ? digits.substr(1) : "0";
  out += "E" + std::to_string(exp10 - 1);
  return out;
}

std::string ReasonTime(int64_t ms) {
  const std::tm tm = Utc(ms);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%02d/%02d/%02d %02d:%02d:%02d", tm.tm_mday, tm.tm_mon + 1,
                tm.tm_year % 100, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::string ReasonDataTime(int64_t ms) {
  const std::tm tm = Utc(ms);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03d+0000", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(((ms % 1000) + 1000) % 1000));
  return buf;
}

std::string LongTime(int64_t ms) {
  static const char* const kDays[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                      "Thursday", "Friday", "Saturday"};
  static const char* const kMonths[] = {"January", "February", "March",     "April",
                                        "May",     "June",     "July",      "August",
                                        "September", "October", "November", "December"};
  const std::tm tm = Utc(ms);
  char buf[128];
  std::snprintf(buf, sizeof buf, "%s %02d %s, %04d %02d:%02d:%02d UTC", kDays[tm.tm_wday],
                tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return buf;
}

}  // namespace berth::services::monitoring::alarms
