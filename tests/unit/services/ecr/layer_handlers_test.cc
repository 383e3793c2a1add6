// ECR's layer operations: availability checks, chunked uploads and download URLs.
#include "ecr_fixture.h"

namespace berth::services::ecr {
namespace {

using ecr_test::EcrHandlersTest;
using ecr_test::Sha;

class EcrLayersTest : public EcrHandlersTest {
 protected:
  void SetUp() override {
    EcrHandlersTest::SetUp();
    Ok("CreateRepository", R"({"repositoryName":"app"})");
  }
  std::string Initiate(const std::string& repo) {
    Document up = Ok("InitiateLayerUpload", R"({"repositoryName":")" + repo + "\"}");
    EXPECT_EQ(At(up, "partSize").as_int(), 10485760);
    return At(up, "uploadId").as_string();
  }
  std::string Part(const std::string& repo, const std::string& id, size_t first,
                   const std::string& bytes) {
    return R"({"repositoryName":")" + repo + R"(","uploadId":")" + id + R"(","partFirstByte":)" +
           std::to_string(first) + R"(,"partLastByte":)" +
           std::to_string(first + bytes.size() - 1) + R"(,"layerPartBlob":")" +
           crypto::Base64Encode(bytes) + R"("})";
  }
  std::string Complete(const std::string& repo, const std::string& id, const std::string& digests) {
    return R"({"repositoryName":")" + repo + R"(","uploadId":")" + id + R"(","layerDigests":[)" +
           digests + "]}";
  }
};

TEST_F(EcrLayersTest, AnUploadInPartsBecomesAnAvailableLayer) {
  const std::string id = Initiate("app");
  Document first = Ok("UploadLayerPart", Part("app", id, 0, "hello "));
  EXPECT_EQ(At(first, "lastByteReceived").as_int(), 5);
  EXPECT_EQ(At(first, "uploadId").as_string(), id);
  Document second = Ok("UploadLayerPart", Part("app", id, 6, "world"));
  EXPECT_EQ(At(second, "lastByteReceived").as_int(), 10);
  Document done = Ok("CompleteLayerUpload", Complete("app", id, "\"" + Sha("hello world") + "\""));
  EXPECT_EQ(At(done, "layerDigest").as_string(), Sha("hello world"));

  Document check = Ok("BatchCheckLayerAvailability",
                      R"({"repositoryName":"app","layerDigests":[")" + Sha("hello world") +
                          R"(",")" + Sha("missing") + R"(","md5:abc"]})");
  const auto& layers = At(check, "layers").as_list();
  ASSERT_EQ(layers.size(), 1u);
  EXPECT_EQ(At(layers[0], "layerAvailability").as_string(), "AVAILABLE");
  EXPECT_EQ(At(layers[0], "layerSize").as_int(), 11);
  EXPECT_EQ(FailureCodes(check),
            (std::vector<std::string>{"MissingLayerDigest", "InvalidLayerDigest"}));
  EXPECT_EQ(At(At(check, "failures").as_list()[0], "layerDigest").as_string(), Sha("missing"));

  // The same bytes again: ECR says the layer exists.
  const std::string again = Initiate("app");
  Ok("UploadLayerPart", Part("app", again, 0, "hello world"));
  EXPECT_EQ(
      ErrorCode("CompleteLayerUpload", Complete("app", again, "\"" + Sha("hello world") + "\"")),
      "LayerAlreadyExistsException");
}

TEST_F(EcrLayersTest, AnUploadBelongsToItsRepository) {
  Ok("CreateRepository", R"({"repositoryName":"other"})");
  const std::string id = Initiate("app");
  EXPECT_EQ(ErrorCode("UploadLayerPart", Part("other", id, 0, "x")), "UploadNotFoundException");
  EXPECT_EQ(ErrorCode("UploadLayerPart", Part("app", "no-such-upload", 0, "x")),
            "UploadNotFoundException");
  EXPECT_EQ(ErrorCode("CompleteLayerUpload", Complete("other", id, "\"" + Sha("x") + "\"")),
            "UploadNotFoundException");
}

TEST_F(EcrLayersTest, PartsMustMatchTheirDeclaredRange) {
  const std::string id = Initiate("app");
  // Declares three bytes, carries two.
  auto out = Call("UploadLayerPart",
                  R"({"repositoryName":"app","uploadId":")" + id +
                      R"(","partFirstByte":0,"partLastByte":2,"layerPartBlob":"YWI="})");
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code, "InvalidLayerPartException");
  EXPECT_NE(out.error().message.find("last valid byte received is -1"), std::string::npos)
      << out.error().message;
  Ok("UploadLayerPart", Part("app", id, 0, "ab"));
  // Overlapping the bytes already received.
  EXPECT_EQ(ErrorCode("UploadLayerPart", Part("app", id, 1, "bc")), "InvalidLayerPartException");
  Ok("UploadLayerPart", Part("app", id, 2, "cd"));
}

TEST_F(EcrLayersTest, CompletingNeedsExactlyOneDigestAndSomeBytes) {
  const std::string id = Initiate("app");
  EXPECT_EQ(ErrorCode("CompleteLayerUpload", Complete("app", id, "\"" + Sha("") + "\"")),
            "EmptyUploadException");
  Ok("UploadLayerPart", Part("app", id, 0, "abc"));
  EXPECT_EQ(ErrorCode("CompleteLayerUpload", Complete("app", id, "")), "InvalidParameterException");
  EXPECT_EQ(ErrorCode("CompleteLayerUpload",
                      Complete("app", id, "\"" + Sha("abc") + "\",\"" + Sha("abc") + "\"")),
            "InvalidParameterException");
  EXPECT_EQ(ErrorCode("CompleteLayerUpload", Complete("app", id, "\"sha256:nothex\"")),
            "InvalidLayerException");
  Ok("CompleteLayerUpload", Complete("app", id, "\"" + Sha("abc") + "\""));
}

TEST_F(EcrLayersTest, DownloadUrlsCarryAVerifiableShortLivedToken) {
  Upload("app", "layer-bytes");
  Document out = Ok("GetDownloadUrlForLayer",
                    R"({"repositoryName":"app","layerDigest":")" + Sha("layer-bytes") + "\"}");
  EXPECT_EQ(At(out, "layerDigest").as_string(), Sha("layer-bytes"));
  const std::string url = At(out, "downloadUrl").as_string();
  const std::string prefix =
      "http://registry.test:5000/v2/app/blobs/" + Sha("layer-bytes") + "?X-Berth-Token=";
  ASSERT_EQ(url.rfind(prefix, 0), 0u) << url;
  auto token = url::PercentDecode(url.substr(prefix.size()));
  ASSERT_TRUE(token.has_value());
  auto claims = tokens_->VerifyDownload(*token, "app", Sha("layer-bytes"));
  ASSERT_TRUE(claims.ok()) << claims.error().message;
  EXPECT_EQ(claims->account_id, "123456789012");
  EXPECT_LE(claims->expires_at, clock_.Now() + std::chrono::hours(1));
  // Not a registry password: it opens this one layer and nothing else.
  EXPECT_FALSE(tokens_->Verify(*token).ok());
  EXPECT_FALSE(tokens_->VerifyDownload(*token, "app", Sha("other")).ok());

  EXPECT_EQ(ErrorCode("GetDownloadUrlForLayer",
                      R"({"repositoryName":"app","layerDigest":")" + Sha("nope") + "\"}"),
            "LayersNotFoundException");
  EXPECT_EQ(ErrorCode("GetDownloadUrlForLayer", R"({"repositoryName":"app","layerDigest":"x"})"),
            "InvalidParameterException");
  EXPECT_EQ(ErrorCode("GetDownloadUrlForLayer",
                      R"({"repositoryName":"ghost","layerDigest":")" + Sha("nope") + "\"}"),
            "RepositoryNotFoundException");
}

}  // namespace
}  // namespace berth::services::ecr
