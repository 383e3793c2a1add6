#pragma once
// A composite alarm's AlarmRule: ALARM("name or ARN"), OK(…), INSUFFICIENT_DATA(…), TRUE, FALSE,
// combined with AND, OR, NOT and parentheses (quotes around the alarm are optional). Parsed
// once into an immutable tree; evaluated against the children's states whenever one changes.

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "services/monitoring/alarms/alarm.h"

namespace berth::services::monitoring::alarms {

inline constexpr size_t kMaxAlarmRuleLength = 10240;
inline constexpr size_t kMaxRuleElements = 500;
inline constexpr size_t kMaxRuleChildren = 100;
inline constexpr size_t kMaxRuleDepth = 64;

struct RuleNode {
  enum class Kind { kTrue, kFalse, kState, kNot, kAnd, kOr } kind;
  AlarmState state = AlarmState::kAlarm;  // kState: which state the function tests
  std::string alarm;                      // kState: the alarm as written (name or ARN)
  std::vector<std::unique_ptr<RuleNode>> children;
};

class AlarmRule {
 public:
  // InvalidParameterValue naming what is wrong and where (1-based character position); the
  // rule's size, element count and nesting are bounded.
  static Result<std::shared_ptr<const AlarmRule>> Parse(std::string_view text);

  // Every alarm the rule names, as written, without repeats.
  const std::vector<std::string>& alarms() const { return alarms_; }

  // `state_of` answers a referenced alarm's state (nullopt: it does not exist, so every
  // function of it is false).
  bool Evaluate(const std::function<std::optional<AlarmState>(const std::string&)>& state_of) const;

 private:
  std::unique_ptr<RuleNode> root_;
  std::vector<std::string> alarms_;
};

// The alarm name an ALARM(x) argument refers to in an account and region: x itself, or the
// name at the end of an alarm ARN of that account and region (nullopt for another's ARN).
std::optional<std::string> RuleAlarmName(std::string_view ref, std::string_view region,
                                         std::string_view account);

}  // namespace berth::services::monitoring::alarms
