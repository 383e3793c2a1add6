#include "services/logs/filter/value_match.h"

#include <re2/re2.h>

#include <charconv>

#include "services/logs/filter/parser.h"

namespace berth::services::logs::filter {
namespace {

bool Ordered(double a, CompareOp op, double b) {
  switch (op) {
    case CompareOp::kEq: return a == b;
    case CompareOp::kNe: return a != b;
    case CompareOp::kLt: return a < b;
    case CompareOp::kLe: return a <= b;
    case CompareOp::kGt: return a > b;
    case CompareOp::kGe: return a >= b;
  }
  return false;
}

bool TextEquals(const ValuePattern& v, std::string_view text) {
  const std::string_view want = v.text;
  if (v.starts_with && v.ends_with) return text.find(want) != std::string_view::npos;
  if (v.starts_with) return text.substr(0, want.size()) == want;
  if (v.ends_with) return text.size() >= want.size() && text.substr(text.size() - want.size()) == want;
  return text == want;
}

}  // namespace

bool CompareText(const FilterPattern& pattern, const ValuePattern& v, CompareOp op,
                 std::string_view text) {
  bool equal = false;
  switch (v.kind) {
    case ValuePattern::Kind::kAny:
      equal = true;
      break;
    case ValuePattern::Kind::kText:
      equal = TextEquals(v, text);
      break;
    case ValuePattern::Kind::kRegex:
      equal = RE2::PartialMatch(re2::StringPiece(text.data(), text.size()),
                                pattern.regex(v.regex));
      break;
    case ValuePattern::Kind::kNumber: {
      double number = 0;
      if (ParseNumber(text, &number)) return Ordered(number, op, v.number);
      equal = text == v.text;
      break;
    }
  }
  if (op == CompareOp::kEq) return equal;
  if (op == CompareOp::kNe) return !equal;
  return false;
}

bool CompareNumber(const FilterPattern& pattern, const ValuePattern& v, CompareOp op,
                   double number) {
  if (v.kind == ValuePattern::Kind::kNumber) return Ordered(number, op, v.number);
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), number);
  if (ec != std::errc()) return false;
  return CompareText(pattern, v, op, std::string_view(buffer, static_cast<size_t>(end - buffer)));
}

}  // namespace berth::services::logs::filter
