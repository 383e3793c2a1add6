#include "services/logs/subscriptions/payload.h"

#include <gtest/gtest.h>

#include "protocol/json_reader.h"

namespace berth::services::logs {
namespace {

PayloadSource Source() { return {"123456789012", "app", "web-1", {"errors"}}; }

TEST(SubscriptionPayload, DataMessageHasAwsShape) {
  const std::vector<PayloadEvent> events = {{"1", 1700000000000, "GET /a 500"},
                                            {"2", 1700000000001, "say \"hi\"\n"}};
  auto messages = EncodeDataMessages(Source(), events);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0],
            R"({"messageType":"DATA_MESSAGE","owner":"123456789012","logGroup":"app",)"
            R"("logStream":"web-1","subscriptionFilters":["errors"],"logEvents":[)"
            R"({"id":"1","timestamp":1700000000000,"message":"GET /a 500"},)"
            R"({"id":"2","timestamp":1700000000001,"message":"say \"hi\"\n"}]})");
  EXPECT_TRUE(protocol::ParseJson(messages[0]).ok());
}

TEST(SubscriptionPayload, SplitsMessagesAtTheSizeLimitKeepingEventOrder) {
  std::vector<std::string> texts;
  for (int i = 0; i < 50; ++i) texts.push_back("event-" + std::to_string(i) + std::string(80, 'x'));
  std::vector<PayloadEvent> events;
  for (int i = 0; i < 50; ++i) events.push_back({std::to_string(i), i, texts[i]});
  auto messages = EncodeDataMessages(Source(), events, 1000);
  ASSERT_GT(messages.size(), 5u);
  int next = 0;
  for (const std::string& m : messages) {
    EXPECT_LE(m.size(), 1000u);
    auto doc = protocol::ParseJson(m);
    ASSERT_TRUE(doc.ok()) << m;
    for (const Document& e : doc->Find("logEvents")->as_list()) {
      EXPECT_EQ(e.Find("id")->as_string(), std::to_string(next++));
    }
  }
  EXPECT_EQ(next, 50);
}

TEST(SubscriptionPayload, EventLargerThanTheLimitIsAMessageOfItsOwn) {
  const std::string big(3000, 'y');
  const std::vector<PayloadEvent> events = {{"1", 1, "a"}, {"2", 2, big}, {"3", 3, "c"}};
  auto messages = EncodeDataMessages(Source(), events, 1000);
  ASSERT_EQ(messages.size(), 3u);
  EXPECT_GT(messages[1].size(), 3000u);
}

TEST(SubscriptionPayload, NoEventsNoMessage) {
  EXPECT_TRUE(EncodeDataMessages(Source(), {}).empty());
}

TEST(SubscriptionPayload, ControlMessageIsAwsHealthCheck) {
  auto doc = protocol::ParseJson(EncodeControlMessage(42, "log group"));
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->Find("messageType")->as_string(), "CONTROL_MESSAGE");
  EXPECT_EQ(doc->Find("owner")->as_string(), "CloudwatchLogs");
  EXPECT_EQ(doc->Find("logGroup")->as_string(), "");
  EXPECT_TRUE(doc->Find("subscriptionFilters")->as_list().empty());
  const auto& events = doc->Find("logEvents")->as_list();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].Find("message")->as_string(),
            "CWL CONTROL MESSAGE: Checking health of destination log group.");
  EXPECT_EQ(events[0].Find("timestamp")->as_int(), 42);
}

}  // namespace
}  // namespace berth::services::logs
