#include <gtest/gtest.h>

#include "services/cloudtrail/model/insight_selector_codec.h"
#include "services/cloudtrail/model/trail.h"
#include "protocol/json_reader.h"

namespace berth::services::cloudtrail {
namespace {

struct NameCase {
  std::string name;
  std::string message;  // empty: valid
};

// AWS's messages, as its CreateTrail answers them (its grammar included).
TEST(CheckTrailName, RefusesWithAwsMessagesInAwsOrder) {
  const NameCase cases[] = {
      {"a", "Trail name too short. Minimum allowed length: 3 characters. Specified name length: "
            "1 characters."},
      {std::string(129, 'a'), "Trail name too long. Maximum allowed length: 128 characters. "
                              "Specified name length: 129 characters."},
      {"-trail", "Trail name must starts with a letter or number."},
      {"trail!", "Trail name must ends with a letter or number."},
      {"my#trail", "Trail name or ARN can only contain uppercase letters, lowercase letters, "
                   "numbers, periods (.), hyphens (-), and underscores (_)."},
      {"my-_trail", "Trail name must not contain adjacent periods (.), hyphens (-) or "
                    "underscores (_)."},
      {"192.168.5.4", "Trail name must not be formatted as an IP address."},
      {"ecr-monitor_trail.v2", ""},
      {std::string(128, 'a'), ""},
  };
  for (const NameCase& c : cases) {
    Status s = CheckTrailName(c.name);
    if (c.message.empty()) {
      EXPECT_TRUE(s.ok()) << c.name;
    } else {
      ASSERT_FALSE(s.ok()) << c.name;
      EXPECT_EQ(s.error().code, "InvalidTrailNameException");
      EXPECT_EQ(s.error().message, c.message);
    }
  }
}

Result<std::vector<InsightSelector>> Decode(std::string_view json) {
  auto doc = protocol::ParseJson(json);
  EXPECT_TRUE(doc.ok());
  return DecodeInsightSelectors(*doc);
}

TEST(InsightSelectorCodec, RefusesUnknownTypesDuplicatesAndDataEvents) {
  for (const char* bad : {R"([{"InsightType": "ApiCallRate"}])",
                          R"([{"InsightType": "ApiCallRateInsight"},
                              {"InsightType": "ApiCallRateInsight"}])",
                          R"([{"InsightType": "ApiErrorRateInsight", "EventCategories": ["Data"]}])"}) {
    auto got = Decode(bad);
    ASSERT_FALSE(got.ok()) << bad;
    EXPECT_EQ(got.error().code, "InvalidInsightSelectorsException");
  }
  auto both = Decode(R"([{"InsightType": "ApiErrorRateInsight"},
                         {"InsightType": "ApiCallRateInsight", "EventCategories": ["Management"]}])");
  ASSERT_TRUE(both.ok());
  ASSERT_EQ(both->size(), 2u);
  EXPECT_EQ((*both)[0].type, InsightType::kApiErrorRate);
  EXPECT_TRUE((*both)[1].categories_given);
  EXPECT_TRUE(Decode("[]")->empty());  // turns Insights off
}

TEST(InsightSelectorCodec, CallRateInsightsNeedATrailLoggingWriteManagementEvents) {
  Trail t;
  t.selectors = {EventSelector{.read_write_type = "ReadOnly"}};
  const std::vector<InsightSelector> call_rate = {{InsightType::kApiCallRate, false}};
  const std::vector<InsightSelector> error_rate = {{InsightType::kApiErrorRate, false}};
  EXPECT_FALSE(CheckTrailLogsInsightSources(t, call_rate).ok());
  EXPECT_TRUE(CheckTrailLogsInsightSources(t, error_rate).ok());
  t.selectors = {EventSelector{.include_management_events = false}};
  EXPECT_FALSE(CheckTrailLogsInsightSources(t, error_rate).ok());
  t.selectors = {EventSelector{}};
  EXPECT_TRUE(CheckTrailLogsInsightSources(t, call_rate).ok());
}

}  // namespace
}  // namespace berth::services::cloudtrail
