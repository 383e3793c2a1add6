// Log groups, retention, deletion protection, log streams and tags through the operation
// table.
#include "logs_fixture.h"

namespace berth::services::logs {
namespace {

using logs_test::kDay;
using logs_test::kNow;
using logs_test::LogsHandlersTest;

TEST_F(LogsHandlersTest, CreatedLogGroupIsDescribedWithAwsFields) {
  Ok("CreateLogGroup", R"({"logGroupName":"/berth/trail","kmsKeyId":"k1",
      "tags":{"team":"platform"}})");
  Document out = Ok("DescribeLogGroups", "{}");
  const auto& groups = At(out, "logGroups").as_list();
  ASSERT_EQ(groups.size(), 1u);
  const Document& g = groups[0];
  EXPECT_EQ(At(g, "logGroupName").as_string(), "/berth/trail");
  EXPECT_EQ(At(g, "creationTime").as_int(), kNow);
  EXPECT_EQ(At(g, "arn").as_string(), "arn:aws:logs:us-east-1:123456789012:log-group:/berth/trail:*");
  EXPECT_EQ(At(g, "logGroupArn").as_string(),
            "arn:aws:logs:us-east-1:123456789012:log-group:/berth/trail");
  EXPECT_EQ(At(g, "storedBytes").as_int(), 0);
  EXPECT_EQ(At(g, "metricFilterCount").as_int(), 0);
  EXPECT_EQ(At(g, "kmsKeyId").as_string(), "k1");
  EXPECT_EQ(At(g, "logGroupClass").as_string(), "STANDARD");
  EXPECT_EQ(g.Find("retentionInDays"), nullptr);
  Document tags = Ok("ListTagsLogGroup", R"({"logGroupName":"/berth/trail"})");
  EXPECT_EQ(At(At(tags, "tags"), "team").as_string(), "platform");
}

TEST_F(LogsHandlersTest, RefusesADuplicateOrMalformedLogGroup) {
  CreateGroup("app");
  Error dup = Fails("CreateLogGroup", R"({"logGroupName":"app"})");
  EXPECT_EQ(dup.code, "ResourceAlreadyExistsException");
  EXPECT_EQ(dup.message, "The specified log group already exists");
  EXPECT_EQ(dup.http_status, 400);
  for (const std::string& bad : {std::string("a b"), std::string(""), std::string(513, 'x'),
                                 std::string("bad:name"), std::string("aws/lambda")}) {
    EXPECT_EQ(ErrorCode("CreateLogGroup", R"({"logGroupName":")" + bad + R"("})"),
              "InvalidParameterException")
        << bad;
  }
  Error pattern = Fails("CreateLogGroup", R"({"logGroupName":"a b"})");
  EXPECT_EQ(pattern.message,
            R"(1 validation error detected: Value 'a b' at 'logGroupName' failed to satisfy )"
            R"(constraint: Member must satisfy regular expression pattern: [\.\-_/#A-Za-z0-9]+)");
  EXPECT_EQ(ErrorCode("CreateLogGroup", R"({"logGroupName":"x","logGroupClass":"COLD"})"),
            "InvalidParameterException");
  EXPECT_EQ(ErrorCode("CreateLogGroup", R"({"logGroupName":5})"), "SerializationException");
}

TEST_F(LogsHandlersTest, DescribesLogGroupsByPrefixPatternAndPages) {
  for (const char* name : {"/a/one", "/a/two", "/b/one", "/a/three", "/c/x-one-y"}) {
    CreateGroup(name);
  }
  Document prefixed = Ok("DescribeLogGroups", R"({"logGroupNamePrefix":"/a/"})");
  std::vector<std::string> names;
  for (const auto& g : At(prefixed, "logGroups").as_list()) {
    names.push_back(At(g, "logGroupName").as_string());
  }
  EXPECT_EQ(names, (std::vector<std::string>{"/a/one", "/a/three", "/a/two"}));

  Document pattern = Ok("DescribeLogGroups", R"({"logGroupNamePattern":"one"})");
  const auto& matched = At(pattern, "logGroups").as_list();
  ASSERT_EQ(matched.size(), 3u);
  // With a pattern AWS answers only arn, creationTime and logGroupName.
  EXPECT_EQ(matched[0].as_map().size(), 3u);
  EXPECT_EQ(matched[0].Find("storedBytes"), nullptr);

  std::vector<std::string> paged;
  std::string token;
  for (int page = 0; page < 10; ++page) {
    Document out = Ok("DescribeLogGroups", R"({"limit":2)" +
                                               (token.empty() ? "" : R"(,"nextToken":")" + token + "\"") +
                                               "}");
    for (const auto& g : At(out, "logGroups").as_list()) {
      paged.push_back(At(g, "logGroupName").as_string());
    }
    const Document* next = out.Find("nextToken");
    if (next == nullptr) break;
    token = next->as_string();
  }
  EXPECT_EQ(paged, (std::vector<std::string>{"/a/one", "/a/three", "/a/two", "/b/one",
                                             "/c/x-one-y"}));
  EXPECT_EQ(ErrorCode("DescribeLogGroups", R"({"nextToken":"garbage"})"),
            "InvalidParameterException");
  EXPECT_EQ(ErrorCode("DescribeLogGroups", R"({"logGroupNamePrefix":"a","logGroupNamePattern":"b"})"),
            "InvalidParameterException");
  EXPECT_EQ(ErrorCode("DescribeLogGroups", R"({"limit":51})"), "InvalidParameterException");
  Document by_id = Ok("DescribeLogGroups", R"({"logGroupIdentifiers":["/b/one",
      "arn:aws:logs:us-east-1:123456789012:log-group:/a/two", "/missing"]})");
  EXPECT_EQ(At(by_id, "logGroups").as_list().size(), 2u);
  // The model's LogGroupIdentifier pattern has no '*': the ARN DescribeLogGroups shows in
  // `arn` (with ":*") is refused, as AWS refuses it.
  Error star = Fails("DescribeLogGroups", R"({"logGroupIdentifiers":[
      "arn:aws:logs:us-east-1:123456789012:log-group:/a/two:*"]})");
  EXPECT_EQ(star.message,
            "1 validation error detected: Value '[arn:aws:logs:us-east-1:123456789012:log-group:"
            "/a/two:*]' at 'logGroupIdentifiers' failed to satisfy constraint: Member must "
            R"(satisfy constraint: [Member must satisfy regular expression pattern: [\w#+=/:,.@-]*])");
}

TEST_F(LogsHandlersTest, AnotherAccountSeesNoneOfTheGroups) {
  CreateGroup("app");
  principal_.account_id = "999999999999";
  EXPECT_TRUE(At(Ok("DescribeLogGroups", "{}"), "logGroups").as_list().empty());
  EXPECT_EQ(ErrorCode("DeleteLogGroup", R"({"logGroupName":"app"})"), "ResourceNotFoundException");
  CreateGroup("app");  // the same name in another account is another group
  EXPECT_EQ(At(Ok("DescribeLogGroups", "{}"), "logGroups").as_list().size(), 1u);
}

TEST_F(LogsHandlersTest, DeletesALogGroupWithItsStreams) {
  CreateGroup("app");
  CreateStream("app", "s1");
  Put("app", "s1", {{kNow, "x"}});
  Ok("DeleteLogGroup", R"({"logGroupName":"app"})");
  Error gone = Fails("DeleteLogGroup", R"({"logGroupName":"app"})");
  EXPECT_EQ(gone.code, "ResourceNotFoundException");
  EXPECT_EQ(gone.message, "The specified log group does not exist.");
  CreateGroup("app");
  EXPECT_TRUE(At(Ok("DescribeLogStreams", R"({"logGroupName":"app"})"), "logStreams")
                  .as_list()
                  .empty());
}

TEST_F(LogsHandlersTest, SetsAndRemovesRetention) {
  CreateGroup("app");
  Ok("PutRetentionPolicy", R"({"logGroupName":"app","retentionInDays":7})");
  Document out = Ok("DescribeLogGroups", "{}");
  EXPECT_EQ(At(At(out, "logGroups").as_list()[0], "retentionInDays").as_int(), 7);
  Error bad = Fails("PutRetentionPolicy", R"({"logGroupName":"app","retentionInDays":8})");
  EXPECT_EQ(bad.code, "InvalidParameterException");
  EXPECT_NE(bad.message.find("Member must satisfy enum value set: [1, 3, 5, 7, 14, 30"),
            std::string::npos);
  EXPECT_EQ(ErrorCode("PutRetentionPolicy", R"({"logGroupName":"nope","retentionInDays":1})"),
            "ResourceNotFoundException");
  Ok("DeleteRetentionPolicy", R"({"logGroupName":"app"})");
  out = Ok("DescribeLogGroups", "{}");
  EXPECT_EQ(At(out, "logGroups").as_list()[0].Find("retentionInDays"), nullptr);
}

TEST_F(LogsHandlersTest, DeletionProtectionBlocksDeletes) {
  Ok("CreateLogGroup", R"({"logGroupName":"keep","deletionProtectionEnabled":true})");
  CreateStream("keep", "s");
  EXPECT_EQ(ErrorCode("DeleteLogGroup", R"({"logGroupName":"keep"})"), "ValidationException");
  EXPECT_EQ(ErrorCode("DeleteLogStream", R"({"logGroupName":"keep","logStreamName":"s"})"),
            "ValidationException");
  Ok("PutLogGroupDeletionProtection",
     R"({"logGroupIdentifier":"keep","deletionProtectionEnabled":false})");
  Ok("DeleteLogGroup", R"({"logGroupName":"keep"})");
}

TEST_F(LogsHandlersTest, CreatesDescribesAndDeletesStreams) {
  CreateGroup("app");
  CreateStream("app", "web/1");
  Error dup = Fails("CreateLogStream", R"({"logGroupName":"app","logStreamName":"web/1"})");
  EXPECT_EQ(dup.code, "ResourceAlreadyExistsException");
  EXPECT_EQ(dup.message, "The specified log stream already exists");
  EXPECT_EQ(ErrorCode("CreateLogStream", R"({"logGroupName":"none","logStreamName":"s"})"),
            "ResourceNotFoundException");
  EXPECT_EQ(ErrorCode("CreateLogStream", R"({"logGroupName":"app","logStreamName":"a:b"})"),
            "InvalidParameterException");
  EXPECT_EQ(ErrorCode("CreateLogStream", R"({"logGroupName":"app","logStreamName":"a*"})"),
            "InvalidParameterException");
  Document out = Ok("DescribeLogStreams", R"({"logGroupName":"app"})");
  const Document& s = At(out, "logStreams").as_list().at(0);
  EXPECT_EQ(At(s, "logStreamName").as_string(), "web/1");
  EXPECT_EQ(At(s, "creationTime").as_int(), kNow);
  EXPECT_EQ(At(s, "arn").as_string(),
            "arn:aws:logs:us-east-1:123456789012:log-group:app:log-stream:web/1");
  EXPECT_EQ(s.Find("firstEventTimestamp"), nullptr);
  Ok("DeleteLogStream", R"({"logGroupName":"app","logStreamName":"web/1"})");
  Error gone = Fails("DeleteLogStream", R"({"logGroupName":"app","logStreamName":"web/1"})");
  EXPECT_EQ(gone.message, "The specified log stream does not exist.");
}

TEST_F(LogsHandlersTest, OrdersAndPagesStreams) {
  CreateGroup("app");
  for (const char* name : {"b", "a", "d", "c", "x-1"}) CreateStream("app", name);
  Put("app", "d", {{kNow - 5000, "old"}});
  Put("app", "a", {{kNow - 1000, "new"}});
  Put("app", "c", {{kNow - 3000, "mid"}});
  auto names = [&](const std::string& request) {
    std::vector<std::string> out;
    std::string token;
    for (int page = 0; page < 10; ++page) {
      std::string body = request;
      if (!token.empty()) body.insert(body.size() - 1, R"(,"nextToken":")" + token + "\"");
      Document o = Ok("DescribeLogStreams", body);
      for (const auto& s : At(o, "logStreams").as_list()) {
        out.push_back(At(s, "logStreamName").as_string());
      }
      const Document* next = o.Find("nextToken");
      if (next == nullptr) break;
      token = next->as_string();
    }
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(names(R"({"logGroupName":"app","limit":2})"), (V{"a", "b", "c", "d", "x-1"}));
  EXPECT_EQ(names(R"({"logGroupName":"app","limit":2,"descending":true})"),
            (V{"x-1", "d", "c", "b", "a"}));
  EXPECT_EQ(names(R"({"logGroupName":"app","logStreamNamePrefix":"x"})"), (V{"x-1"}));
  // Streams without events come first (their last event time counts as 0).
  EXPECT_EQ(names(R"({"logGroupName":"app","limit":2,"orderBy":"LastEventTime"})"),
            (V{"b", "x-1", "d", "c", "a"}));
  EXPECT_EQ(names(R"({"logGroupName":"app","limit":1,"orderBy":"LastEventTime",
      "descending":true})"),
            (V{"a", "c", "d", "x-1", "b"}));
  EXPECT_EQ(ErrorCode("DescribeLogStreams", R"({"logGroupName":"app","orderBy":"LastEventTime",
      "logStreamNamePrefix":"a"})"),
            "InvalidParameterException");
  // A token of one ordering is no token of another.
  Document first = Ok("DescribeLogStreams", R"({"logGroupName":"app","limit":1})");
  const std::string token = At(first, "nextToken").as_string();
  EXPECT_EQ(ErrorCode("DescribeLogStreams", R"({"logGroupName":"app","orderBy":"LastEventTime",
      "nextToken":")" + token + "\"}"),
            "InvalidParameterException");
  EXPECT_EQ(ErrorCode("DescribeLogStreams", R"({"logGroupName":"app","logGroupIdentifier":"app"})"),
            "InvalidParameterException");
  EXPECT_EQ(ErrorCode("DescribeLogStreams", "{}"), "InvalidParameterException");
  EXPECT_EQ(names(R"({"logGroupIdentifier":"arn:aws:logs:us-east-1:123456789012:log-group:app",
      "logStreamNamePrefix":"x"})"),
            (V{"x-1"}));
  EXPECT_EQ(ErrorCode("DescribeLogStreams",
                      R"({"logGroupIdentifier":"arn:aws:logs:us-east-1:999999999999:log-group:app"})"),
            "ResourceNotFoundException");
}

TEST_F(LogsHandlersTest, StreamsReportTheirEventTimesAndBytes) {
  CreateGroup("app");
  CreateStream("app", "s");
  Put("app", "s", {{kNow - 3000, "first"}, {kNow - 2000, "second"}});
  clock_.Advance(std::chrono::milliseconds(500));
  Put("app", "s", {{kNow - 5000, "earlier, later"}});
  Document out = Ok("DescribeLogStreams", R"({"logGroupName":"app"})");
  const Document& s = At(out, "logStreams").as_list().at(0);
  EXPECT_EQ(At(s, "firstEventTimestamp").as_int(), kNow - 5000);
  EXPECT_EQ(At(s, "lastEventTimestamp").as_int(), kNow - 2000);
  EXPECT_EQ(At(s, "lastIngestionTime").as_int(), kNow + 500);
  const int64_t stream_bytes = At(s, "storedBytes").as_int();
  EXPECT_GE(stream_bytes, 25);  // the messages, and a few bytes of framing
  Document groups = Ok("DescribeLogGroups", "{}");
  EXPECT_EQ(At(At(groups, "logGroups").as_list()[0], "storedBytes").as_int(), stream_bytes);
}

TEST_F(LogsHandlersTest, TagsLogGroupsByArnAndByName) {
  CreateGroup("app");
  const std::string arn = "arn:aws:logs:us-east-1:123456789012:log-group:app";
  Ok("TagResource", R"({"resourceArn":")" + arn + R"(","tags":{"a":"1","b":"2"}})");
  Ok("UntagResource", R"({"resourceArn":")" + arn + R"(","tagKeys":["a"]})");
  Ok("TagLogGroup", R"({"logGroupName":"app","tags":{"c":"3","b":"20"}})");
  Document tags = Ok("ListTagsForResource", R"({"resourceArn":")" + arn + R"("})");
  const Document& t = At(tags, "tags");
  EXPECT_EQ(t.as_map().size(), 2u);
  EXPECT_EQ(At(t, "b").as_string(), "20");
  EXPECT_EQ(At(t, "c").as_string(), "3");
  Ok("UntagLogGroup", R"({"logGroupName":"app","tags":["b","c"]})");
  EXPECT_TRUE(At(Ok("ListTagsLogGroup", R"({"logGroupName":"app"})"), "tags").as_map().empty());

  EXPECT_EQ(ErrorCode("ListTagsForResource",
                      R"({"resourceArn":"arn:aws:logs:us-east-1:123456789012:log-group:none"})"),
            "ResourceNotFoundException");
  EXPECT_EQ(ErrorCode("ListTagsForResource",
                      R"({"resourceArn":"arn:aws:logs:us-east-1:999999999999:log-group:app"})"),
            "ResourceNotFoundException");
  EXPECT_EQ(ErrorCode("ListTagsForResource",
                      R"({"resourceArn":"arn:aws:logs:us-east-1:123456789012:destination:d"})"),
            "ResourceNotFoundException");
  EXPECT_EQ(ErrorCode("ListTagsForResource", R"({"resourceArn":"not-an-arn"})"),
            "InvalidParameterException");
  EXPECT_EQ(ErrorCode("TagResource", R"({"resourceArn":")" + arn + R"(","tags":{"aws:x":"1"}})"),
            "InvalidParameterException");
  std::string many = "{";
  for (int i = 0; i < 30; ++i) many += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":\"v\"";
  many += "}";
  std::string more = "{";
  for (int i = 30; i < 60; ++i) more += (i > 30 ? ",\"k" : "\"k") + std::to_string(i) + "\":\"v\"";
  more += "}";
  Ok("TagResource", R"({"resourceArn":")" + arn + R"(","tags":)" + many + "}");
  Error too_many = Fails("TagResource", R"({"resourceArn":")" + arn + R"(","tags":)" + more + "}");
  EXPECT_EQ(too_many.code, "TooManyTagsException");
  // Nothing of the refused call stayed.
  EXPECT_EQ(At(Ok("ListTagsLogGroup", R"({"logGroupName":"app"})"), "tags").as_map().size(), 30u);
  EXPECT_EQ(ErrorCode("TagLogGroup", R"({"logGroupName":"app","tags":)" + more + "}"),
            "InvalidParameterException");
}

}  // namespace
}  // namespace berth::services::logs
