#include <gtest/gtest.h>

#include "core/json_writer.h"
#include "protocol/aws_json.h"
#include "protocol/aws_query.h"
#include "protocol/json_reader.h"
#include "protocol/oci_errors.h"

namespace berth::protocol {
namespace {

TEST(ParseJson, ReadsNestedValues) {
  auto d = ParseJson(R"({"a":[1,2.5,"x",true,null],"b":{"c":-3},"big":18446744073709551615})");
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_EQ(d->Find("a")->as_list()[0].as_int(), 1);
  EXPECT_EQ(d->Find("a")->as_list()[1].as_double(), 2.5);
  EXPECT_EQ(d->Find("a")->as_list()[2].as_string(), "x");
  EXPECT_TRUE(d->Find("a")->as_list()[4].is_null());
  EXPECT_EQ(d->Find("b")->Find("c")->as_int(), -3);
  EXPECT_EQ(d->Find("big")->kind(), Document::Kind::kDouble);
}

TEST(ParseJson, RefusesMalformedInputWithoutThrowing) {
  const std::vector<std::string> inputs = {"{", "{\"a\":}", "[1,]", "{\"a\":1} x", "\"\xff\"",
                                           "nul", "", std::string(100, '[') + std::string(100, ']')};
  for (const std::string& bad : inputs) {
    auto d = ParseJson(bad);
    ASSERT_FALSE(d.ok()) << bad;
    EXPECT_EQ(d.error().code, "SerializationException");
  }
}

// Found by fuzz/json.cc: a number past 2^64 read as a double was written back as an integer
// literal ("18446744073709551616") that the reader refuses, so berth could not read its own JSON;
// and -0 came back as another text ("-0", then "0").
TEST(ParseJson, WhatToJsonWritesReadsBack) {
  for (const char* text : {R"({"n":18446744073709551615})", R"({"n":-1.5e19})", R"({"n":1e308})",
                           R"({"n":-9223372036854775808})", R"({"n":123456789012345678})", R"({"n":-0e2})"}) {
    auto doc = ParseJson(text);
    ASSERT_TRUE(doc.ok()) << text;
    const std::string written = ToJson(*doc);
    auto again = ParseJson(written);
    ASSERT_TRUE(again.ok()) << text << " was written as " << written;
    EXPECT_EQ(ToJson(*again), written);
  }
}

TEST(DecodeJsonRequest, EmptyBodyIsEmptyInputAndArraysAreRefused) {
  auto empty = DecodeJsonRequest("");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->is_map());
  EXPECT_FALSE(DecodeJsonRequest("[1]").ok());
}

TEST(EncodeJsonError, HasTypeMessageAndStatus) {
  Response r = EncodeJsonError(Error{"RepositoryNotFoundException", "gone \"x\"", 400},
                               JsonVersion::k11);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, R"({"__type":"RepositoryNotFoundException","message":"gone \"x\""})");
  bool has_type = false;
  for (const auto& h : r.headers) has_type |= h.name == "x-amzn-ErrorType";
  EXPECT_TRUE(has_type);
}

TEST(DecodeQueryForm, BuildsListsMapsAndStructures) {
  auto q = DecodeQueryForm(
      "Action=PutMetricData&Version=2010-08-01&Namespace=App%2FWeb"
      "&MetricData.member.2.MetricName=B&MetricData.member.1.MetricName=A"
      "&MetricData.member.1.Dimensions.member.1.Name=Repo"
      "&Tags.entry.1.key=k&Tags.entry.1.value=v&Plain=a+b");
  ASSERT_TRUE(q.ok()) << q.error().message;
  EXPECT_EQ(q->action, "PutMetricData");
  EXPECT_EQ(q->version, "2010-08-01");
  EXPECT_EQ(q->params.Find("Namespace")->as_string(), "App/Web");
  EXPECT_EQ(q->params.Find("Plain")->as_string(), "a b");
  const auto& data = q->params.Find("MetricData")->as_list();
  ASSERT_EQ(data.size(), 2u);
  EXPECT_EQ(data[0].Find("MetricName")->as_string(), "A");
  EXPECT_EQ(data[1].Find("MetricName")->as_string(), "B");
  EXPECT_EQ(data[0].Find("Dimensions")->as_list()[0].Find("Name")->as_string(), "Repo");
  EXPECT_EQ(q->params.Find("Tags")->Find("k")->as_string(), "v");
}

TEST(DecodeQueryForm, MapEntriesMayBeNamedNameAndValue) {
  // SNS's MessageAttributes rename the key and value: entry.N.Name, entry.N.Value.DataType.
  auto q = DecodeQueryForm(
      "Action=Publish&MessageAttributes.entry.1.Name=color"
      "&MessageAttributes.entry.1.Value.DataType=String"
      "&MessageAttributes.entry.1.Value.StringValue=red");
  ASSERT_TRUE(q.ok());
  const Document* color = q->params["MessageAttributes"].Find("color");
  ASSERT_NE(color, nullptr);
  EXPECT_EQ(color->Find("DataType")->as_string(), "String");
  EXPECT_EQ(color->Find("StringValue")->as_string(), "red");
}

TEST(DecodeQueryForm, HugeIndexesDoNotAllocateHugeLists) {
  auto q = DecodeQueryForm("Action=X&L.member.999999999=a&L.member.1=b");
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->params.Find("L")->as_list().size(), 2u);
}

TEST(DecodeQueryForm, RefusesMissingActionDeepNamesAndBadEscapes) {
  EXPECT_EQ(DecodeQueryForm("Version=1").error().code, "MissingAction");
  std::string deep = "Action=X&" + std::string(40, 'a') + "";
  for (int i = 0; i < 20; ++i) deep += ".a";
  deep += "=1";
  EXPECT_EQ(DecodeQueryForm(deep).error().code, "MalformedQueryString");
  EXPECT_EQ(DecodeQueryForm("Action=X&a=%zz").error().code, "MalformedQueryString");
  EXPECT_EQ(DecodeQueryForm("Action=X&a..b=1").error().code, "MalformedQueryString");
}

TEST(EncodeQuery, ResultAndErrorShapes) {
  Document out;
  out["Value"] = "1";
  Response ok = EncodeQueryResult("GetThing", "http://ns/", out, "rid");
  EXPECT_NE(ok.body.find("<GetThingResponse xmlns=\"http://ns/\"><GetThingResult><Value>1</Value>"
                         "</GetThingResult><ResponseMetadata><RequestId>rid</RequestId>"),
            std::string::npos);
  Response err = EncodeQueryError(Error{"InvalidAction", "bad <op>", 400}, "rid");
  EXPECT_EQ(err.status, 400);
  EXPECT_NE(err.body.find("<Type>Sender</Type><Code>InvalidAction</Code><Message>bad &lt;op&gt;"),
            std::string::npos);
}

TEST(EncodeQuery, MapMembersAreEntryLists) {
  // GetMetricStatistics' Datapoints[].ExtendedStatistics is a map; Label a plain member.
  Document point;
  point["ExtendedStatistics"]["p99"] = 9.5;
  point["ExtendedStatistics"]["PR(:10)"] = 10.0;
  point["Unit"] = "Count";
  Document out;
  out["Label"] = "L";
  out["Datapoints"].Push(point);
  Response r = EncodeQueryResult("GetMetricStatistics", "http://ns/", out, "rid",
                                 {"Datapoints.ExtendedStatistics"});
  EXPECT_NE(r.body.find("<Label>L</Label><Datapoints><member><ExtendedStatistics>"
                        "<entry><key>p99</key><value>9.5</value></entry>"
                        "<entry><key>PR(:10)</key><value>10</value></entry>"
                        "</ExtendedStatistics><Unit>Count</Unit></member></Datapoints>"),
            std::string::npos)
      << r.body;
  // Without the path the same member is a structure, as before.
  Response plain = EncodeQueryResult("X", "http://ns/", out, "rid");
  EXPECT_NE(plain.body.find("<ExtendedStatistics><p99>9.5</p99>"), std::string::npos);
}

TEST(EncodeOciError, HasErrorsArray) {
  Response r = EncodeOciError(Error{"BLOB_UNKNOWN", "blob unknown to registry", 404});
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, R"({"errors":[{"code":"BLOB_UNKNOWN","message":"blob unknown to registry"}]})");
}

}  // namespace
}  // namespace berth::protocol
