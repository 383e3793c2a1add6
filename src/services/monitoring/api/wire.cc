#include "services/monitoring/api/wire.h"

#include <charconv>
#include <cmath>

#include "core/time_format.h"
#include "services/monitoring/model/errors.h"

namespace berth::services::monitoring::wire {
namespace {

Error WrongType(std::string_view param, std::string_view want) {
  return errors::Serialization("The value of " + std::string(param) + " must be " +
                               std::string(want) + ".");
}

std::optional<double> ParseDouble(std::string_view s) {
  if (s.empty()) return std::nullopt;
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

const Document* Member(const Document& map, std::string_view key) {
  const Document* d = map.Find(key);
  return d == nullptr || d->is_null() ? nullptr : d;
}

Result<std::string> String(const Document& d, std::string_view param) {
  if (!d.is_string()) return WrongType(param, "a string");
  return d.as_string();
}

Result<double> Number(const Document& d, std::string_view param) {
  switch (d.kind()) {
    case Document::Kind::kInt:
      return static_cast<double>(d.as_int());
    case Document::Kind::kDouble:
      return d.as_double();
    case Document::Kind::kString: {
      // The query wire and JSON's special values ("NaN", "Infinity") arrive as text.
      const std::string& s = d.as_string();
      if (s == "NaN") return std::nan("");
      if (s == "Infinity") return HUGE_VAL;
      if (s == "-Infinity") return -HUGE_VAL;
      if (auto v = ParseDouble(s)) return *v;
      return errors::InvalidValue(param, s);
    }
    default:
      return WrongType(param, "a number");
  }
}

Result<int64_t> Integer(const Document& d, std::string_view param) {
  if (d.kind() == Document::Kind::kInt) return d.as_int();
  if (d.kind() == Document::Kind::kDouble && std::trunc(d.as_double()) == d.as_double() &&
      std::fabs(d.as_double()) < 9e18)
    return static_cast<int64_t>(d.as_double());
  if (d.is_string()) {
    const std::string& s = d.as_string();
    int64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc() && p == s.data() + s.size() && !s.empty()) return v;
    return errors::InvalidValue(param, s);
  }
  return WrongType(param, "an integer");
}

Result<bool> Boolean(const Document& d, std::string_view param) {
  if (d.kind() == Document::Kind::kBool) return d.as_bool();
  if (d.is_string()) {
    if (d.as_string() == "true") return true;
    if (d.as_string() == "false") return false;
    return errors::InvalidValue(param, d.as_string());
  }
  return WrongType(param, "a boolean");
}

Result<TimePoint> Timestamp(const Document& d, std::string_view param) {
  switch (d.kind()) {
    case Document::Kind::kTimestamp:
      return d.as_timestamp();
    case Document::Kind::kInt:
      return timefmt::FromEpochSeconds(static_cast<double>(d.as_int()));
    case Document::Kind::kDouble:
      if (std::isfinite(d.as_double()) && std::fabs(d.as_double()) < 1e13)
        return timefmt::FromEpochSeconds(d.as_double());
      break;
    case Document::Kind::kString:
      if (auto t = timefmt::ParseIso8601(d.as_string())) return *t;
      if (auto v = ParseDouble(d.as_string()); v && std::isfinite(*v) && std::fabs(*v) < 1e13)
        return timefmt::FromEpochSeconds(*v);
      return errors::InvalidValue(param, d.as_string());
    default:
      break;
  }
  return WrongType(param, "a timestamp");
}

Result<const Document::List*> List(const Document& d, std::string_view param) {
  if (!d.is_list()) return WrongType(param, "a list");
  return &d.as_list();
}

Result<const Document*> Structure(const Document& d, std::string_view param) {
  if (!d.is_map()) return WrongType(param, "a structure");
  return &d;
}

std::string Item(std::string_view list, size_t index0) {
  return std::string(list) + ".member." + std::to_string(index0 + 1);
}

}  // namespace berth::services::monitoring::wire
