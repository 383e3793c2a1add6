// What a CloudTrail record keeps of the text a caller chose.
#include <gtest/gtest.h>

#include <simdjson.h>

#include "services/cloudtrail/model/event.h"

namespace berth::services::cloudtrail {
namespace {

pipeline::CallRecord Call() {
  pipeline::CallRecord call;
  call.request_id = "r-1";
  call.time = FromMillis(1795583947000);
  call.service = "ecr";
  call.event_source = "ecr.amazonaws.com";
  call.operation = "DescribeRepositories";
  call.source_ip = "192.0.2.1";
  return call;
}

std::string Field(const std::string& record, const char* key) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc = parser.parse(record);
  if (doc[key].is_null()) return "null";
  std::string_view v;
  if (doc[key].get_string().get(v) == simdjson::SUCCESS) return std::string(v);
  return simdjson::to_string(doc[key]);
}

std::string Record(const pipeline::CallRecord& call) {
  std::string out;
  WriteRecord(call, "us-east-1", "123456789012", out);
  return out;
}

TEST(EventRecord, KeepsAKilobyteOfALongUserAgent) {
  pipeline::CallRecord call = Call();
  call.user_agent = std::string(15 * 1024, 'a');
  const std::string record = Record(call);
  EXPECT_EQ(Field(record, "userAgent"), std::string(kMaxUserAgentBytes, 'a'));
  EXPECT_LT(record.size(), 2048u);
}

TEST(EventRecord, CutsTheUserAgentAtACharacterBoundary) {
  pipeline::CallRecord call = Call();
  call.user_agent = "a";
  for (int i = 0; i < 1000; ++i) call.user_agent += "\xC3\xA9";  // é
  const std::string kept = Field(Record(call), "userAgent");
  EXPECT_EQ(kept.size(), kMaxUserAgentBytes - 1);
  EXPECT_EQ(call.user_agent.compare(0, kept.size(), kept), 0);
}

TEST(EventRecord, BoundsTheErrorMessage) {
  pipeline::CallRecord call = Call();
  call.error = Error{"UnknownOperationException", std::string(20000, 'x'), 400};
  EXPECT_EQ(Field(Record(call), "errorMessage").size(), kMaxErrorMessageBytes);
}

TEST(EventRecord, LongParametersOfAnUnknownCallerAreNotKept) {
  pipeline::CallRecord call = Call();
  call.request_parameters["repositoryName"] = std::string(8000, 'n');
  EXPECT_EQ(Field(Record(call), "requestParameters"), "null");
  call.authenticated = true;  // an authenticated call's logged fields are its own business
  EXPECT_NE(Field(Record(call), "requestParameters"), "null");
  call.authenticated = false;
  call.request_parameters["repositoryName"] = "short";
  EXPECT_NE(Field(Record(call), "requestParameters"), "null");
}

TEST(EventRecord, AServiceEventNamesTheServiceAndCarriesItsDetails) {
  pipeline::CallRecord call = Call();
  call.request_id.clear();
  call.operation = "PolicyExecutionEvent";
  call.event_type = "AwsServiceEvent";
  call.user_agent = "ecr.amazonaws.com";
  call.principal = auth::Principal{};
  call.principal->account_id = "210987654321";
  call.additional_event_data["repositoryName"] = "app";
  const std::string record = Record(call);
  EXPECT_EQ(Field(record, "userIdentity"),
            R"({"type":"AWSService","invokedBy":"ecr.amazonaws.com"})");
  EXPECT_EQ(Field(record, "eventType"), "AwsServiceEvent");
  EXPECT_EQ(Field(record, "recipientAccountId"), "210987654321");
  EXPECT_EQ(Field(record, "serviceEventDetails"), R"({"repositoryName":"app"})");
  EXPECT_EQ(record.find("additionalEventData"), std::string::npos);
  EXPECT_EQ(record.find("requestID"), std::string::npos);
  // The index states what the record does: no user, the event's account.
  const TrailEvent event = BuildEvent(call, "us-east-1", "123456789012");
  EXPECT_EQ(event.username, "");
  EXPECT_EQ(event.account_id, "210987654321");
}

}  // namespace
}  // namespace berth::services::cloudtrail
