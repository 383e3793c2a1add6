#include "auth/policy/condition_operator.h"

#include <array>

namespace berth::auth::policy {
namespace {

struct NamedOperator {
  std::string_view name;
  OperatorFamily family;
  Comparison comparison;
  bool negated;
};

using F = OperatorFamily;
using C = Comparison;

// IAM's documented operators (reference_policies_elements_condition_operators).
constexpr std::array<NamedOperator, 27> kOperators = {{
    {"StringEquals", F::kString, C::kEquals, false},
    {"StringNotEquals", F::kString, C::kEquals, true},
    {"StringEqualsIgnoreCase", F::kStringIgnoreCase, C::kEquals, false},
    {"StringNotEqualsIgnoreCase", F::kStringIgnoreCase, C::kEquals, true},
    {"StringLike", F::kStringLike, C::kEquals, false},
    {"StringNotLike", F::kStringLike, C::kEquals, true},
    {"NumericEquals", F::kNumeric, C::kEquals, false},
    {"NumericNotEquals", F::kNumeric, C::kEquals, true},
    {"NumericLessThan", F::kNumeric, C::kLessThan, false},
    {"NumericLessThanEquals", F::kNumeric, C::kLessThanEquals, false},
    {"NumericGreaterThan", F::kNumeric, C::kGreaterThan, false},
    {"NumericGreaterThanEquals", F::kNumeric, C::kGreaterThanEquals, false},
    {"DateEquals", F::kDate, C::kEquals, false},
    {"DateNotEquals", F::kDate, C::kEquals, true},
    {"DateLessThan", F::kDate, C::kLessThan, false},
    {"DateLessThanEquals", F::kDate, C::kLessThanEquals, false},
    {"DateGreaterThan", F::kDate, C::kGreaterThan, false},
    {"DateGreaterThanEquals", F::kDate, C::kGreaterThanEquals, false},
    {"Bool", F::kBool, C::kEquals, false},
    {"BinaryEquals", F::kBinary, C::kEquals, false},
    {"IpAddress", F::kIp, C::kEquals, false},
    {"NotIpAddress", F::kIp, C::kEquals, true},
    {"ArnEquals", F::kArn, C::kEquals, false},
    {"ArnLike", F::kArn, C::kEquals, false},
    {"ArnNotEquals", F::kArn, C::kEquals, true},
    {"ArnNotLike", F::kArn, C::kEquals, true},
    {"Null", F::kNull, C::kEquals, false},
}};

bool ConsumePrefix(std::string_view& s, std::string_view prefix) {
  if (s.substr(0, prefix.size()) != prefix) return false;
  s.remove_prefix(prefix.size());
  return true;
}

bool ConsumeSuffix(std::string_view& s, std::string_view suffix) {
  if (s.size() < suffix.size() || s.substr(s.size() - suffix.size()) != suffix) return false;
  s.remove_suffix(suffix.size());
  return true;
}

}  // namespace

std::optional<ConditionOperator> ParseConditionOperator(std::string_view name) {
  ConditionOperator op;
  if (ConsumePrefix(name, "ForAnyValue:")) {
    op.set = SetQualifier::kForAnyValue;
  } else if (ConsumePrefix(name, "ForAllValues:")) {
    op.set = SetQualifier::kForAllValues;
  }
  op.if_exists = ConsumeSuffix(name, "IfExists");
  for (const NamedOperator& known : kOperators) {
    if (known.name != name) continue;
    if (known.family == F::kNull && (op.if_exists || op.set != SetQualifier::kNone)) {
      return std::nullopt;
    }
    op.family = known.family;
    op.comparison = known.comparison;
    op.negated = known.negated;
    return op;
  }
  return std::nullopt;
}

}  // namespace berth::auth::policy
