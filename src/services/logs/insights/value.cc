#include "services/logs/insights/value.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "services/logs/insights/time_period.h"

namespace berth::services::logs::insights {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int CompareBytes(std::string_view a, std::string_view b) {
  const int c = a.compare(b);
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

template <class T>
int Sign(T a, T b) {
  return a < b ? -1 : b < a ? 1 : 0;
}

// The natural-order comparison of two texts that are not numbers.
int ChunkCompare(std::string_view a, std::string_view b) {
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    const bool digits_a = IsDigit(a[i]), digits_b = IsDigit(b[j]);
    size_t end_a = i, end_b = j;
    while (end_a < a.size() && IsDigit(a[end_a]) == digits_a) ++end_a;
    while (end_b < b.size() && IsDigit(b[end_b]) == digits_b) ++end_b;
    const std::string_view chunk_a = a.substr(i, end_a - i), chunk_b = b.substr(j, end_b - j);
    int c;
    if (digits_a && digits_b && chunk_a.size() != chunk_b.size())
      c = Sign(chunk_a.size(), chunk_b.size());  // a longer digit run is the larger number
    else
      c = CompareBytes(chunk_a, chunk_b);  // UTF-8 byte order is code point order
    if (c != 0) return c;
    i = end_a;
    j = end_b;
  }
  return Sign(a.size() - i == 0 ? 0 : 1, b.size() - j == 0 ? 0 : 1);
}

}  // namespace

std::string FormatNumber(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  if (d == std::trunc(d) && std::fabs(d) < 1e15) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(d));
    return buf;
  }
  char buf[400];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed);
  if (ec != std::errc()) return "NaN";
  return std::string(buf, end);
}

void AppendText(const Value& v, std::string& out) {
  switch (v.kind()) {
    case Value::Kind::kNull: return;
    case Value::Kind::kBool: out += v.as_bool() ? "true" : "false"; return;
    case Value::Kind::kNumber: out += FormatNumber(v.as_number()); return;
    case Value::Kind::kTimestamp: out += FormatTimestamp(v.as_millis()); return;
    case Value::Kind::kString: out += v.as_string(); return;
  }
}

std::string_view TextOf(const Value& v, std::string& scratch) {
  if (v.is_string()) return v.as_string();
  scratch.clear();
  AppendText(v, scratch);
  return scratch;
}

std::string FormatValue(const Value& v) {
  std::string out;
  AppendText(v, out);
  return out;
}

std::optional<double> ParseNumber(std::string_view text) {
  if (text.empty()) return std::nullopt;
  if (text[0] == '+') text.remove_prefix(1);
  const size_t first = text.empty() ? 0 : (text[0] == '-' ? 1 : 0);
  if (first >= text.size() || !(IsDigit(text[first]) || text[first] == '.')) return std::nullopt;
  double value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<double> ToNumber(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kNumber: return v.as_number();
    case Value::Kind::kTimestamp: return static_cast<double>(v.as_millis());
    case Value::Kind::kString: return ParseNumber(v.as_string());
    default: return std::nullopt;
  }
}

std::optional<bool> ValuesEqual(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return std::nullopt;
  if (a.is_string() && b.is_string()) return a.as_string() == b.as_string();
  if (a.kind() == Value::Kind::kBool && b.kind() == Value::Kind::kBool)
    return a.as_bool() == b.as_bool();
  if (a.kind() != Value::Kind::kBool && b.kind() != Value::Kind::kBool) {
    auto x = ToNumber(a), y = ToNumber(b);
    if (x && y) return *x == *y;
  }
  return FormatValue(a) == FormatValue(b);
}

std::optional<int> CompareValues(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return std::nullopt;
  auto x = ToNumber(a), y = ToNumber(b);
  if (x && y) return Sign(*x, *y);
  if (a.is_string() && b.is_string()) return CompareBytes(a.as_string(), b.as_string());
  return CompareBytes(FormatValue(a), FormatValue(b));
}

int NaturalCompare(const Value& a, const Value& b) {
  auto x = ToNumber(a), y = ToNumber(b);
  if (x && y) {
    if (const int c = Sign(*x, *y); c != 0) return c;
    if (a.is_string() && b.is_string()) return CompareBytes(a.as_string(), b.as_string());
    return 0;
  }
  if (x.has_value() != y.has_value()) return x ? 1 : -1;  // numbers come last
  if (a.is_string() && b.is_string()) return ChunkCompare(a.as_string(), b.as_string());
  return ChunkCompare(FormatValue(a), FormatValue(b));
}

bool IsTruthy(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kNull: return false;
    case Value::Kind::kBool: return v.as_bool();
    case Value::Kind::kNumber: return v.as_number() != 0 && !std::isnan(v.as_number());
    case Value::Kind::kTimestamp: return true;
    case Value::Kind::kString: return !v.as_string().empty();
  }
  return false;
}

}  // namespace berth::services::logs::insights
