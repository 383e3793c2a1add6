// The SNS store on SQLite (a temp dir): topics, subscriptions and the delivery queue.
#include "services/sns/store/sqlite_sns_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>

namespace berth::services::sns {
namespace {

constexpr char kTopic[] = "arn:aws:sns:us-east-1:123456789012:ops";

class SnsStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = ::testing::TempDir() + "berth_sns_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name();
    ASSERT_EQ(std::system(("rm -rf '" + root_ + "' && mkdir -p '" + root_ + "'").c_str()), 0);
    store::Database::Options options;
    options.path = root_ + "/berth.db";
    db_ = std::move(*store::Database::Open(options));
    store_ = std::move(*OpenSqliteSnsStore(*db_));
    Topic t;
    t.arn = kTopic;
    t.account_id = "123456789012";
    t.region = "us-east-1";
    t.name = "ops";
    Tags existing;
    ASSERT_FALSE(store_->CreateTopic(t, {{"team", "a"}}, &existing)->has_value());
  }
  void TearDown() override { std::system(("rm -rf '" + root_ + "'").c_str()); }

  Subscription Sub(const std::string& id) {
    Subscription s;
    s.arn = std::string(kTopic) + ":" + id;
    s.topic_arn = kTopic;
    s.owner = "123456789012";
    s.protocol = "http";
    s.endpoint = "http://127.0.0.1:9/" + id;
    s.token = "token-" + id;
    s.token_expires = FromMillis(10'000);
    return s;
  }

  Delivery For(const Subscription& s, TimePoint at) {
    Delivery d;
    d.subscription_arn = s.arn;
    d.protocol = s.protocol;
    d.endpoint = s.endpoint;
    d.message_type = "Notification";
    d.message_id = "m";
    d.topic_arn = kTopic;
    d.account_id = "123456789012";
    d.body = "{}";
    d.next_attempt = at;
    return d;
  }

  std::string root_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<SnsStore> store_;
};

TEST_F(SnsStoreTest, CreatingAnExistingTopicReturnsItUnchanged) {
  Topic again;
  again.arn = kTopic;
  again.account_id = "123456789012";
  again.region = "us-east-1";
  again.name = "ops";
  Tags existing;
  auto found = store_->CreateTopic(again, {}, &existing);
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ(existing, (Tags{{"team", "a"}}));
}

TEST_F(SnsStoreTest, ConfirmationNeedsTheTokenBeforeItExpires) {
  Subscription s = Sub("a");
  ASSERT_TRUE(*store_->InsertSubscription(s, std::nullopt));
  EXPECT_FALSE(store_->Confirm(kTopic, "wrong", false, FromMillis(1))->has_value());
  EXPECT_FALSE(store_->Confirm(kTopic, "token-a", false, FromMillis(20'000))->has_value());
  auto confirmed = store_->Confirm(kTopic, "token-a", false, FromMillis(1));
  ASSERT_TRUE(confirmed->has_value());
  EXPECT_TRUE((*confirmed)->confirmed);
  EXPECT_EQ(store_->ConfirmedSubscriptions(kTopic)->size(), 1u);
  EXPECT_EQ((*store_->GetTopic(kTopic))->subscriptions_confirmed, 1);
}

TEST_F(SnsStoreTest, QueuedDeliveriesLeaveOnlyWhenDeliveredOrGivenUp) {
  Subscription s = Sub("b");
  ASSERT_TRUE(*store_->InsertSubscription(s, For(s, FromMillis(5))));
  ASSERT_TRUE(store_->Enqueue({For(s, FromMillis(5)), For(s, FromMillis(50))}).ok());
  EXPECT_EQ(store_->DueDeliveries(FromMillis(1), 10, {})->size(), 0u);
  auto due = *store_->DueDeliveries(FromMillis(10), 10, {});
  ASSERT_EQ(due.size(), 2u);
  // Those in flight are not handed out twice.
  EXPECT_EQ(store_->DueDeliveries(FromMillis(10), 10, {due[0].id})->size(), 1u);
  DeliveryOutcomes outcomes;
  outcomes.delivered = {due[0].id};
  outcomes.retry = {{due[1].id, FromMillis(100)}};
  ASSERT_TRUE(store_->Record(outcomes).ok());
  EXPECT_EQ(*store_->QueuedDeliveries(), 2);
  EXPECT_EQ(**store_->NextDue(), FromMillis(50));
  auto later = *store_->DueDeliveries(FromMillis(200), 10, {});
  ASSERT_EQ(later.size(), 2u);
  EXPECT_EQ(later[1].attempts, 1);
  // Unsubscribing takes the subscription's queued deliveries with it.
  ASSERT_TRUE(*store_->DeleteSubscription(s.arn, std::nullopt));
  EXPECT_EQ(*store_->QueuedDeliveries(), 0);
  EXPECT_EQ((*store_->GetTopic(kTopic))->subscriptions_deleted, 1);
}

TEST_F(SnsStoreTest, AnUnsubscribedHttpSubscriptionIsRestoredByItsNewToken) {
  Subscription s = Sub("r");
  s.confirmed = true;
  ASSERT_TRUE(*store_->InsertSubscription(s, std::nullopt));
  ASSERT_TRUE(store_->Enqueue({For(s, FromMillis(5))}).ok());
  SnsStore::Restorable r{"restore-r", FromMillis(5'000), FromMillis(10), For(s, FromMillis(10))};
  r.farewell.message_type = "UnsubscribeConfirmation";
  ASSERT_TRUE(*store_->DeleteSubscription(s.arn, r));
  // Gone from sight; only the farewell is queued.
  EXPECT_FALSE(store_->GetSubscription(s.arn)->has_value());
  EXPECT_TRUE(store_->ConfirmedSubscriptions(kTopic)->empty());
  auto queued = *store_->DueDeliveries(FromMillis(100), 10, {});
  ASSERT_EQ(queued.size(), 1u);
  EXPECT_EQ(queued[0].message_type, "UnsubscribeConfirmation");
  EXPECT_FALSE(*store_->DeleteSubscription(s.arn, std::nullopt));
  // The old token no longer works; the new one restores it, until it expires.
  EXPECT_FALSE(store_->Confirm(kTopic, "token-r", false, FromMillis(20))->has_value());
  EXPECT_FALSE(store_->Confirm(kTopic, "restore-r", false, FromMillis(6'000))->has_value());
  ASSERT_TRUE(store_->Confirm(kTopic, "restore-r", false, FromMillis(20))->has_value());
  EXPECT_EQ(store_->ConfirmedSubscriptions(kTopic)->size(), 1u);
}

TEST_F(SnsStoreTest, DeletingTheTopicDeletesItsSubscriptions) {
  ASSERT_TRUE(*store_->InsertSubscription(Sub("c"), std::nullopt));
  ASSERT_TRUE(*store_->DeleteTopic(kTopic));
  EXPECT_FALSE(store_->GetSubscription(Sub("c").arn)->has_value());
  EXPECT_FALSE(*store_->InsertSubscription(Sub("d"), std::nullopt));
}

TEST_F(SnsStoreTest, TopicsPageInArnOrder) {
  for (int i = 0; i < 5; ++i) {
    Topic t;
    t.account_id = "123456789012";
    t.region = "us-east-1";
    t.name = "p" + std::to_string(i);
    t.arn = "arn:aws:sns:us-east-1:123456789012:" + t.name;
    Tags existing;
    ASSERT_TRUE(store_->CreateTopic(t, {}, &existing).ok());
  }
  auto first = *store_->ListTopics("123456789012", "us-east-1", "", 3);
  ASSERT_EQ(first.size(), 3u);
  auto rest = *store_->ListTopics("123456789012", "us-east-1", first.back(), 10);
  EXPECT_EQ(first.size() + rest.size(), 6u);
  EXPECT_TRUE(store_->ListTopics("123456789012", "eu-west-1", "", 10)->empty());
}

}  // namespace
}  // namespace berth::services::sns
