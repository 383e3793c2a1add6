// Alarm actions published to SNS topics: what is queued, and the errors alarm history quotes.
#include "app/alarm_notifier.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>

namespace berth::app {
namespace {

constexpr char kAccount[] = "123456789012";
constexpr char kTopic[] = "arn:aws:sns:us-east-1:123456789012:ops";

class AlarmNotifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = ::testing::TempDir() + "berth_alarm_notifier_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name();
    ASSERT_EQ(std::system(("rm -rf '" + root_ + "' && mkdir -p '" + root_ + "'").c_str()), 0);
    store::Database::Options options;
    options.path = root_ + "/berth.db";
    db_ = std::move(*store::Database::Open(options));
    services::sns::SnsOptions sns_options;
    sns_options.keys_dir = root_;
    sns_ = std::move(*services::sns::SnsService::Open(*db_, clock_, sns_options, nullptr));
    services::sns::Topic topic;
    topic.arn = kTopic;
    topic.account_id = kAccount;
    topic.region = "us-east-1";
    topic.name = "ops";
    services::sns::Tags existing;
    ASSERT_TRUE(sns_->store().CreateTopic(topic, {}, &existing).ok());
    services::sns::Subscription sub;
    sub.arn = std::string(kTopic) + ":1";
    sub.topic_arn = kTopic;
    sub.owner = kAccount;
    sub.protocol = "http";
    sub.endpoint = "http://127.0.0.1:9/alarms";
    sub.confirmed = true;
    sub.service_url = "http://127.0.0.1:5000";
    ASSERT_TRUE(*sns_->store().InsertSubscription(sub, std::nullopt));
  }
  void TearDown() override { std::system(("rm -rf '" + root_ + "'").c_str()); }

  services::monitoring::AlarmNotification Notification(std::string arn) {
    return {std::move(arn), kAccount, "us-east-1", "ALARM: \"cpu\" in US East (N. Virginia)",
            R"({"AlarmName":"cpu","NewStateValue":"ALARM"})"};
  }

  FakeClock clock_{FromMillis(1'800'000'000'000)};
  std::string root_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<services::sns::SnsService> sns_;
};

TEST_F(AlarmNotifierTest, PublishesTheAlarmMessageToTheTopicsSubscribers) {
  AlarmNotifier notifier(*sns_);
  ASSERT_TRUE(notifier.Execute(Notification(kTopic)).ok());
  auto queued = *sns_->store().DueDeliveries(clock_.Now(), 10, {});
  ASSERT_EQ(queued.size(), 1u);
  EXPECT_EQ(queued[0].message_type, "Notification");
  EXPECT_NE(queued[0].body.find(R"x("Subject":"ALARM: \"cpu\" in US East (N. Virginia)")x"),
            std::string::npos)
      << queued[0].body;
  EXPECT_NE(queued[0].body.find(R"(\"NewStateValue\":\"ALARM\")"), std::string::npos);
}

TEST_F(AlarmNotifierTest, RefusesArnsThatNameNoTopicOfTheAccount) {
  AlarmNotifier notifier(*sns_);
  Status missing = notifier.Execute(Notification(std::string(kTopic) + "-gone"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message, "Topic does not exist");
  auto other = Notification(kTopic);
  other.account_id = "210987654321";
  EXPECT_FALSE(notifier.Execute(other).ok());
  Status not_sns = notifier.Execute(Notification("arn:aws:automate:us-east-1:ec2:stop"));
  ASSERT_FALSE(not_sns.ok());
  EXPECT_NE(not_sns.error().message.find("arn:aws:automate:us-east-1:ec2:stop"), std::string::npos);
  EXPECT_EQ(*sns_->store().QueuedDeliveries(), 0);
}

}  // namespace
}  // namespace berth::app
