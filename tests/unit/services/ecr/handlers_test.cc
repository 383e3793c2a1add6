// ECR's handlers end to end through the operation table: repositories, the push/pull flow,
// immutability, uploads and authorization tokens.
#include "ecr_fixture.h"

namespace berth::services::ecr {
namespace {

using ecr_test::EcrHandlersTest;
using ecr_test::Sha;

TEST_F(EcrHandlersTest, CreateDescribeAndDeleteRepository) {
  Document created = Ok("CreateRepository", R"({"repositoryName":"team/app"})");
  const Document& repo = *created.Find("repository");
  EXPECT_EQ(repo.Find("repositoryUri")->as_string(), "registry.test:5000/team/app");
  EXPECT_EQ(repo.Find("repositoryArn")->as_string(),
            "arn:aws:ecr:us-east-1:123456789012:repository/team/app");
  EXPECT_EQ(repo.Find("createdAt")->as_timestamp(), clock_.Now());
  EXPECT_EQ(ErrorCode("CreateRepository", R"({"repositoryName":"team/app"})"),
            "RepositoryAlreadyExistsException");
  EXPECT_EQ(ErrorCode("CreateRepository", R"({"repositoryName":"Bad"})"),
            "InvalidParameterException");
  Ok("DeleteRepository", R"({"repositoryName":"team/app"})");
  EXPECT_EQ(ErrorCode("DescribeRepositories", R"({"repositoryNames":["team/app"]})"),
            "RepositoryNotFoundException");
}

TEST_F(EcrHandlersTest, PaginatesRepositoriesInNameOrder) {
  for (const char* n : {"r-c", "r-a", "r-b"}) {
    Ok("CreateRepository", std::string(R"({"repositoryName":")") + n + R"("})");
  }
  Document first = Ok("DescribeRepositories", R"({"maxResults":2})");
  ASSERT_EQ(first.Find("repositories")->as_list().size(), 2u);
  EXPECT_EQ(first.Find("repositories")->as_list()[0].Find("repositoryName")->as_string(), "r-a");
  const std::string token = first.Find("nextToken")->as_string();
  Document second = Ok("DescribeRepositories", R"({"maxResults":2,"nextToken":")" + token + "\"}");
  ASSERT_EQ(second.Find("repositories")->as_list().size(), 1u);
  EXPECT_EQ(second.Find("repositories")->as_list()[0].Find("repositoryName")->as_string(), "r-c");
  EXPECT_EQ(second.Find("nextToken"), nullptr);
  EXPECT_EQ(ErrorCode("DescribeRepositories", R"({"maxResults":0})"), "InvalidParameterException");
}

TEST_F(EcrHandlersTest, PushPullAndDeleteAnImage) {
  Ok("CreateRepository", R"({"repositoryName":"app"})");
  const std::string config = R"({"architecture":"amd64"})", layer = "layer-bytes";
  const std::string manifest = Manifest(config, layer);
  EXPECT_EQ(ErrorCode("PutImage", R"({"repositoryName":"app","imageTag":"v1","imageManifest":)" +
                                      Quote(manifest) + "}"),
            "LayersNotFoundException");
  Upload("app", config);
  Upload("app", layer);
  Document put = Ok("PutImage", R"({"repositoryName":"app","imageTag":"v1","imageManifest":)" +
                                    Quote(manifest) + "}");
  EXPECT_EQ(put.Find("image")->Find("imageId")->Find("imageDigest")->as_string(), Sha(manifest));
  EXPECT_EQ(ErrorCode("PutImage", R"({"repositoryName":"app","imageTag":"v1","imageManifest":)" +
                                      Quote(manifest) + "}"),
            "ImageAlreadyExistsException");

  Document described = Ok("DescribeImages", R"({"repositoryName":"app"})");
  const Document& detail = described.Find("imageDetails")->as_list()[0];
  EXPECT_EQ(detail.Find("imageSizeInBytes")->as_int(), static_cast<int64_t>(layer.size()));
  EXPECT_EQ(detail.Find("imageTags")->as_list()[0].as_string(), "v1");

  Document got = Ok("BatchGetImage", R"({"repositoryName":"app","imageIds":[{"imageTag":"v1"}]})");
  EXPECT_EQ(got.Find("images")->as_list()[0].Find("imageManifest")->as_string(), manifest);

  EXPECT_EQ(ErrorCode("DeleteRepository", R"({"repositoryName":"app"})"),
            "RepositoryNotEmptyException");
  Document deleted =
      Ok("BatchDeleteImage", R"({"repositoryName":"app","imageIds":[{"imageTag":"v1"}]})");
  EXPECT_EQ(deleted.Find("imageIds")->as_list().size(), 1u);
  EXPECT_TRUE(Ok("ListImages", R"({"repositoryName":"app"})").Find("imageIds")->as_list().empty());
  Ok("DeleteRepository", R"({"repositoryName":"app"})");
}

TEST_F(EcrHandlersTest, ImmutableTagCannotMove) {
  Ok("CreateRepository", R"({"repositoryName":"imm","imageTagMutability":"IMMUTABLE"})");
  for (const char* c : {"c1", "c2"}) Upload("imm", c);
  Upload("imm", "l");
  Ok("PutImage", R"({"repositoryName":"imm","imageTag":"v1","imageManifest":)" +
                     Quote(Manifest("c1", "l")) + "}");
  EXPECT_EQ(ErrorCode("PutImage", R"({"repositoryName":"imm","imageTag":"v1","imageManifest":)" +
                                      Quote(Manifest("c2", "l")) + "}"),
            "ImageTagAlreadyExistsException");
}

TEST_F(EcrHandlersTest, UploadPartsMustBeContiguousAndDigestsMustMatch) {
  Ok("CreateRepository", R"({"repositoryName":"up"})");
  Document up = Ok("InitiateLayerUpload", R"({"repositoryName":"up"})");
  const std::string id = up.Find("uploadId")->as_string();
  const std::string part = R"({"repositoryName":"up","uploadId":")" + id;
  Ok("UploadLayerPart", part + R"(","partFirstByte":0,"partLastByte":1,"layerPartBlob":"YWI="})");
  EXPECT_EQ(ErrorCode("UploadLayerPart",
                      part + R"(","partFirstByte":5,"partLastByte":6,"layerPartBlob":"YWI="})"),
            "InvalidLayerPartException");
  EXPECT_EQ(ErrorCode("CompleteLayerUpload",
                      part + R"(","layerDigests":[")" + Sha("zz") + R"("]})"),
            "InvalidLayerException");
  EXPECT_EQ(ErrorCode("UploadLayerPart",
                      part + R"(","partFirstByte":2,"partLastByte":3,"layerPartBlob":"YWI="})"),
            "UploadNotFoundException");
}

TEST_F(EcrHandlersTest, AuthorizationTokenCarriesAVerifiablePassword) {
  Document out = Ok("GetAuthorizationToken", "{}");
  const Document& data = out.Find("authorizationData")->as_list()[0];
  auto decoded = crypto::Base64Decode(data.Find("authorizationToken")->as_string());
  ASSERT_TRUE(decoded.has_value());
  ASSERT_EQ(decoded->rfind("AWS:", 0), 0u);
  auto claims = tokens_->Verify(decoded->substr(4));
  ASSERT_TRUE(claims.ok());
  EXPECT_EQ(claims->access_key_id, "AKIATEST");
  EXPECT_EQ(data.Find("expiresAt")->as_timestamp(), clock_.Now() + std::chrono::hours(12));
  EXPECT_EQ(data.Find("proxyEndpoint")->as_string(), "http://registry.test:5000");
}

}  // namespace
}  // namespace berth::services::ecr
