#include <gtest/gtest.h>

#include <map>
#include <string>

#include "services/monitoring/alarms/alarm_rule.h"

namespace berth::services::monitoring::alarms {
namespace {

bool Eval(const std::string& text, const std::map<std::string, AlarmState>& states) {
  auto rule = AlarmRule::Parse(text);
  EXPECT_TRUE(rule.ok()) << (rule.ok() ? "" : rule.error().message);
  if (!rule.ok()) return false;
  return (*rule)->Evaluate([&](const std::string& name) -> std::optional<AlarmState> {
    auto it = states.find(name);
    if (it == states.end()) return std::nullopt;
    return it->second;
  });
}

TEST(AlarmRule, EvaluatesFunctionsOperatorsAndParentheses) {
  const std::map<std::string, AlarmState> s = {{"cpu", AlarmState::kAlarm},
                                               {"disk", AlarmState::kOk},
                                               {"new", AlarmState::kInsufficientData}};
  EXPECT_TRUE(Eval("ALARM(cpu)", s));
  EXPECT_TRUE(Eval("ALARM(\"cpu\") AND OK('disk')", s));
  EXPECT_FALSE(Eval("ALARM(cpu) AND NOT OK(disk)", s));
  EXPECT_TRUE(Eval("(ALARM(disk) OR ALARM(cpu)) AND INSUFFICIENT_DATA(new)", s));
  EXPECT_TRUE(Eval("TRUE", s));
  EXPECT_FALSE(Eval("FALSE OR ALARM(missing)", s));
  EXPECT_TRUE(Eval("ALARM(arn:aws:cloudwatch:us-east-1:123456789012:alarm:cpu) OR FALSE",
                   {{"arn:aws:cloudwatch:us-east-1:123456789012:alarm:cpu", AlarmState::kAlarm}}));
}

TEST(AlarmRule, ListsEveryNamedAlarmOnce) {
  auto rule = AlarmRule::Parse("ALARM(a) OR OK(b) OR ALARM(\"a\")");
  ASSERT_TRUE(rule.ok());
  EXPECT_EQ((*rule)->alarms(), (std::vector<std::string>{"a", "b"}));
}

TEST(AlarmRule, RejectsMalformedRulesWithThePosition) {
  for (const char* bad : {"", "ALARM(", "ALARM()", "ALARM(a) AND", "ALARM(a) OR OR OK(b)",
                          "(ALARM(a)", "ALARM(a))", "alarm(a)", "ALARM(\"a)", "MAYBE(a)"}) {
    auto rule = AlarmRule::Parse(bad);
    ASSERT_FALSE(rule.ok()) << bad;
    EXPECT_EQ(rule.error().code, "InvalidParameterValueException") << bad;
  }
  auto rule = AlarmRule::Parse("ALARM(a) AND");
  EXPECT_EQ(rule.error().message, "Error in alarm rule: unexpected end of rule at position 13.");
}

TEST(AlarmRule, BoundsSizeAndNesting) {
  EXPECT_FALSE(AlarmRule::Parse(std::string(10241, ' ')).ok());
  std::string deep(200, '(');
  deep += "TRUE" + std::string(200, ')');
  EXPECT_FALSE(AlarmRule::Parse(deep).ok());
  std::string many = "TRUE";
  for (int i = 0; i < 600; ++i) many += " OR TRUE";
  EXPECT_FALSE(AlarmRule::Parse(many).ok());
}

TEST(AlarmRule, ResolvesArnsOfTheSameAccountAndRegion) {
  EXPECT_EQ(RuleAlarmName("cpu", "us-east-1", "123456789012"), "cpu");
  EXPECT_EQ(RuleAlarmName("arn:aws:cloudwatch:us-east-1:123456789012:alarm:cpu", "us-east-1",
                          "123456789012"),
            "cpu");
  EXPECT_FALSE(RuleAlarmName("arn:aws:cloudwatch:eu-west-1:123456789012:alarm:cpu", "us-east-1",
                             "123456789012"));
}

}  // namespace
}  // namespace berth::services::monitoring::alarms
