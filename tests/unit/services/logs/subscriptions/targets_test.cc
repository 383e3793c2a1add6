#include "services/logs/subscriptions/targets.h"

#include <gtest/gtest.h>

namespace berth::services::logs {
namespace {

TEST(SubscriptionTargets, DestinationArnNamesAccountAndName) {
  auto ref = ParseFilterDestination("arn:aws:logs:us-east-1:123456789012:destination:central");
  ASSERT_TRUE(ref.ok());
  EXPECT_EQ(ref->account, "123456789012");
  EXPECT_EQ(ref->name, "central");
  EXPECT_EQ(DestinationArn("us-east-1", "123456789012", "central"),
            "arn:aws:logs:us-east-1:123456789012:destination:central");
}

TEST(SubscriptionTargets, RefusesKinesisFirehoseAndLambdaSayingWhy) {
  for (const char* arn : {"arn:aws:kinesis:us-east-1:123456789012:stream/s",
                          "arn:aws:firehose:us-east-1:123456789012:deliverystream/f",
                          "arn:aws:lambda:us-east-1:123456789012:function:fn"}) {
    auto ref = ParseFilterDestination(arn);
    ASSERT_FALSE(ref.ok()) << arn;
    EXPECT_EQ(ref.error().code, "InvalidParameterException");
    EXPECT_NE(ref.error().message.find("berth cannot deliver log events to"), std::string::npos);
    auto target = ParseTarget(arn);
    ASSERT_FALSE(target.ok()) << arn;
    EXPECT_EQ(target.error().code, "InvalidParameterException");
  }
}

TEST(SubscriptionTargets, LogGroupArnAsFilterDestinationPointsToPutDestination) {
  auto ref = ParseFilterDestination("arn:aws:logs:us-east-1:123456789012:log-group:sink");
  ASSERT_FALSE(ref.ok());
  EXPECT_NE(ref.error().message.find("PutDestination"), std::string::npos);
}

TEST(SubscriptionTargets, TargetIsALogGroupArnOrAnHttpUrl) {
  auto group = ParseTarget("arn:aws:logs:us-east-1:123456789012:log-group:sink/a");
  ASSERT_TRUE(group.ok());
  ASSERT_TRUE(std::holds_alternative<LogGroupTarget>(*group));
  EXPECT_EQ(std::get<LogGroupTarget>(*group).name, "sink/a");
  EXPECT_EQ(std::get<LogGroupTarget>(*group).account, "123456789012");
  auto starred = ParseTarget("arn:aws:logs:us-east-1:123456789012:log-group:sink:*");
  ASSERT_TRUE(starred.ok());
  EXPECT_EQ(std::get<LogGroupTarget>(*starred).name, "sink");
  auto http = ParseTarget("http://127.0.0.1:8080/logs");
  ASSERT_TRUE(http.ok());
  EXPECT_EQ(std::get<HttpTarget>(*http).url, "http://127.0.0.1:8080/logs");
  EXPECT_TRUE(ParseTarget("https://collector.example/x").ok());
  for (const char* bad : {"http://", "ftp://h/x", "arn:aws:logs:us-east-1:1:log-group:x",
                          "arn:aws:s3:::bucket", "sink"}) {
    EXPECT_FALSE(ParseTarget(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace berth::services::logs
