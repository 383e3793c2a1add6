// ECR's image operations: PutImage's checks, listings with filters and pages, BatchGetImage's
// failures and pull times, BatchDeleteImage by tag and digest, manifest lists.
#include <map>

#include "ecr_fixture.h"

namespace berth::services::ecr {
namespace {

using ecr_test::EcrHandlersTest;
using ecr_test::Sha;

class EcrImagesTest : public EcrHandlersTest {
 protected:
  void SetUp() override {
    EcrHandlersTest::SetUp();
    Ok("CreateRepository", R"({"repositoryName":"app"})");
    Upload("app", "cfg-1");
    Upload("app", "cfg-2");
    Upload("app", "cfg-3");
    Upload("app", "layer");
  }
  // Pushes an image with config `cfg-<n>` (tagged `tag` unless empty); returns its digest.
  std::string Push(int n, const std::string& tag) {
    const std::string manifest = Manifest("cfg-" + std::to_string(n), "layer");
    Ok("PutImage", R"({"repositoryName":"app","imageManifest":)" + Quote(manifest) +
                       (tag.empty() ? "" : R"(,"imageTag":")" + tag + "\"") + "}");
    sizes_[Sha(manifest)] = manifest.size();
    return Sha(manifest);
  }
  // An index of `children` with each pushed child's true size (100 for others, or `lie`).
  std::string Index(const std::vector<std::string>& children, size_t lie = 0) {
    std::string body =
        R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[)";
    for (size_t i = 0; i < children.size(); ++i) {
      body += std::string(i ? "," : "") +
              R"({"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":")" +
              children[i] + R"(","size":)" +
              std::to_string(lie ? lie : sizes_.count(children[i]) ? sizes_[children[i]] : 100) +
              R"(,"platform":{"architecture":"amd64","os":"linux"}})";
    }
    return body + "]}";
  }
  std::vector<std::string> Listed(const std::string& request) {
    std::vector<std::string> out;
    const Document listed = Ok("ListImages", request);
    for (const auto& id : At(listed, "imageIds").as_list()) {
      const Document* tag = id.Find("imageTag");
      out.push_back(At(id, "imageDigest").as_string().substr(7, 4) + ":" +
                    (tag != nullptr ? tag->as_string() : "-"));
    }
    return out;
  }
  std::map<std::string, size_t> sizes_;  // of the manifests Push stored, by digest
};

TEST_F(EcrImagesTest, PutImageChecksTheGivenDigestAndTheManifest) {
  const std::string manifest = Manifest("cfg-1", "layer");
  auto mismatch = Call("PutImage", R"({"repositoryName":"app","imageManifest":)" + Quote(manifest) +
                                       R"(,"imageDigest":")" + Sha("other") + "\"}");
  ASSERT_FALSE(mismatch.ok());
  EXPECT_EQ(mismatch.error().code, "ImageDigestDoesNotMatchException");
  EXPECT_NE(mismatch.error().message.find(Sha(manifest)), std::string::npos);

  EXPECT_EQ(ErrorCode("PutImage", R"({"repositoryName":"app","imageManifest":"not json"})"),
            "InvalidParameterException");
  EXPECT_EQ(
      ErrorCode("PutImage",
                R"({"repositoryName":"app","imageManifest":)" + Quote(manifest) +
                    R"(,"imageManifestMediaType":"application/vnd.oci.image.index.v1+json"})"),
      "InvalidParameterException");
  EXPECT_EQ(
      ErrorCode("PutImage", R"({"repositoryName":"app","imageManifest":)" + Quote(manifest) +
                                R"(,"imageDigest":")" + Sha(manifest) + R"(","imageTag":"v1"})"),
      "ok");
}

TEST_F(EcrImagesTest, MissingLayersAreNamed) {
  const std::string manifest = Manifest("cfg-1", "never-uploaded");
  auto out =
      Call("PutImage", R"({"repositoryName":"app","imageManifest":)" + Quote(manifest) + "}");
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code, "LayersNotFoundException");
  EXPECT_NE(out.error().message.find(Sha("never-uploaded")), std::string::npos);
  EXPECT_EQ(out.error().message.find(Sha("cfg-1")), std::string::npos);  // that one is there
  // A layer of another repository is not this one's.
  Ok("CreateRepository", R"({"repositoryName":"other"})");
  EXPECT_EQ(ErrorCode("PutImage", R"({"repositoryName":"other","imageManifest":)" +
                                      Quote(Manifest("cfg-1", "layer")) + "}"),
            "LayersNotFoundException");
}

// Issue 16: a manifest lying about a layer's size was stored, and containerd then failed to
// pull the acknowledged image.
TEST_F(EcrImagesTest, DescriptorSizesMustBeTheStoredContents) {
  const std::string good = Manifest("cfg-1", "layer");
  const std::string size_of_layer = R"("size":)" + std::to_string(std::string("layer").size());
  const std::string size_of_config = R"("size":)" + std::to_string(std::string("cfg-1").size());
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {size_of_layer + "}]", R"("size":6}])"},
           {size_of_layer + "}]", R"("size":0}])"},
           {size_of_config + "}", R"("size":4})"}}) {
    std::string lying = good;
    const auto at = lying.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    lying.replace(at, from.size(), to);
    auto out = Call("PutImage", R"({"repositoryName":"app","imageTag":"lie","imageManifest":)" +
                                    Quote(lying) + "}");
    ASSERT_FALSE(out.ok()) << to;
    EXPECT_EQ(out.error().code, "InvalidParameterException");
    EXPECT_EQ(out.error().http_status, 400);
    EXPECT_NE(out.error().message.find("size"), std::string::npos) << out.error().message;
  }
  EXPECT_TRUE(Listed(R"({"repositoryName":"app"})").empty());  // nothing was stored
}

TEST_F(EcrImagesTest, AnIndexMustGiveItsChildManifestsTrueSizes) {
  const std::string child = Push(1, "amd64");
  auto out = Call("PutImage", R"({"repositoryName":"app","imageTag":"multi","imageManifest":)" +
                                  Quote(Index({child}, sizes_[child] + 1)) + "}");
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code, "InvalidParameterException");
  EXPECT_NE(out.error().message.find(child), std::string::npos);
  EXPECT_EQ(ErrorCode("PutImage", R"({"repositoryName":"app","imageTag":"multi","imageManifest":)" +
                                      Quote(Index({child})) + "}"),
            "ok");
}

TEST_F(EcrImagesTest, ExclusionFiltersMakeMatchingTagsTheExceptionToTheSetting) {
  Document set = Ok("PutImageTagMutability",
                    R"({"repositoryName":"app","imageTagMutability":"IMMUTABLE_WITH_EXCLUSION",)"
                    R"("imageTagMutabilityExclusionFilters":[{"filterType":"WILDCARD",)"
                    R"("filter":"latest"},{"filterType":"WILDCARD","filter":"dev-*"}]})");
  EXPECT_EQ(At(set, "imageTagMutability").as_string(), "IMMUTABLE_WITH_EXCLUSION");
  EXPECT_EQ(At(At(set, "imageTagMutabilityExclusionFilters").as_list()[1], "filter").as_string(),
            "dev-*");
  const Document described = Ok("DescribeRepositories", R"({"repositoryNames":["app"]})");
  EXPECT_EQ(At(At(described, "repositories").as_list()[0], "imageTagMutabilityExclusionFilters")
                .as_list()
                .size(),
            2u);
  Push(1, "v1");
  Push(1, "latest");
  Push(1, "dev-7");
  // v1 is immutable; latest and dev-7 (excluded) move.
  EXPECT_EQ(ErrorCode("PutImage", R"({"repositoryName":"app","imageTag":"v1","imageManifest":)" +
                                      Quote(Manifest("cfg-2", "layer")) + "}"),
            "ImageTagAlreadyExistsException");
  Push(2, "latest");
  Push(2, "dev-7");
  // MUTABLE_WITH_EXCLUSION: only the matching tags are immutable.
  Ok("PutImageTagMutability",
     R"({"repositoryName":"app","imageTagMutability":"MUTABLE_WITH_EXCLUSION",)"
     R"("imageTagMutabilityExclusionFilters":[{"filterType":"WILDCARD","filter":"release-*"}]})");
  Push(2, "v1");
  Push(1, "release-1");
  EXPECT_EQ(ErrorCode("PutImage",
                      R"({"repositoryName":"app","imageTag":"release-1","imageManifest":)" +
                          Quote(Manifest("cfg-3", "layer")) + "}"),
            "ImageTagAlreadyExistsException");
  // Filters come with, and only with, a *_WITH_EXCLUSION setting.
  EXPECT_EQ(ErrorCode("PutImageTagMutability",
                      R"({"repositoryName":"app","imageTagMutability":"IMMUTABLE_WITH_EXCLUSION"})"),
            "InvalidParameterException");
  EXPECT_EQ(ErrorCode("PutImageTagMutability",
                      R"({"repositoryName":"app","imageTagMutability":"MUTABLE",)"
                      R"("imageTagMutabilityExclusionFilters":[{"filterType":"WILDCARD","filter":"x"}]})"),
            "InvalidParameterException");
  EXPECT_EQ(ErrorCode("PutImageTagMutability",
                      R"({"repositoryName":"app","imageTagMutability":"MUTABLE_WITH_EXCLUSION",)"
                      R"("imageTagMutabilityExclusionFilters":[{"filterType":"WILDCARD","filter":"a b"}]})"),
            "InvalidParameterException");
  const Document plain = Ok("PutImageTagMutability",
                            R"({"repositoryName":"app","imageTagMutability":"MUTABLE"})");
  EXPECT_EQ(plain.Find("imageTagMutabilityExclusionFilters"), nullptr);
}

TEST_F(EcrImagesTest, AMutableTagMovesAndLeavesTheOldImageUntagged) {
  const std::string first = Push(1, "latest");
  const std::string second = Push(2, "latest");
  EXPECT_EQ(Listed(R"({"repositoryName":"app","filter":{"tagStatus":"UNTAGGED"}})"),
            std::vector<std::string>{first.substr(7, 4) + ":-"});
  EXPECT_EQ(Listed(R"({"repositoryName":"app","filter":{"tagStatus":"TAGGED"}})"),
            std::vector<std::string>{second.substr(7, 4) + ":latest"});
}

TEST_F(EcrImagesTest, ListImagesPagesThroughEveryDigestAndTag) {
  Push(1, "a");
  Push(1, "b");
  Push(2, "");
  Push(3, "c");
  std::vector<std::string> all = Listed(R"({"repositoryName":"app"})");
  ASSERT_EQ(all.size(), 4u);
  std::vector<std::string> paged;
  std::string token;
  for (int pages = 0; pages < 10; ++pages) {
    Document out =
        Ok("ListImages", R"({"repositoryName":"app","maxResults":1)" +
                             (token.empty() ? "" : R"(,"nextToken":")" + token + "\"") + "}");
    const auto& ids = At(out, "imageIds").as_list();
    ASSERT_EQ(ids.size(), 1u);
    const Document* tag = ids[0].Find("imageTag");
    paged.push_back(At(ids[0], "imageDigest").as_string().substr(7, 4) + ":" +
                    (tag != nullptr ? tag->as_string() : "-"));
    const Document* next = out.Find("nextToken");
    if (next == nullptr) break;
    EXPECT_NE(next->as_string(), token);  // never repeated
    token = next->as_string();
  }
  EXPECT_EQ(paged, all);
}

TEST_F(EcrImagesTest, DescribeImagesReportsDetailsAndMissingIds) {
  const std::string digest = Push(1, "v1");
  Push(2, "");
  Document all = Ok("DescribeImages", R"({"repositoryName":"app","maxResults":1})");
  EXPECT_EQ(At(all, "imageDetails").as_list().size(), 1u);
  ASSERT_NE(all.Find("nextToken"), nullptr);
  Document rest = Ok("DescribeImages", R"({"repositoryName":"app","nextToken":")" +
                                           all.Find("nextToken")->as_string() + "\"}");
  EXPECT_EQ(At(rest, "imageDetails").as_list().size(), 1u);
  EXPECT_EQ(rest.Find("nextToken"), nullptr);

  Document one = Ok("DescribeImages", R"({"repositoryName":"app","imageIds":[{"imageTag":"v1"}]})");
  const Document& detail = At(one, "imageDetails").as_list().at(0);
  EXPECT_EQ(At(detail, "imageDigest").as_string(), digest);
  EXPECT_EQ(At(detail, "imagePushedAt").as_timestamp(), clock_.Now());
  EXPECT_EQ(At(detail, "imageManifestMediaType").as_string(),
            "application/vnd.oci.image.manifest.v1+json");
  EXPECT_EQ(At(detail, "artifactMediaType").as_string(),
            "application/vnd.oci.image.config.v1+json");
  EXPECT_EQ(detail.Find("lastRecordedPullTime"), nullptr);

  auto missing =
      Call("DescribeImages", R"({"repositoryName":"app","imageIds":[{"imageTag":"nope"}]})");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "ImageNotFoundException");
  EXPECT_NE(missing.error().message.find("nope"), std::string::npos);
}

TEST_F(EcrImagesTest, BatchGetImageReportsEachFailureAndRecordsPulls) {
  const std::string digest = Push(1, "v1");
  const std::string other = Push(2, "v2");
  clock_.Advance(std::chrono::minutes(5));
  Document out = Ok("BatchGetImage", R"({"repositoryName":"app","imageIds":[
      {"imageTag":"v1"},
      {"imageTag":"ghost"},
      {"imageDigest":")" + Sha("ghost") + R"("},
      {"imageDigest":")" + other + R"(","imageTag":"v1"},
      {"imageDigest":"sha256:xyz"},
      {"imageTag":".bad"},
      {}]})");
  const auto& images = At(out, "images").as_list();
  ASSERT_EQ(images.size(), 1u);
  EXPECT_EQ(At(At(images[0], "imageId"), "imageDigest").as_string(), digest);
  EXPECT_EQ(At(At(images[0], "imageId"), "imageTag").as_string(), "v1");
  EXPECT_EQ(At(images[0], "imageManifest").as_string(), Manifest("cfg-1", "layer"));
  EXPECT_EQ(
      FailureCodes(out),
      (std::vector<std::string>{"ImageNotFound", "ImageNotFound", "ImageTagDoesNotMatchDigest",
                                "InvalidImageDigest", "InvalidImageTag", "MissingDigestAndTag"}));
  EXPECT_EQ(At(At(out, "failures").as_list()[0], "failureReason").as_string(),
            "Requested image not found");

  Document pulled =
      Ok("DescribeImages", R"({"repositoryName":"app","imageIds":[{"imageTag":"v1"}]})");
  EXPECT_EQ(At(At(pulled, "imageDetails").as_list().at(0), "lastRecordedPullTime").as_timestamp(),
            clock_.Now());
}

TEST_F(EcrImagesTest, BatchGetImageHonoursAcceptedMediaTypes) {
  Push(1, "v1");
  Document out = Ok("BatchGetImage", R"({"repositoryName":"app","imageIds":[{"imageTag":"v1"}],
      "acceptedMediaTypes":["application/vnd.docker.distribution.manifest.v2+json"]})");
  EXPECT_TRUE(At(out, "images").as_list().empty());
  EXPECT_EQ(FailureCodes(out), std::vector<std::string>{"ImageNotFound"});
}

TEST_F(EcrImagesTest, DeletingByDigestRemovesTheImageWithEveryTag) {
  const std::string digest = Push(1, "a");
  Push(1, "b");
  Document out = Ok("BatchDeleteImage",
                    R"({"repositoryName":"app","imageIds":[{"imageDigest":")" + digest + "\"}]}");
  EXPECT_EQ(At(out, "imageIds").as_list().size(), 2u);
  EXPECT_TRUE(At(out, "failures").as_list().empty());
  EXPECT_TRUE(Listed(R"({"repositoryName":"app"})").empty());
  Document again = Ok("BatchDeleteImage",
                      R"({"repositoryName":"app","imageIds":[{"imageDigest":")" + digest + "\"}]}");
  EXPECT_EQ(FailureCodes(again), std::vector<std::string>{"ImageNotFound"});
}

TEST_F(EcrImagesTest, DeletingOneOfTwoTagsKeepsTheImage) {
  const std::string digest = Push(1, "a");
  Push(1, "b");
  Document out =
      Ok("BatchDeleteImage", R"({"repositoryName":"app","imageIds":[{"imageTag":"a"}]})");
  ASSERT_EQ(At(out, "imageIds").as_list().size(), 1u);
  EXPECT_EQ(At(At(out, "imageIds").as_list()[0], "imageDigest").as_string(), digest);
  EXPECT_EQ(Listed(R"({"repositoryName":"app"})"),
            std::vector<std::string>{digest.substr(7, 4) + ":b"});
}

TEST_F(EcrImagesTest, AManifestListNeedsItsImagesAndKeepsThemFromDeletion) {
  const std::string child = Push(1, "amd64");
  const std::string absent = Sha("absent");
  auto missing = Call("PutImage", R"({"repositoryName":"app","imageTag":"multi","imageManifest":)" +
                                      Quote(Index({child, absent})) + "}");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "ReferencedImagesNotFoundException");
  EXPECT_NE(missing.error().message.find(absent), std::string::npos);

  const std::string index = Index({child});
  Document put = Ok("PutImage", R"({"repositoryName":"app","imageTag":"multi","imageManifest":)" +
                                    Quote(index) + "}");
  EXPECT_EQ(At(At(put, "image"), "imageManifestMediaType").as_string(),
            "application/vnd.oci.image.index.v1+json");
  Document detail =
      Ok("DescribeImages", R"({"repositoryName":"app","imageIds":[{"imageTag":"multi"}]})");
  EXPECT_EQ(At(At(detail, "imageDetails").as_list().at(0), "imageSizeInBytes").as_int(),
            static_cast<int64_t>(std::string("layer").size()));

  Document refused = Ok("BatchDeleteImage", R"({"repositoryName":"app","imageIds":[
      {"imageDigest":")" + child + R"("},{"imageTag":"amd64"}]})");
  EXPECT_TRUE(At(refused, "imageIds").as_list().empty());
  EXPECT_EQ(FailureCodes(refused), (std::vector<std::string>{"ImageReferencedByManifestList",
                                                             "ImageReferencedByManifestList"}));
  EXPECT_NE(At(At(refused, "failures").as_list()[0], "failureReason").as_string().find(Sha(index)),
            std::string::npos);

  Ok("BatchDeleteImage", R"({"repositoryName":"app","imageIds":[{"imageTag":"multi"}]})");
  Document freed = Ok("BatchDeleteImage", R"({"repositoryName":"app","imageIds":[
      {"imageDigest":")" + child + R"("}]})");
  EXPECT_EQ(At(freed, "imageIds").as_list().size(), 1u);
}

TEST_F(EcrImagesTest, ImageAlreadyExistsOnlyForTheSameTagOrNoTag) {
  const std::string manifest = Manifest("cfg-1", "layer");
  Push(1, "v1");
  EXPECT_EQ(
      ErrorCode("PutImage", R"({"repositoryName":"app","imageManifest":)" + Quote(manifest) + "}"),
      "ImageAlreadyExistsException");
  auto again = Call("PutImage", R"({"repositoryName":"app","imageTag":"v1","imageManifest":)" +
                                    Quote(manifest) + "}");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().message,
            "Image with digest '" + Sha(manifest) +
                "' and tag 'v1' already exists in the repository with name 'app' in registry "
                "with id '123456789012'");
  EXPECT_EQ(ErrorCode("PutImage", R"({"repositoryName":"app","imageTag":"v2","imageManifest":)" +
                                      Quote(manifest) + "}"),
            "ok");
}

}  // namespace
}  // namespace berth::services::ecr
