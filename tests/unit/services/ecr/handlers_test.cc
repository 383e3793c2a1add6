// ECR's operations driven through its operation table, on a real SQLite store and blob store
// in a temp dir, with a fake clock: no server, no wire.
#include <unistd.h>

#include <gtest/gtest.h>

#include "core/crypto.h"
#include "protocol/json_reader.h"
#include "services/ecr/api/operations.h"

namespace berth::services::ecr {
namespace {

std::string Sha(std::string_view bytes) { return "sha256:" + crypto::Sha256Hex(bytes); }

class EcrHandlersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = ::testing::TempDir() + "berth_ecr_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name();
    ASSERT_EQ(std::system(("rm -rf '" + root_ + "' && mkdir -p '" + root_ + "'").c_str()), 0);
    store::Database::Options options;
    options.path = root_ + "/berth.db";
    db_ = std::move(*store::Database::Open(options));
    blobs_ = std::move(*store::OpenLocalBlobStore(root_));
    tokens_ = std::make_unique<auth::RegistryTokens>(std::string(32, 's'), clock_);
    service_ = std::move(*EcrService::Open(*db_, *blobs_, *tokens_, clock_));
    spec_ = MakeEcrService(*service_);
    principal_.account_id = "123456789012";
    principal_.access_key_id = "AKIATEST";
    principal_.arn = "arn:aws:iam::123456789012:user/t";
  }
  void TearDown() override {
    service_.reset();
    db_.reset();
    ASSERT_EQ(std::system(("rm -rf '" + root_ + "'").c_str()), 0);
  }

  Result<Document> Call(const std::string& op, const std::string& json) {
    const pipeline::OperationSpec* spec = spec_.Find(op);
    EXPECT_NE(spec, nullptr) << op;
    auto input = protocol::ParseJson(json);
    EXPECT_TRUE(input.ok()) << json;
    pipeline::CallContext ctx{principal_, "us-east-1", "req", "127.0.0.1", "test",
                              "registry.test:5000", clock_.Now()};
    return spec->handler(ctx, *input);
  }
  Document Ok(const std::string& op, const std::string& json) {
    auto out = Call(op, json);
    EXPECT_TRUE(out.ok()) << op << ": " << (out.ok() ? "" : out.error().message);
    return out.ok() ? *out : Document();
  }
  std::string ErrorCode(const std::string& op, const std::string& json) {
    auto out = Call(op, json);
    return out.ok() ? "ok" : out.error().code;
  }
  void Upload(const std::string& repo, const std::string& bytes) {
    Document up = Ok("InitiateLayerUpload", R"({"repositoryName":")" + repo + R"("})");
    const std::string id = up.Find("uploadId")->as_string();
    Ok("UploadLayerPart", R"({"repositoryName":")" + repo + R"(","uploadId":")" + id +
                              R"(","partFirstByte":0,"partLastByte":)" +
                              std::to_string(bytes.size() - 1) + R"(,"layerPartBlob":")" +
                              crypto::Base64Encode(bytes) + R"("})");
    Ok("CompleteLayerUpload", R"({"repositoryName":")" + repo + R"(","uploadId":")" + id +
                                  R"(","layerDigests":[")" + Sha(bytes) + R"("]})");
  }
  std::string Manifest(const std::string& config, const std::string& layer) {
    return R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",)"
           R"("config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":")" +
           Sha(config) + R"(","size":)" + std::to_string(config.size()) +
           R"(},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":")" +
           Sha(layer) + R"(","size":)" + std::to_string(layer.size()) + "}]}";
  }
  static std::string Quote(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
      if (c == '"' || c == '\\') out.push_back('\\');
      out.push_back(c);
    }
    return out + "\"";
  }

  FakeClock clock_{TimePoint(std::chrono::milliseconds(1795583947000))};
  std::string root_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<store::BlobStore> blobs_;
  std::unique_ptr<auth::RegistryTokens> tokens_;
  std::unique_ptr<EcrService> service_;
  pipeline::ServiceSpec spec_;
  auth::Principal principal_;
};

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
