#include "services/logs/insights/functions.h"

#include <arpa/inet.h>

#include <array>
#include <cmath>
#include <cstring>
#include <string>

#include "services/logs/insights/ascii.h"

namespace berth::services::logs::insights {
namespace {

using Args = std::span<const Value>;

// Part of `in`'s text: a view when `in` is a viewed string, else an owned copy.
Value Piece(const Value& in, std::string_view piece) {
  if (in.is_string() && !in.owns_string()) return Value::View(piece);
  return Value::Owned(std::string(piece));
}

// --- numeric -------------------------------------------------------------------------------

template <double (*F)(double)>
Value Unary(Args a, const Period&) {
  auto x = ToNumber(a[0]);
  if (!x) return Value();
  const double r = F(*x);
  return std::isnan(r) ? Value() : Value::Number(r);
}
double Log(double x) { return x > 0 ? std::log(x) : NAN; }
double Sqrt(double x) { return x >= 0 ? std::sqrt(x) : NAN; }
double Abs(double x) { return std::fabs(x); }
double Ceil(double x) { return std::ceil(x); }
double Floor(double x) { return std::floor(x); }

template <bool kGreatest>
Value Extreme(Args a, const Period&) {
  std::optional<double> best;
  for (const Value& v : a) {
    auto x = ToNumber(v);
    if (x && (!best || (kGreatest ? *x > *best : *x < *best))) best = x;
  }
  return best ? Value::Number(*best) : Value();
}

// --- general -------------------------------------------------------------------------------

Value IsPresent(Args a, const Period&) { return Value::Bool(!a[0].is_null()); }

Value Coalesce(Args a, const Period&) {
  for (const Value& v : a)
    if (!v.is_null()) return v;
  return Value();
}

// --- strings -------------------------------------------------------------------------------

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

Value IsEmpty(Args a, const Period&) {
  return Value::Bool(a[0].is_null() || (a[0].is_string() && a[0].as_string().empty()));
}

Value IsBlank(Args a, const Period&) {
  if (a[0].is_null()) return Value::Bool(true);
  if (!a[0].is_string()) return Value::Bool(false);
  for (char c : a[0].as_string())
    if (!IsSpace(c)) return Value::Bool(false);
  return Value::Bool(true);
}

Value Concat(Args a, const Period&) {
  std::string out;
  bool any = false;
  for (const Value& v : a) {
    if (v.is_null()) continue;
    any = true;
    AppendText(v, out);
  }
  return any ? Value::Owned(std::move(out)) : Value();
}

enum class Side { kLeft, kRight, kBoth };

template <Side kSide>
Value Trim(Args a, const Period&) {
  if (a[0].is_null()) return Value();
  std::string scratch, set_scratch;
  std::string_view s = TextOf(a[0], scratch);
  std::string_view set = " \t\n\r\f\v";
  if (a.size() > 1) {
    if (a[1].is_null()) return a[0];
    set = TextOf(a[1], set_scratch);
  }
  if (kSide != Side::kRight)
    while (!s.empty() && set.find(s.front()) != std::string_view::npos) s.remove_prefix(1);
  if (kSide != Side::kLeft)
    while (!s.empty() && set.find(s.back()) != std::string_view::npos) s.remove_suffix(1);
  return Piece(a[0], s);
}

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += !IsContinuation(c);
  return n;
}

// Byte offset of code point `index` (the end when past it).
size_t OffsetOfCodePoint(std::string_view s, size_t index) {
  size_t i = 0;
  for (; i < s.size(); ++i) {
    if (IsContinuation(s[i])) continue;
    if (index == 0) return i;
    --index;
  }
  return s.size();
}

Value StrLen(Args a, const Period&) {
  if (a[0].is_null()) return Value();
  std::string scratch;
  return Value::Number(static_cast<double>(CodePoints(TextOf(a[0], scratch))));
}

template <bool kUpper>
Value ChangeCase(Args a, const Period&) {
  if (a[0].is_null()) return Value();
  std::string scratch;
  std::string out(TextOf(a[0], scratch));
  for (char& c : out) {
    if (kUpper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (!kUpper && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return Value::Owned(std::move(out));
}

// substr(s, start[, length]): code points, start counted from 0.
Value Substr(Args a, const Period&) {
  if (a[0].is_null()) return Value();
  auto start = ToNumber(a[1]);
  if (!start) return Value();
  std::string scratch;
  const std::string_view s = TextOf(a[0], scratch);
  const double first = std::max(0.0, std::floor(*start));
  const size_t begin = first >= static_cast<double>(s.size())
                           ? s.size()
                           : OffsetOfCodePoint(s, static_cast<size_t>(first));
  size_t end = s.size();
  if (a.size() > 2) {
    auto length = ToNumber(a[2]);
    if (!length) return Value();
    const double count = std::max(0.0, std::floor(*length));
    if (count < static_cast<double>(s.size() - begin))
      end = begin + OffsetOfCodePoint(s.substr(begin), static_cast<size_t>(count));
  }
  return Piece(a[0], s.substr(begin, end - begin));
}

Value Replace(Args a, const Period&) {
  if (a[0].is_null()) return Value();
  if (a[1].is_null() || a[2].is_null()) return a[0];
  std::string s_scratch, from_scratch, to_scratch;
  const std::string_view s = TextOf(a[0], s_scratch);
  const std::string_view from = TextOf(a[1], from_scratch);
  const std::string_view to = TextOf(a[2], to_scratch);
  if (from.empty()) return a[0];
  std::string out;
  size_t pos = 0;
  for (size_t hit; (hit = s.find(from, pos)) != std::string_view::npos; pos = hit + from.size()) {
    out.append(s.substr(pos, hit - pos));
    out.append(to);
  }
  out.append(s.substr(pos));
  return Value::Owned(std::move(out));
}

Value StrContains(Args a, const Period&) {
  if (a[0].is_null() || a[1].is_null()) return Value();
  std::string s_scratch, sub_scratch;
  return Value::Number(
      TextOf(a[0], s_scratch).find(TextOf(a[1], sub_scratch)) != std::string_view::npos ? 1 : 0);
}

// --- date and time -------------------------------------------------------------------------

std::optional<int64_t> Millis(const Value& v) {
  auto x = ToNumber(v);
  if (!x || !std::isfinite(*x) || std::fabs(*x) > 1e17) return std::nullopt;
  return static_cast<int64_t>(std::floor(*x));
}

Value DateFloor(Args a, const Period& period) {
  auto ms = Millis(a[0]);
  return ms ? Value::Time(FloorTime(*ms, period)) : Value();
}

Value DateCeil(Args a, const Period& period) {
  auto ms = Millis(a[0]);
  return ms ? Value::Time(CeilTime(*ms, period)) : Value();
}

Value FromMillis(Args a, const Period&) {
  auto ms = Millis(a[0]);
  return ms ? Value::Time(*ms) : Value();
}

Value ToMillis(Args a, const Period&) {
  auto ms = Millis(a[0]);
  return ms ? Value::Number(static_cast<double>(*ms)) : Value();
}

// --- IP addresses --------------------------------------------------------------------------

struct Address {
  int family = 0;  // AF_INET or AF_INET6
  std::array<unsigned char, 16> bytes{};
};

std::optional<Address> ParseAddress(std::string_view text) {
  if (text.empty() || text.size() > 64) return std::nullopt;
  const std::string s(text);
  Address a;
  if (inet_pton(AF_INET, s.c_str(), a.bytes.data()) == 1) {
    a.family = AF_INET;
    return a;
  }
  if (inet_pton(AF_INET6, s.c_str(), a.bytes.data()) == 1) {
    a.family = AF_INET6;
    return a;
  }
  return std::nullopt;
}

std::optional<Address> AddressArg(const Value& v) {
  if (!v.is_string()) return std::nullopt;
  return ParseAddress(v.as_string());
}

template <int kFamily>
Value IsValidIp(Args a, const Period&) {
  auto address = AddressArg(a[0]);
  return Value::Bool(address && (kFamily == 0 || address->family == kFamily));
}

template <int kFamily>
Value IsIpInSubnet(Args a, const Period&) {
  auto address = AddressArg(a[0]);
  if (!address || !a[1].is_string()) return Value::Bool(false);
  const std::string_view subnet = a[1].as_string();
  const size_t slash = subnet.find('/');
  auto network = ParseAddress(subnet.substr(0, slash));
  if (!network || network->family != address->family) return Value::Bool(false);
  if (kFamily != 0 && address->family != kFamily) return Value::Bool(false);
  const int max_bits = address->family == AF_INET ? 32 : 128;
  int bits = max_bits;
  if (slash != std::string_view::npos) {
    auto parsed = ParseNumber(subnet.substr(slash + 1));
    if (!parsed || *parsed < 0 || *parsed > max_bits || *parsed != std::floor(*parsed))
      return Value::Bool(false);
    bits = static_cast<int>(*parsed);
  }
  for (int i = 0; i < bits; ++i) {
    const int mask = 0x80 >> (i % 8);
    if ((address->bytes[i / 8] & mask) != (network->bytes[i / 8] & mask)) return Value::Bool(false);
  }
  return Value::Bool(true);
}

constexpr FunctionSpec Scalar(std::string_view name, int min_args, int max_args, ScalarFunction fn,
                              FunctionForm form = FunctionForm::kValues) {
  return FunctionSpec{name, min_args, max_args, false, fn, AggregateKind::kCountAll, form};
}
constexpr FunctionSpec Stat(std::string_view name, int min_args, int max_args, AggregateKind kind) {
  return FunctionSpec{name, min_args, max_args, true, nullptr, kind, FunctionForm::kValues};
}

constexpr std::array kFunctions = {
    Scalar("abs", 1, 1, Unary<Abs>),
    Scalar("ceil", 1, 1, Unary<Ceil>),
    Scalar("floor", 1, 1, Unary<Floor>),
    Scalar("greatest", 1, -1, Extreme<true>),
    Scalar("least", 1, -1, Extreme<false>),
    Scalar("log", 1, 1, Unary<Log>),
    Scalar("sqrt", 1, 1, Unary<Sqrt>),
    Scalar("ispresent", 1, 1, IsPresent),
    Scalar("coalesce", 1, -1, Coalesce),
    Scalar("isempty", 1, 1, IsEmpty),
    Scalar("isblank", 1, 1, IsBlank),
    Scalar("concat", 1, -1, Concat),
    Scalar("ltrim", 1, 2, Trim<Side::kLeft>),
    Scalar("rtrim", 1, 2, Trim<Side::kRight>),
    Scalar("trim", 1, 2, Trim<Side::kBoth>),
    Scalar("strlen", 1, 1, StrLen),
    Scalar("toupper", 1, 1, ChangeCase<true>),
    Scalar("tolower", 1, 1, ChangeCase<false>),
    Scalar("substr", 2, 3, Substr),
    Scalar("replace", 3, 3, Replace),
    Scalar("strcontains", 2, 2, StrContains),
    Scalar("bin", 1, 1, DateFloor, FunctionForm::kPeriodOnly),
    Scalar("datefloor", 2, 2, DateFloor, FunctionForm::kValueAndPeriod),
    Scalar("dateceil", 2, 2, DateCeil, FunctionForm::kValueAndPeriod),
    Scalar("fromMillis", 1, 1, FromMillis),
    Scalar("toMillis", 1, 1, ToMillis),
    Scalar("isValidIp", 1, 1, IsValidIp<0>),
    Scalar("isValidIpV4", 1, 1, IsValidIp<AF_INET>),
    Scalar("isValidIpV6", 1, 1, IsValidIp<AF_INET6>),
    Scalar("isIpInSubnet", 2, 2, IsIpInSubnet<0>),
    Scalar("isIpv4InSubnet", 2, 2, IsIpInSubnet<AF_INET>),
    Scalar("isIpv6InSubnet", 2, 2, IsIpInSubnet<AF_INET6>),
    Stat("count", 0, 1, AggregateKind::kCount),
    Stat("count_distinct", 1, 1, AggregateKind::kCountDistinct),
    Stat("sum", 1, 1, AggregateKind::kSum),
    Stat("avg", 1, 1, AggregateKind::kAvg),
    Stat("min", 1, 1, AggregateKind::kMin),
    Stat("max", 1, 1, AggregateKind::kMax),
    Stat("pct", 2, 2, AggregateKind::kPct),
    Stat("stddev", 1, 1, AggregateKind::kStddev),
    Stat("earliest", 1, 1, AggregateKind::kEarliest),
    Stat("latest", 1, 1, AggregateKind::kLatest),
    Stat("sortsFirst", 1, 1, AggregateKind::kSortsFirst),
    Stat("sortsLast", 1, 1, AggregateKind::kSortsLast),
};

}  // namespace

const FunctionSpec* FindFunction(std::string_view name) {
  for (const FunctionSpec& f : kFunctions)
    if (EqualsIgnoreCase(f.name, name)) return &f;
  return nullptr;
}

}  // namespace berth::services::logs::insights
