// Subscription filters and destinations through the logs operation table, and their delivery
// (DeliveryWorker::RunOnce, driven by the test with a fake clock; no delivery thread).
#include <gtest/gtest.h>

#include <set>

#include "core/gzip.h"
#include "protocol/json_reader.h"
#include "services/logs/subscriptions/log_subscriptions.h"
#include "services/logs/subscriptions/operations.h"
#include "../logs_fixture.h"

namespace berth::services::logs::logs_test {
namespace {

constexpr char kAccount[] = "123456789012";
constexpr char kDestArn[] = "arn:aws:logs:us-east-1:123456789012:destination:central";

// Records what is posted; answers `status` (or fails to connect when it is 0).
class FakePoster final : public SubscriptionPoster {
 public:
  Result<int> Post(std::string_view url,
                   const std::vector<std::pair<std::string, std::string>>& headers,
                   const std::string& body) override {
    if (status == 0) return Error{"DeliveryFailed", "connection refused", 502};
    urls.emplace_back(url);
    bool gzipped = false;
    for (const auto& [name, value] : headers) gzipped |= name == "Content-Encoding" && value == "gzip";
    EXPECT_TRUE(gzipped);
    auto json = gzip::Decompress(body, 1 << 24);
    EXPECT_TRUE(json.ok());
    if (json.ok()) bodies.push_back(*json);
    return status;
  }
  int status = 200;
  std::vector<std::string> urls;
  std::vector<std::string> bodies;
};

class SubscriptionsTest : public LogsHandlersTest {
 protected:
  void SetUp() override {
    LogsHandlersTest::SetUp();
    OpenSubscriptions();
  }
  void TearDown() override {
    subs_.reset();
    LogsHandlersTest::TearDown();
  }
  void OpenSubscriptions() {
    LogSubscriptions::Options options;
    options.deliver = false;
    subs_ = std::move(*LogSubscriptions::Open(*db_, *service_, &poster_, options));
    spec_ = MakeLogsService(*service_, SubscriptionOperations(*subs_));
  }
  // A restart: the service and subscriptions closed and opened again on the same database.
  void Restart() {
    subs_.reset();
    service_.reset();
    LogsService::Options logs_options;
    logs_options.retention_sweep_interval = std::chrono::milliseconds(0);
    service_ = std::move(*LogsService::Open(*db_, clock_, logs_options));
    OpenSubscriptions();
  }
  bool Deliver() {
    auto more = subs_->worker().RunOnce();
    EXPECT_TRUE(more.ok()) << (more.ok() ? "" : more.error().message);
    return more.ok() && *more;
  }
  void PutDestination(const std::string& target) {
    Ok("PutDestination", R"({"destinationName":"central","targetArn":")" + target +
                             R"(","roleArn":"arn:aws:iam::123456789012:role/CWLtoSink"})");
  }
  void Subscribe(const std::string& group, const std::string& name, const std::string& pattern) {
    Ok("PutSubscriptionFilter", R"({"logGroupName":")" + group + R"(","filterName":")" + name +
                                    R"(","filterPattern":)" + Quote(pattern) +
                                    R"(,"destinationArn":")" + kDestArn + R"("})");
  }
  // The payloads that landed in log group `group`, in order, parsed.
  std::vector<Document> Landed(const std::string& group, const std::string& type) {
    Document out = Ok("FilterLogEvents", R"({"logGroupName":")" + group + R"("})");
    std::vector<Document> payloads;
    for (const Document& e : At(out, "events").as_list()) {
      auto doc = protocol::ParseJson(At(e, "message").as_string());
      EXPECT_TRUE(doc.ok());
      if (doc.ok() && At(*doc, "messageType").as_string() == type) payloads.push_back(*doc);
    }
    return payloads;
  }
  static std::vector<std::string> EventMessages(const std::vector<Document>& payloads) {
    std::vector<std::string> out;
    for (const Document& p : payloads) {
      for (const Document& e : At(p, "logEvents").as_list()) {
        out.push_back(At(e, "message").as_string());
      }
    }
    return out;
  }
  // PutLogEvents, creating the stream on first use.
  void Emit(const std::string& group, const std::string& stream,
            const std::vector<std::pair<int64_t, std::string>>& events) {
    if (streams_.insert(group + "/" + stream).second) CreateStream(group, stream);
    Put(group, stream, events);
  }
  void SinkSetup() {
    CreateGroup("app");
    CreateGroup("sink");
    PutDestination("arn:aws:logs:us-east-1:123456789012:log-group:sink");
  }

  std::set<std::string> streams_;
  FakePoster poster_;
  std::unique_ptr<LogSubscriptions> subs_;
};

TEST_F(SubscriptionsTest, LogGroupDestinationReceivesExactlyTheMatchingEvents) {
  SinkSetup();
  Subscribe("app", "errors", "ERROR");
  Emit("app", "web-1", {{kNow, "INFO ok"}, {kNow + 1, "ERROR one"}, {kNow + 2, "ERROR two"}});
  Emit("app", "web-2", {{kNow + 3, "ERROR three"}, {kNow + 4, "DEBUG x"}});
  EXPECT_TRUE(Landed("sink", "DATA_MESSAGE").empty());  // nothing before the worker runs
  Deliver();
  auto control = Landed("sink", "CONTROL_MESSAGE");
  ASSERT_EQ(control.size(), 1u);
  auto data = Landed("sink", "DATA_MESSAGE");
  ASSERT_EQ(data.size(), 2u);  // one per source stream
  EXPECT_EQ(EventMessages(data),
            (std::vector<std::string>{"ERROR one", "ERROR two", "ERROR three"}));
  EXPECT_EQ(At(data[0], "owner").as_string(), kAccount);
  EXPECT_EQ(At(data[0], "logGroup").as_string(), "app");
  EXPECT_EQ(At(data[0], "logStream").as_string(), "web-1");
  EXPECT_EQ(At(data[1], "logStream").as_string(), "web-2");
  EXPECT_EQ(At(data[0], "subscriptionFilters").as_list()[0].as_string(), "errors");
  EXPECT_EQ(At(At(data[0], "logEvents").as_list()[0], "timestamp").as_int(), kNow + 1);
  // Delivered once: another round sends nothing more.
  Deliver();
  EXPECT_EQ(Landed("sink", "DATA_MESSAGE").size(), 2u);
  EXPECT_EQ(Landed("sink", "CONTROL_MESSAGE").size(), 1u);
}

TEST_F(SubscriptionsTest, OnlyEventsStoredAfterTheFilterAreDelivered) {
  SinkSetup();
  Emit("app", "s", {{kNow, "ERROR before"}});
  Subscribe("app", "all", "");
  Emit("app", "s", {{kNow + 1, "after"}});
  Deliver();
  EXPECT_EQ(EventMessages(Landed("sink", "DATA_MESSAGE")), (std::vector<std::string>{"after"}));
}

TEST_F(SubscriptionsTest, OwedEventsSurviveARestartBeforeDelivery) {
  SinkSetup();
  Subscribe("app", "errors", "ERROR");
  Emit("app", "s", {{kNow, "ERROR kept across restart"}});
  Restart();
  Emit("app", "s", {{kNow + 1, "ERROR after restart"}});
  Deliver();
  EXPECT_EQ(EventMessages(Landed("sink", "DATA_MESSAGE")),
            (std::vector<std::string>{"ERROR kept across restart", "ERROR after restart"}));
  Restart();
  Deliver();  // delivered progress survived too: nothing sent twice
  EXPECT_EQ(EventMessages(Landed("sink", "DATA_MESSAGE")).size(), 2u);
}

TEST_F(SubscriptionsTest, HttpDestinationGetsGzippedMessagesAndRetriesWithBackoff) {
  CreateGroup("app");
  PutDestination("http://127.0.0.1:9/hook");
  Subscribe("app", "all", "");
  Emit("app", "s", {{kNow, "one"}});
  poster_.status = 0;  // endpoint down
  Deliver();
  EXPECT_TRUE(poster_.bodies.empty());
  poster_.status = 200;
  Deliver();  // the retry is not due yet
  EXPECT_TRUE(poster_.bodies.empty());
  clock_.Advance(std::chrono::seconds(1));
  Deliver();
  ASSERT_EQ(poster_.bodies.size(), 2u);
  EXPECT_EQ(poster_.urls[0], "http://127.0.0.1:9/hook");
  auto control = protocol::ParseJson(poster_.bodies[0]);
  ASSERT_TRUE(control.ok());
  EXPECT_EQ(At(*control, "messageType").as_string(), "CONTROL_MESSAGE");
  auto data = protocol::ParseJson(poster_.bodies[1]);
  ASSERT_TRUE(data.ok());
  EXPECT_EQ(EventMessages({*data}), (std::vector<std::string>{"one"}));
}

TEST_F(SubscriptionsTest, NonSuccessStatusIsRetriedUntilTaken) {
  CreateGroup("app");
  PutDestination("http://127.0.0.1:9/hook");
  Subscribe("app", "all", "");
  Deliver();  // control message taken
  poster_.status = 503;
  Emit("app", "s", {{kNow, "one"}});
  Deliver();
  clock_.Advance(std::chrono::seconds(1));
  Deliver();
  poster_.status = 200;
  clock_.Advance(std::chrono::seconds(2));
  Deliver();
  // Each attempt posted the same message; the last one was taken and nothing follows.
  ASSERT_EQ(poster_.bodies.size(), 4u);
  EXPECT_EQ(poster_.bodies[1], poster_.bodies[3]);
  clock_.Advance(std::chrono::minutes(5));
  Deliver();
  EXPECT_EQ(poster_.bodies.size(), 4u);
}

TEST_F(SubscriptionsTest, TwoFiltersPerGroupThenLimitExceeded) {
  SinkSetup();
  Subscribe("app", "a", "");
  Subscribe("app", "b", "x");
  Subscribe("app", "a", "y");  // replacing one is no new filter
  Error e = Fails("PutSubscriptionFilter",
                  R"({"logGroupName":"app","filterName":"c","filterPattern":"",)"
                  R"("destinationArn":")" + std::string(kDestArn) + R"("})");
  EXPECT_EQ(e.code, "LimitExceededException");
  EXPECT_EQ(e.message, "Resource limit exceeded.");
}

TEST_F(SubscriptionsTest, DescribePagesByNameAndFiltersByPrefix) {
  SinkSetup();
  Subscribe("app", "b-filter", "ERROR");
  Subscribe("app", "a-filter", "");
  Document page = Ok("DescribeSubscriptionFilters", R"({"logGroupName":"app","limit":1})");
  const auto& first = At(page, "subscriptionFilters").as_list();
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(At(first[0], "filterName").as_string(), "a-filter");
  EXPECT_EQ(At(first[0], "destinationArn").as_string(), kDestArn);
  EXPECT_EQ(At(first[0], "distribution").as_string(), "ByLogStream");
  EXPECT_EQ(At(first[0], "logGroupName").as_string(), "app");
  EXPECT_EQ(At(first[0], "creationTime").as_int(), kNow);
  Document next = Ok("DescribeSubscriptionFilters",
                     R"({"logGroupName":"app","limit":1,"nextToken":")" +
                         At(page, "nextToken").as_string() + R"("})");
  ASSERT_EQ(At(next, "subscriptionFilters").as_list().size(), 1u);
  EXPECT_EQ(At(At(next, "subscriptionFilters").as_list()[0], "filterPattern").as_string(),
            "ERROR");
  EXPECT_EQ(next.Find("nextToken"), nullptr);
  Document prefixed =
      Ok("DescribeSubscriptionFilters", R"({"logGroupName":"app","filterNamePrefix":"b"})");
  EXPECT_EQ(At(prefixed, "subscriptionFilters").as_list().size(), 1u);
}

TEST_F(SubscriptionsTest, ErrorsSayWhatAwsSays) {
  SinkSetup();
  Error e = Fails("PutSubscriptionFilter",
                  R"({"logGroupName":"nope","filterName":"f","filterPattern":"",)"
                  R"("destinationArn":")" + std::string(kDestArn) + R"("})");
  EXPECT_EQ(e.code, "ResourceNotFoundException");
  EXPECT_EQ(e.message, "The specified log group does not exist.");
  e = Fails("DescribeSubscriptionFilters", R"({"logGroupName":"nope"})");
  EXPECT_EQ(e.message, "The specified log group does not exist.");
  e = Fails("DeleteSubscriptionFilter", R"({"logGroupName":"app","filterName":"none"})");
  EXPECT_EQ(e.code, "ResourceNotFoundException");
  e = Fails("PutSubscriptionFilter",
            R"({"logGroupName":"app","filterName":"f","filterPattern":"",)"
            R"("destinationArn":"arn:aws:kinesis:us-east-1:123456789012:stream/s"})");
  EXPECT_EQ(e.code, "InvalidParameterException");
  EXPECT_NE(e.message.find("Kinesis"), std::string::npos);
  e = Fails("PutSubscriptionFilter",
            R"({"logGroupName":"app","filterName":"f","filterPattern":"",)"
            R"("destinationArn":"arn:aws:logs:us-east-1:123456789012:destination:none"})");
  EXPECT_EQ(e.message,
            "Could not deliver test message to specified destination. Check that the "
            "destination is valid.");
  e = Fails("PutSubscriptionFilter",
            R"({"logGroupName":"app","filterName":"f","filterPattern":"{ $.x = ",)"
            R"("destinationArn":")" + std::string(kDestArn) + R"("})");
  EXPECT_EQ(e.code, "InvalidParameterException");
  e = Fails("PutSubscriptionFilter",
            R"({"logGroupName":"app","filterName":"a:b","filterPattern":"",)"
            R"("destinationArn":")" + std::string(kDestArn) + R"("})");
  EXPECT_EQ(e.message,
            "1 validation error detected: Value 'a:b' at 'filterName' failed to satisfy "
            "constraint: Member must satisfy regular expression pattern: [^:*]*");
  e = Fails("PutSubscriptionFilter",
            R"({"logGroupName":"app","filterName":"f","filterPattern":"","distribution":"x",)"
            R"("destinationArn":")" + std::string(kDestArn) + R"("})");
  EXPECT_EQ(e.message,
            "1 validation error detected: Value 'x' at 'distribution' failed to satisfy "
            "constraint: Member must satisfy enum value set: [Random, ByLogStream]");
  e = Fails("PutDestination",
            R"({"destinationName":"d","targetArn":"arn:aws:firehose:us-east-1:123456789012:)"
            R"(deliverystream/f","roleArn":"arn:aws:iam::123456789012:role/r"})");
  EXPECT_EQ(e.code, "InvalidParameterException");
  e = Fails("PutDestination",
            R"({"destinationName":"d","targetArn":"arn:aws:logs:us-east-1:123456789012:)"
            R"(log-group:missing","roleArn":"arn:aws:iam::123456789012:role/r"})");
  EXPECT_EQ(e.code, "InvalidParameterException");
  e = Fails("PutDestination",
            R"({"destinationName":"d","targetArn":"arn:aws:logs:us-east-1:111122223333:)"
            R"(log-group:sink","roleArn":"arn:aws:iam::123456789012:role/r"})");
  EXPECT_EQ(e.message,
            "The target log group of a destination must belong to the destination's account, "
            "123456789012.");
  e = Fails("DeleteDestination", R"({"destinationName":"none"})");
  EXPECT_EQ(e.code, "ResourceNotFoundException");
  EXPECT_EQ(e.message, "The specified destination does not exist.");
}

TEST_F(SubscriptionsTest, RefusesASubscriptionThatLoopsBack) {
  SinkSetup();
  Subscribe("app", "to-sink", "");
  // sink → a destination targeting app would deliver app's deliveries back into app.
  Ok("PutDestination", R"({"destinationName":"back","targetArn":"arn:aws:logs:us-east-1:)"
                       R"(123456789012:log-group:app","roleArn":"r"})");
  Error e = Fails("PutSubscriptionFilter",
                  R"({"logGroupName":"sink","filterName":"f","filterPattern":"",)"
                  R"("destinationArn":"arn:aws:logs:us-east-1:123456789012:destination:back"})");
  EXPECT_EQ(e.code, "InvalidParameterException");
  e = Fails("PutSubscriptionFilter",
            R"({"logGroupName":"app","filterName":"self","filterPattern":"",)"
            R"("destinationArn":"arn:aws:logs:us-east-1:123456789012:destination:back"})");
  EXPECT_EQ(e.code, "InvalidParameterException");
}

TEST_F(SubscriptionsTest, DestinationsArePutDescribedPolicedAndDeleted) {
  SinkSetup();
  Document put = Ok("PutDestination", R"({"destinationName":"second","targetArn":)"
                                      R"("http://127.0.0.1:1/x","roleArn":"r"})");
  EXPECT_EQ(At(At(put, "destination"), "arn").as_string(),
            "arn:aws:logs:us-east-1:123456789012:destination:second");
  Error e = Fails("PutDestinationPolicy",
                  R"({"destinationName":"second","accessPolicy":"{not json"})");
  EXPECT_EQ(e.code, "InvalidParameterException");
  const std::string policy =
      R"({\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",)"
      R"(\"Principal\":{\"AWS\":\"111122223333\"},\"Action\":\"logs:PutSubscriptionFilter\",)"
      R"(\"Resource\":\"arn:aws:logs:us-east-1:123456789012:destination:second\"}]})";
  Ok("PutDestinationPolicy",
     R"({"destinationName":"second","accessPolicy":")" + policy + R"("})");
  Document listed = Ok("DescribeDestinations", R"({"DestinationNamePrefix":"sec"})");
  const auto& list = At(listed, "destinations").as_list();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(At(list[0], "targetArn").as_string(), "http://127.0.0.1:1/x");
  EXPECT_NE(At(list[0], "accessPolicy").as_string().find("111122223333"), std::string::npos);
  Document page = Ok("DescribeDestinations", R"({"limit":1})");
  EXPECT_EQ(At(page, "destinations").as_list().size(), 1u);
  EXPECT_NE(page.Find("nextToken"), nullptr);
  Ok("DeleteDestination", R"({"destinationName":"second"})");
  EXPECT_EQ(At(Ok("DescribeDestinations", "{}"), "destinations").as_list().size(), 1u);
}

TEST_F(SubscriptionsTest, AnotherAccountSubscribesOnlyWhenTheAccessPolicyAllowsIt) {
  SinkSetup();
  principal_.account_id = "111122223333";
  principal_.arn = "arn:aws:iam::111122223333:user/other";
  CreateGroup("theirs");
  CreateStream("theirs", "s");
  const std::string put = R"({"logGroupName":"theirs","filterName":"f","filterPattern":"",)"
                          R"("destinationArn":")" + std::string(kDestArn) + R"("})";
  Error e = Fails("PutSubscriptionFilter", put);
  EXPECT_EQ(e.code, "AccessDeniedException");
  EXPECT_EQ(e.message,
            "User with accountId: 111122223333 is not authorized to perform: "
            "logs:PutSubscriptionFilter on resource: " + std::string(kDestArn));
  principal_.account_id = kAccount;
  principal_.arn = "arn:aws:iam::123456789012:user/t";
  const std::string policy =
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":)"
      R"({"AWS":"111122223333"},"Action":"logs:PutSubscriptionFilter","Resource":")" +
      std::string(kDestArn) + R"("}]})";
  Ok("PutDestinationPolicy",
     R"({"destinationName":"central","accessPolicy":)" + Quote(policy) + "}");
  principal_.account_id = "111122223333";
  principal_.arn = "arn:aws:iam::111122223333:user/other";
  Ok("PutSubscriptionFilter", put);
  Put("theirs", "s", {{kNow, "from another account"}});
  Deliver();
  principal_.account_id = kAccount;
  auto data = Landed("sink", "DATA_MESSAGE");
  ASSERT_EQ(data.size(), 1u);
  EXPECT_EQ(At(data[0], "owner").as_string(), "111122223333");
  EXPECT_EQ(EventMessages(data), (std::vector<std::string>{"from another account"}));
}

TEST_F(SubscriptionsTest, FiltersGoWithTheirLogGroup) {
  SinkSetup();
  Subscribe("app", "a", "");
  Ok("DeleteLogGroup", R"({"logGroupName":"app"})");
  CreateGroup("app");
  EXPECT_TRUE(At(Ok("DescribeSubscriptionFilters", R"({"logGroupName":"app"})"),
                 "subscriptionFilters")
                  .as_list()
                  .empty());
}

}  // namespace
}  // namespace berth::services::logs::logs_test
