#pragma once
// One compiled condition (operator, key, values) and its test against a request context, as
// IAM defines it (reference_policies_elements_condition_operators, …_condition-single-vs-
// multi-valued-context-keys):
//   - the values of one key are ORed; a negated operator (StringNotEquals, NotIpAddress, …) is
//     true when *no* value matches, so its values act as an AND of "not this one";
//   - an absent key: false for positive operators, true for negated ones, true for …IfExists;
//     Null tests absence itself ("true": absent, "false": present);
//   - ForAnyValue: some request value satisfies the test (false when the key is absent);
//     ForAllValues: every request value does (true when the key is absent or empty);
//   - without a set qualifier a multi-valued key is tested like ForAnyValue;
//   - String and Arn values may hold policy variables; request values that do not parse as the
//     operator's type (a number, a date, an address) match nothing.

#include <cstdint>
#include <string>
#include <vector>

#include "auth/policy/ast.h"
#include "auth/policy/condition_operator.h"
#include "auth/policy/ip_range.h"
#include "auth/policy/request_context.h"
#include "auth/policy/variables.h"
#include "core/result.h"

namespace berth::auth::policy {

class CompiledCondition {
 public:
  // MalformedPolicyDocument when a value does not fit the operator (a date, number, boolean,
  // address or base-64 value that does not parse).
  static Result<CompiledCondition> Compile(const ConditionClause& clause, bool variables_enabled);

  bool Matches(const RequestContext& context) const;

  const ConditionOperator& op() const { return op_; }
  const std::string& key() const { return key_; }  // lowered

 private:
  // Whether one request value matches at least one of the policy's values.
  bool MatchesAnyValue(const std::string& request_value, const RequestContext& context) const;

  ConditionOperator op_;
  std::string key_;
  std::vector<Template> strings_;  // String*, Arn*
  std::vector<double> numbers_;
  std::vector<int64_t> times_;  // epoch milliseconds
  std::vector<bool> booleans_;  // Bool, Null
  std::vector<std::string> binaries_;
  std::vector<IpRange> ranges_;
};

// Date values as IAM reads them: ISO 8601 (a date, or a date and time with Z or an offset) or
// epoch seconds. nullopt when neither.
std::optional<int64_t> ParseConditionDate(std::string_view text);

}  // namespace berth::auth::policy
