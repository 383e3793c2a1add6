#include <gtest/gtest.h>

#include "services/ecr/model/manifest.h"
#include "services/ecr/model/validation.h"

namespace berth::services::ecr {
namespace {

const std::string kDigestA = "sha256:" + std::string(64, 'a');
const std::string kDigestB = "sha256:" + std::string(64, 'b');

TEST(RepositoryName, FollowsEcrPattern) {
  for (const char* good : {"ab", "team/app", "a.b_c-d/e0", "x/y/z", "0a"})
    EXPECT_TRUE(IsValidRepositoryName(good)) << good;
  for (const char* bad : {"a", "UPPER", "-a", "a-", "a//b", "a__b", "/a", "a/", "a b"})
    EXPECT_FALSE(IsValidRepositoryName(bad)) << bad;
  EXPECT_FALSE(IsValidRepositoryName(std::string(257, 'a')));
}

TEST(ImageTag, FollowsOciGrammar) {
  EXPECT_TRUE(IsValidImageTag("v1.0-rc_1"));
  EXPECT_TRUE(IsValidImageTag("_x"));
  EXPECT_FALSE(IsValidImageTag(".x"));
  EXPECT_FALSE(IsValidImageTag("-x"));
  EXPECT_FALSE(IsValidImageTag(std::string(129, 'a')));
  EXPECT_FALSE(IsValidImageTag(""));
}

TEST(ParseManifest, ReadsOciImageManifest) {
  const std::string body = R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
    "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":")" + kDigestA +
                           R"(","size":10},
    "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":")" +
                           kDigestB + R"(","size":32}],
    "subject":{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":")" +
                           kDigestA + R"(","size":5},"artifactType":"application/x-sig"})";
  auto m = ParseManifest(body, "");
  ASSERT_TRUE(m.ok()) << m.error().message;
  EXPECT_EQ(m->media_type, kOciManifest);
  EXPECT_FALSE(m->is_index);
  EXPECT_EQ(m->config->digest, kDigestA);
  EXPECT_EQ(m->layers_size, 32u);
  EXPECT_EQ(m->subject->digest, kDigestA);
  EXPECT_EQ(m->artifact_type, "application/x-sig");
}

TEST(ParseManifest, ReadsDockerManifestListAndInfersOciIndex) {
  auto list = ParseManifest(R"({"schemaVersion":2,
    "mediaType":"application/vnd.docker.distribution.manifest.list.v2+json",
    "manifests":[{"mediaType":"application/vnd.docker.distribution.manifest.v2+json","digest":")" +
                                kDigestA + R"(","size":7}]})",
                            "");
  ASSERT_TRUE(list.ok()) << list.error().message;
  EXPECT_TRUE(list->is_index);
  EXPECT_EQ(list->manifests.size(), 1u);
  auto index = ParseManifest(R"({"schemaVersion":2,"manifests":[]})", "");
  ASSERT_TRUE(index.ok());
  EXPECT_EQ(index->media_type, kOciIndex);
}

TEST(ParseManifest, RefusesBrokenManifests) {
  const char* bad[] = {
      "{", "[]", R"({"schemaVersion":1})", R"({"schemaVersion":2})",
      R"({"schemaVersion":2,"config":{"mediaType":"x","digest":"sha256:zz","size":1},"layers":[]})",
      R"({"schemaVersion":2,"config":{"mediaType":"x","digest":"sha256:)"
      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"size\":-1},\"layers\":[]}",
      R"({"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v1+json"})",
  };
  for (const char* body : bad) {
    auto m = ParseManifest(body, "");
    ASSERT_FALSE(m.ok()) << body;
    EXPECT_EQ(m.error().code, "InvalidParameterException");
  }
}

TEST(ParseManifest, RefusesDeclaredTypeThatContradictsTheBody) {
  auto m = ParseManifest(R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json",
    "manifests":[]})", std::string(kDockerManifest));
  EXPECT_FALSE(m.ok());
}

TEST(LifecyclePolicy, ChecksRulesAsEcrDoes) {
  EXPECT_TRUE(CheckLifecyclePolicy(R"({"rules":[{"rulePriority":1,"selection":{
    "tagStatus":"any","countType":"imageCountMoreThan","countNumber":5},
    "action":{"type":"expire"}}]})").ok());
  EXPECT_FALSE(CheckLifecyclePolicy(R"({"rules":[]})").ok());
  EXPECT_FALSE(CheckLifecyclePolicy(R"({"rules":[{"rulePriority":1,"selection":{
    "tagStatus":"tagged","countType":"imageCountMoreThan","countNumber":5},
    "action":{"type":"expire"}}]})").ok());  // tagged needs a prefix list
  EXPECT_FALSE(CheckLifecyclePolicy(R"({"rules":[{"rulePriority":1,"selection":{
    "tagStatus":"any","countType":"imageCountMoreThan","countNumber":5},"action":{"type":"expire"}},
    {"rulePriority":1,"selection":{"tagStatus":"any","countType":"imageCountMoreThan",
    "countNumber":5},"action":{"type":"expire"}}]})").ok());  // duplicate priority
}

TEST(RepositoryPolicy, NeedsAStatement) {
  EXPECT_TRUE(CheckRepositoryPolicy(R"({"Version":"2012-10-17","Statement":[]})").ok());
  EXPECT_FALSE(CheckRepositoryPolicy(R"({"Version":"2012-10-17"})").ok());
  EXPECT_FALSE(CheckRepositoryPolicy("nope").ok());
}

}  // namespace
}  // namespace berth::services::ecr
