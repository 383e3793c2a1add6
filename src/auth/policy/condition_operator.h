#pragma once
// A condition operator's name decoded: `ForAllValues:StringNotLikeIfExists` is the StringLike
// family, negated, with IfExists and the ForAllValues set qualifier.

#include <optional>
#include <string_view>

namespace berth::auth::policy {

enum class OperatorFamily {
  kString,            // StringEquals / StringNotEquals
  kStringIgnoreCase,  // StringEqualsIgnoreCase / StringNotEqualsIgnoreCase
  kStringLike,        // StringLike / StringNotLike
  kNumeric,
  kDate,
  kBool,
  kBinary,  // BinaryEquals
  kIp,      // IpAddress / NotIpAddress
  kArn,     // ArnEquals / ArnLike (the same test) and their Not forms
  kNull,
};

enum class Comparison { kEquals, kLessThan, kLessThanEquals, kGreaterThan, kGreaterThanEquals };

enum class SetQualifier { kNone, kForAnyValue, kForAllValues };

struct ConditionOperator {
  OperatorFamily family = OperatorFamily::kString;
  Comparison comparison = Comparison::kEquals;
  bool negated = false;    // the Not… forms: true when no value matches
  bool if_exists = false;  // …IfExists: true when the key is absent
  SetQualifier set = SetQualifier::kNone;
};

// The operator `name` spells (case-sensitive, as IAM reads it), or nullopt when it is none.
// `Null` takes neither IfExists nor a set qualifier.
std::optional<ConditionOperator> ParseConditionOperator(std::string_view name);

}  // namespace berth::auth::policy
