// Delivery policies: AWS's four retry phases, bounds, and how topic and subscription combine.
#include "services/sns/model/delivery_policy.h"

#include <gtest/gtest.h>

namespace berth::services::sns {
namespace {

using std::chrono::seconds;

TEST(RetryPolicy, DefaultRetriesThreeTimesTwentySecondsApart) {
  RetryPolicy p;
  EXPECT_EQ(p.DelayBefore(1), seconds(20));
  EXPECT_EQ(p.DelayBefore(3), seconds(20));
  EXPECT_EQ(p.DelayBefore(4), std::nullopt);
}

TEST(RetryPolicy, PhasesGoImmediateThenMinimumThenBackoffThenMaximum) {
  RetryPolicy p;
  p.min_delay = 10;
  p.max_delay = 100;
  p.num_retries = 8;
  p.num_no_delay_retries = 1;
  p.num_min_delay_retries = 2;
  p.num_max_delay_retries = 2;
  EXPECT_EQ(p.DelayBefore(1), seconds(0));
  EXPECT_EQ(p.DelayBefore(2), seconds(10));
  EXPECT_EQ(p.DelayBefore(3), seconds(10));
  EXPECT_EQ(p.DelayBefore(4), seconds(10));   // backoff starts at the minimum
  EXPECT_EQ(p.DelayBefore(5), seconds(55));   // linear
  EXPECT_EQ(p.DelayBefore(6), seconds(100));  // and ends at the maximum
  EXPECT_EQ(p.DelayBefore(7), seconds(100));
  EXPECT_EQ(p.DelayBefore(8), seconds(100));
  EXPECT_EQ(p.DelayBefore(9), std::nullopt);
}

TEST(DeliveryPolicy, RefusesPoliciesOutsideAwsBounds) {
  EXPECT_TRUE(CheckTopicDeliveryPolicy(
                  R"({"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":1,"maxDelayTarget":5,"numRetries":10}}})")
                  .ok());
  EXPECT_FALSE(CheckTopicDeliveryPolicy("not json").ok());
  EXPECT_FALSE(CheckTopicDeliveryPolicy(R"({"http":{"defaultHealthyRetryPolicy":{"numRetries":101}}})").ok());
  EXPECT_FALSE(CheckTopicDeliveryPolicy(
                   R"({"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":30,"maxDelayTarget":20}}})")
                   .ok());
  EXPECT_FALSE(CheckSubscriptionDeliveryPolicy(R"({"healthyRetryPolicy":{"backoffFunction":"cubic"}})").ok());
}

TEST(DeliveryPolicy, SubscriptionOverridesTopicUnlessDisabled) {
  const std::string topic =
      R"({"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":2,"maxDelayTarget":2,"numRetries":5}}})";
  const std::string sub =
      R"({"healthyRetryPolicy":{"minDelayTarget":7,"maxDelayTarget":7,"numRetries":1}})";
  EXPECT_EQ(ResolvePolicy(topic, "").num_retries, 5);
  EXPECT_EQ(ResolvePolicy(topic, sub).min_delay, 7);
  const std::string locked =
      R"({"http":{"defaultHealthyRetryPolicy":{"numRetries":4},"disableSubscriptionOverrides":true}})";
  EXPECT_EQ(ResolvePolicy(locked, sub).num_retries, 4);
  // What a delivery keeps decodes to the same policy.
  const RetryPolicy p = ResolvePolicy(topic, sub);
  EXPECT_EQ(DecodePolicy(EncodePolicy(p)).min_delay, 7);
  EXPECT_EQ(DecodePolicy(EncodePolicy(p)).num_retries, 1);
}

}  // namespace
}  // namespace berth::services::sns
