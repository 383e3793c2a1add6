// ECR's wire decoders: the checks AWS makes on inputs before any handler runs.
#include <gtest/gtest.h>

#include "protocol/json_reader.h"
#include "services/ecr/api/shapes.h"

namespace berth::services::ecr {
namespace {

Document Json(const std::string& text) {
  auto parsed = protocol::ParseJson(text);
  EXPECT_TRUE(parsed.ok()) << text;
  return parsed.ok() ? *parsed : Document();
}

template <class T>
std::string CodeOf(const Result<T>& r) {
  return r.ok() ? "ok" : r.error().code;
}

TEST(EcrShapes, CreateRepositoryReadsEverySetting) {
  auto in = DecodeCreateRepository(Json(R"({"repositoryName":"a/b","registryId":"123456789012",
      "imageTagMutability":"IMMUTABLE","imageScanningConfiguration":{"scanOnPush":true},
      "encryptionConfiguration":{"encryptionType":"KMS","kmsKey":"k"},
      "tags":[{"Key":"team","Value":"x"},{"Key":"empty"}]})"));
  ASSERT_TRUE(in.ok()) << in.error().message;
  EXPECT_EQ(in->repo.name, "a/b");
  EXPECT_EQ(in->repo.registry_id, "123456789012");
  EXPECT_EQ(in->mutability, TagMutability::kImmutable);
  EXPECT_TRUE(in->scan_on_push);
  EXPECT_EQ(in->encryption_type, "KMS");
  EXPECT_EQ(in->kms_key, "k");
  EXPECT_EQ(in->tags.at("team"), "x");
  EXPECT_EQ(in->tags.at("empty"), "");
}

TEST(EcrShapes, CreateRepositoryRefusesUnknownEnumsAndKeyWithAes) {
  EXPECT_EQ(CodeOf(DecodeCreateRepository(
                Json(R"({"repositoryName":"a","imageTagMutability":"SOMETIMES"})"))),
            "InvalidParameterException");
  EXPECT_EQ(CodeOf(DecodeCreateRepository(Json(
                R"({"repositoryName":"a","encryptionConfiguration":{"encryptionType":"ROT13"}})"))),
            "InvalidParameterException");
  EXPECT_EQ(CodeOf(DecodeCreateRepository(Json(R"({"repositoryName":"a",
      "encryptionConfiguration":{"encryptionType":"AES256","kmsKey":"k"}})"))),
            "InvalidParameterException");
}

TEST(EcrShapes, MissingRequiredMemberIsAValidationError) {
  EXPECT_EQ(CodeOf(DecodeRepositoryRef(Json("{}"))), "ValidationException");
  EXPECT_EQ(CodeOf(DecodePutImage(Json(R"({"repositoryName":"a"})"))), "ValidationException");
  EXPECT_EQ(CodeOf(DecodeBatchGetImage(Json(R"({"repositoryName":"a"})"))),
            "ValidationException");
  EXPECT_EQ(CodeOf(DecodeUploadLayerPart(
                Json(R"({"repositoryName":"a","uploadId":"u","partFirstByte":0})"))),
            "ValidationException");
}

TEST(EcrShapes, WrongMemberTypeIsASerializationError) {
  EXPECT_EQ(CodeOf(DecodeRepositoryRef(Json(R"({"repositoryName":5})"))),
            "SerializationException");
  EXPECT_EQ(CodeOf(DecodeDescribeRepositories(Json(R"({"repositoryNames":"a"})"))),
            "SerializationException");
  EXPECT_EQ(CodeOf(DecodeUploadLayerPart(Json(R"({"repositoryName":"a","uploadId":"u",
      "partFirstByte":0,"partLastByte":1,"layerPartBlob":"not base64!"})"))),
            "SerializationException");
}

TEST(EcrShapes, MaxResultsMustBeWithinAwsBounds) {
  EXPECT_EQ(CodeOf(DecodeDescribeRepositories(Json(R"({"maxResults":1000})"))), "ok");
  EXPECT_EQ(CodeOf(DecodeDescribeRepositories(Json(R"({"maxResults":1001})"))),
            "InvalidParameterException");
  EXPECT_EQ(CodeOf(DecodeListImages(Json(R"({"repositoryName":"a","maxResults":0})"))),
            "InvalidParameterException");
  EXPECT_EQ(CodeOf(DecodeDescribeImages(Json(R"({"repositoryName":"a","maxResults":1001})"))),
            "InvalidParameterException");
}

TEST(EcrShapes, RepositoryNamesExcludePaging) {
  EXPECT_EQ(CodeOf(DecodeDescribeRepositories(
                Json(R"({"repositoryNames":["a"],"maxResults":5})"))),
            "InvalidParameterException");
  EXPECT_EQ(CodeOf(DecodeDescribeRepositories(Json(R"({"repositoryNames":[]})"))),
            "InvalidParameterException");
}

TEST(EcrShapes, ImageIdListsHoldOneToOneHundred) {
  std::string many = R"({"repositoryName":"a","imageIds":[)";
  for (int i = 0; i < 101; ++i) many += std::string(i ? "," : "") + R"({"imageTag":"t"})";
  many += "]}";
  EXPECT_EQ(CodeOf(DecodeBatchGetImage(Json(many))), "InvalidParameterException");
  EXPECT_EQ(CodeOf(DecodeBatchDeleteImage(Json(R"({"repositoryName":"a","imageIds":[]})"))),
            "InvalidParameterException");
  auto one = DecodeBatchDeleteImage(
      Json(R"({"repositoryName":"a","imageIds":[{"imageDigest":"sha256:ab","imageTag":"t"}]})"));
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->ids[0].digest, "sha256:ab");
  EXPECT_EQ(one->ids[0].tag, "t");
}

TEST(EcrShapes, TagStatusFilterIsAnEnum) {
  auto untagged =
      DecodeListImages(Json(R"({"repositoryName":"a","filter":{"tagStatus":"UNTAGGED"}})"));
  ASSERT_TRUE(untagged.ok());
  EXPECT_EQ(untagged->filter, TagStatus::kUntagged);
  EXPECT_EQ(CodeOf(DecodeDescribeImages(
                Json(R"({"repositoryName":"a","filter":{"tagStatus":"tagged"}})"))),
            "InvalidParameterException");
}

TEST(EcrShapes, PutImageRefusesAnInvalidTag) {
  EXPECT_EQ(CodeOf(DecodePutImage(
                Json(R"({"repositoryName":"a","imageManifest":"{}","imageTag":"-bad"})"))),
            "InvalidParameterException");
}

TEST(EcrShapes, TagsAreBoundedInNumberAndLength) {
  std::string tags = R"({"resourceArn":"arn","tags":[)";
  for (int i = 0; i < 51; ++i) {
    tags += std::string(i ? "," : "") + R"({"Key":"k)" + std::to_string(i) + R"(","Value":"v"})";
  }
  tags += "]}";
  EXPECT_EQ(CodeOf(DecodeTagResource(Json(tags))), "TooManyTagsException");
  EXPECT_EQ(CodeOf(DecodeTagResource(Json(R"({"resourceArn":"arn","tags":[{"Key":""}]})"))),
            "InvalidTagParameterException");
  EXPECT_EQ(CodeOf(DecodeTagResource(Json(R"({"resourceArn":"arn"})"))), "ValidationException");
}

TEST(EcrShapes, UploadLayerPartDecodesTheBlob) {
  auto in = DecodeUploadLayerPart(Json(R"({"repositoryName":"a","uploadId":"u",
      "partFirstByte":0,"partLastByte":1,"layerPartBlob":"YWI="})"));
  ASSERT_TRUE(in.ok()) << in.error().message;
  EXPECT_EQ(in->blob, "ab");
  EXPECT_EQ(in->last_byte, 1);
}

TEST(EcrShapes, PageTokensRoundTripAndRefuseForeignOnes) {
  const std::string token = EncodePageToken("repo", "team/app");
  auto key = DecodePageToken("repo", token);
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(*key, "team/app");
  EXPECT_EQ(CodeOf(DecodePageToken("list", token)), "InvalidParameterException");
  EXPECT_EQ(CodeOf(DecodePageToken("repo", "%%%")), "InvalidParameterException");
  EXPECT_EQ(CodeOf(DecodePageToken("repo", "")), "InvalidParameterException");
}

TEST(EcrShapes, ImageDetailUsesBotocoreMemberNames) {
  Repository repo;
  repo.name = "app";
  repo.registry_id = "123456789012";
  Image image;
  image.digest = "sha256:" + std::string(64, 'a');
  image.media_type = "application/vnd.oci.image.manifest.v1+json";
  image.artifact_media_type = "application/vnd.oci.image.config.v1+json";
  image.subject = "sha256:" + std::string(64, 'b');
  image.size = 42;
  image.tags = {"v1", "v2"};
  image.last_pulled_at = TimePoint(std::chrono::seconds(5));
  Document d = EncodeImageDetail(image, repo);
  EXPECT_EQ(d.Find("registryId")->as_string(), "123456789012");
  EXPECT_EQ(d.Find("repositoryName")->as_string(), "app");
  EXPECT_EQ(d.Find("imageDigest")->as_string(), image.digest);
  EXPECT_EQ(d.Find("imageTags")->as_list().size(), 2u);
  EXPECT_EQ(d.Find("imageSizeInBytes")->as_int(), 42);
  EXPECT_EQ(d.Find("artifactMediaType")->as_string(), *image.artifact_media_type);
  EXPECT_EQ(d.Find("subjectManifestDigest")->as_string(), *image.subject);
  EXPECT_EQ(d.Find("lastRecordedPullTime")->as_timestamp(), *image.last_pulled_at);
  image.tags.clear();
  EXPECT_EQ(EncodeImageDetail(image, repo).Find("imageTags"), nullptr);
}

}  // namespace
}  // namespace berth::services::ecr
