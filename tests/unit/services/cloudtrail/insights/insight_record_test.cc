#include "services/cloudtrail/insights/insight_record.h"

#include <gtest/gtest.h>

#include "protocol/json_reader.h"

namespace berth::services::cloudtrail::insights {
namespace {

InsightTransition ErrorRateEnd() {
  InsightTransition t;
  t.start = false;
  t.subject = {"123456789012", "eu-west-1", "ecr.amazonaws.com", "DeleteRepository",
               InsightType::kApiErrorRate, "RepositoryNotFoundException"};
  t.time = FromMillis(1795583940000);
  t.baseline_average = 0.25;
  t.insight_average = 12.5;
  t.insight_duration = 4;
  t.baseline_duration = 10080;
  t.attributions = {{"userIdentityArn", {{"arn:aws:iam::123456789012:user/ci", 12.5}},
                     {{"arn:aws:iam::123456789012:user/ci", 0.25}}},
                    {"userAgent", {{"aws-cli/2.9", 12.5}}, {}}};
  return t;
}

TEST(InsightRecord, IsWrittenInAwsShape) {
  const std::string json = WriteInsightRecord(ErrorRateEnd(), "e-1", "s-1");
  auto d = protocol::ParseJson(json);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->Find("eventType")->as_string(), "AwsCloudTrailInsight");
  EXPECT_EQ(d->Find("eventCategory")->as_string(), "Insight");
  EXPECT_EQ(d->Find("eventTime")->as_string(), "2026-11-25T05:19:00Z");
  EXPECT_EQ(d->Find("sharedEventID")->as_string(), "s-1");
  const Document& details = *d->Find("insightDetails");
  EXPECT_EQ(details.Find("state")->as_string(), "End");
  EXPECT_EQ(details.Find("insightType")->as_string(), "ApiErrorRateInsight");
  EXPECT_EQ(details.Find("errorCode")->as_string(), "RepositoryNotFoundException");
  const Document& stats = *details.Find("insightContext")->Find("statistics");
  EXPECT_EQ(stats.Find("insightDuration")->as_int(), 4);
  EXPECT_EQ(stats.Find("baselineDuration")->as_int(), 10080);
}

TEST(InsightRecord, ReadsBackWhatItWrote) {
  const InsightTransition t = ErrorRateEnd();
  auto back = ReadInsightRecord(WriteInsightRecord(t, "e-1", "s-1"));
  ASSERT_TRUE(back.ok());
  EXPECT_FALSE(back->start);
  EXPECT_EQ(back->subject, t.subject);
  EXPECT_EQ(back->time, t.time);
  EXPECT_DOUBLE_EQ(back->baseline_average, 0.25);
  EXPECT_DOUBLE_EQ(back->insight_average, 12.5);
  EXPECT_EQ(back->insight_duration, 4);
  ASSERT_EQ(back->attributions.size(), 2u);
  EXPECT_EQ(back->attributions[0].insight[0].value, "arn:aws:iam::123456789012:user/ci");
  EXPECT_TRUE(back->attributions[1].baseline.empty());
  EXPECT_FALSE(ReadInsightRecord(R"({"eventType": "AwsApiCall"})").ok());
}

}  // namespace
}  // namespace berth::services::cloudtrail::insights
