// PutBucketPolicy's checks in S3's words, GetBucketPolicyStatus's "public", and
// PutBucketTagging's rules.
#include <gtest/gtest.h>

#include "auth/policy/parser.h"
#include "services/s3/model/bucket_policy.h"
#include "services/s3/model/bucket_tags.h"

namespace berth::services::s3 {
namespace {

std::string Policy(std::string_view statement) {
  return R"({"Version":"2012-10-17","Statement":[)" + std::string(statement) + "]}";
}

std::string MessageOf(std::string_view text) {
  auto compiled = CompileBucketPolicy(text, "logs");
  if (compiled.ok()) return "ok";
  EXPECT_EQ(compiled.error().code, "MalformedPolicy") << compiled.error().message;
  EXPECT_EQ(compiled.error().http_status, 400);
  return compiled.error().message;
}

TEST(BucketPolicyTest, AcceptsAPolicyOnItsBucketAndObjects) {
  EXPECT_EQ(MessageOf(Policy(R"({"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/ci"},
        "Action":["s3:GetObject","s3:ListBucket"],
        "Resource":["arn:aws:s3:::logs","arn:aws:s3:::logs/reports/*"]})")),
            "ok");
  EXPECT_EQ(MessageOf(Policy(R"({"Effect":"Deny","Principal":"*","Action":"s3:*",
        "Resource":"arn:aws:s3:::logs/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}})")),
            "ok");
}

TEST(BucketPolicyTest, RefusesWithS3sMessages) {
  EXPECT_EQ(MessageOf("not json"), "Policies must be valid JSON and the first byte must be '{'");
  EXPECT_EQ(MessageOf("{\"Version\": "), "Policies must be valid JSON and the first byte must be '{'");
  EXPECT_EQ(MessageOf(Policy(R"({"Effect":"Allow","Action":"s3:GetObject",
        "Resource":"arn:aws:s3:::logs/*"})")),
            "Missing required field Principal");
  EXPECT_EQ(MessageOf(Policy(R"({"Effect":"Allow","Principal":"*","Action":"s3:GetObject"})")),
            "Missing required field Resource");
  EXPECT_EQ(MessageOf(Policy(R"({"Effect":"Allow","Principal":"*","Action":"s3:GetObject",
        "Resource":"arn:aws:s3:::other/*"})")),
            "Policy has invalid resource");
  EXPECT_EQ(MessageOf(Policy(R"({"Effect":"Allow","Principal":"*","Action":"s3:GetObject",
        "Resource":"*"})")),
            "Policy has invalid resource");
  EXPECT_EQ(MessageOf(Policy(R"({"Effect":"Allow","Principal":"*","Action":"ecr:PutImage",
        "Resource":"arn:aws:s3:::logs/*"})")),
            "Policy has invalid action");
  EXPECT_EQ(MessageOf(Policy(R"({"Effect":"Allow","Principal":"*","Action":"s3:GetObject",
        "Resource":"arn:aws:s3:::logs"})")),
            "Action does not apply to any resource(s) in statement");
  EXPECT_EQ(MessageOf(Policy(R"({"Effect":"hello","Principal":"*","Action":"s3:GetObject",
        "Resource":"arn:aws:s3:::logs/*"})")),
            "Invalid effect: hello");
  EXPECT_EQ(MessageOf(Policy(R"({"Effect":"Allow","Principal":"*","Action":"s3:GetObject",
        "Resource":"arn:aws:s3:::logs/*","Extra":1})")),
            "Unknown field Extra");
  auto large = CompileBucketPolicy(std::string(kMaxBucketPolicyBytes + 1, ' '), "logs");
  EXPECT_EQ(large.error().code, "PolicyTooLarge");
}

bool Public(std::string_view statement) {
  auto document = auth::policy::ParsePolicy(
      Policy(statement), auth::policy::ParseOptions{.kind = auth::policy::PolicyKind::kResource});
  EXPECT_TRUE(document.ok());
  return document.ok() && IsPublicPolicy(*document);
}

TEST(BucketPolicyTest, PublicWhenAnyoneIsAllowedWithoutAFixedCondition) {
  EXPECT_TRUE(Public(R"({"Effect":"Allow","Principal":"*","Action":"s3:GetObject",
      "Resource":"arn:aws:s3:::logs/*"})"));
  EXPECT_TRUE(Public(R"({"Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:GetObject",
      "Resource":"arn:aws:s3:::logs/*","Condition":{"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}}})"));
  EXPECT_FALSE(Public(R"({"Effect":"Allow","Principal":"*","Action":"s3:GetObject",
      "Resource":"arn:aws:s3:::logs/*","Condition":{"IpAddress":{"aws:SourceIp":"10.1.0.0/16"}}})"));
  EXPECT_FALSE(Public(R"({"Effect":"Deny","Principal":"*","Action":"s3:GetObject",
      "Resource":"arn:aws:s3:::logs/*"})"));
  EXPECT_FALSE(Public(R"({"Effect":"Allow","Principal":{"AWS":"123456789012"},
      "Action":"s3:GetObject","Resource":"arn:aws:s3:::logs/*"})"));
}

std::string Tagging(std::string_view tags) {
  return "<Tagging><TagSet>" + std::string(tags) + "</TagSet></Tagging>";
}

std::string Tag(std::string_view key, std::string_view value) {
  return "<Tag><Key>" + std::string(key) + "</Key><Value>" + std::string(value) + "</Value></Tag>";
}

TEST(BucketTagsTest, KeepsTagsInOrder) {
  ErrorDetails details;
  auto tags = ParseBucketTagging(Tagging(Tag("team", "infra") + Tag("cost-center", "")), details);
  ASSERT_TRUE(tags.ok());
  EXPECT_EQ(*tags, (BucketTags{{"team", "infra"}, {"cost-center", ""}}));
  EXPECT_TRUE(ParseBucketTagging(Tagging(""), details)->empty());
}

TEST(BucketTagsTest, RefusesWhatS3Refuses) {
  ErrorDetails details;
  auto dup = ParseBucketTagging(Tagging(Tag("a", "1") + Tag("a", "2")), details);
  EXPECT_EQ(dup.error().code, "InvalidTag");
  EXPECT_EQ(dup.error().message, "Cannot provide multiple Tags with the same key");
  EXPECT_EQ(details, (ErrorDetails{{"TagKey", "a"}}));
  EXPECT_EQ(ParseBucketTagging(Tagging(Tag(std::string(129, 'k'), "v")), details).error().message,
            "The TagKey you have provided is invalid");
  EXPECT_EQ(ParseBucketTagging(Tagging(Tag("k", "a&amp;b")), details).error().message,
            "The TagValue you have provided is invalid");
  EXPECT_EQ(ParseBucketTagging(Tagging(Tag("aws:x", "v")), details).error().code, "InvalidTag");
  std::string many;
  for (int i = 0; i <= 50; ++i) many += Tag("k" + std::to_string(i), "v");
  EXPECT_EQ(ParseBucketTagging(Tagging(many), details).error().code, "InvalidTag");
  EXPECT_EQ(ParseBucketTagging("<Other/>", details).error().code, "MalformedXML");
}

}  // namespace
}  // namespace berth::services::s3
