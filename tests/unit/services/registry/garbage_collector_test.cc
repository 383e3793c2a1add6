#include "services/registry/garbage_collector.h"

#include "../ecr/ecr_fixture.h"

namespace berth::services::registry {
namespace {

using ecr::ecr_test::EcrHandlersTest;
using ecr::ecr_test::Sha;

TimePoint RealNow() {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

class GarbageCollectorTest : public EcrHandlersTest {
 protected:
  // Links are stamped by the fake clock and blob files by the real one: keep them together.
  void SetUp() override {
    EcrHandlersTest::SetUp();
    clock_.Set(RealNow());
  }
  bool Stored(const std::string& bytes) { return blobs_->Stat(Sha(bytes))->has_value(); }
  GcReport Collect(TimePoint now) {
    auto report = CollectGarbage(*service_, GcOptions{}, now);
    EXPECT_TRUE(report.ok()) << report.error().message;
    return report.ok() ? *report : GcReport{};
  }
};

TEST_F(GarbageCollectorTest, ReclaimsWhatNoManifestNeedsAndKeepsTheRest) {
  Ok("CreateRepository", R"({"repositoryName":"aa"})");
  Upload("aa", "config-1");
  Upload("aa", "layer-1");
  const std::string manifest = Manifest("config-1", "layer-1");
  Ok("PutImage", R"({"repositoryName":"aa","imageTag":"v1","imageManifest":)" + Quote(manifest) +
                     "}");
  Upload("aa", "orphan-layer");           // a push abandoned before its manifest
  ASSERT_TRUE(blobs_->Put("stray").ok());  // bytes no row knows

  // Everything was written just now: within the grace period nothing goes.
  GcReport young = Collect(RealNow());
  EXPECT_EQ(young.links_removed, 0u);
  EXPECT_EQ(young.blobs_removed, 0u);
  EXPECT_TRUE(Stored("stray"));

  // Two hours on, the unreferenced link and both unneeded blobs go; the image stays whole.
  GcReport later = Collect(RealNow() + std::chrono::hours(2));
  EXPECT_EQ(later.links_removed, 1u);
  EXPECT_EQ(later.blobs_removed, 2u);
  EXPECT_FALSE(Stored("orphan-layer"));
  EXPECT_FALSE(Stored("stray"));
  EXPECT_TRUE(Stored("config-1"));
  EXPECT_TRUE(Stored("layer-1"));
  EXPECT_TRUE(Stored(manifest));
  EXPECT_EQ(ErrorCode("BatchGetImage", R"({"repositoryName":"aa","imageIds":[{"imageTag":"v1"}]})"),
            "ok");

  // Once the image is deleted, its layers and manifest are garbage too.
  Ok("BatchDeleteImage", R"({"repositoryName":"aa","imageIds":[{"imageTag":"v1"}]})");
  GcReport after_delete = Collect(RealNow() + std::chrono::hours(2));
  EXPECT_EQ(after_delete.blobs_removed, 3u);
  EXPECT_FALSE(Stored("config-1"));
  EXPECT_FALSE(Stored(manifest));
}

TEST_F(GarbageCollectorTest, ABlobAnotherRepositoryStillUsesIsKept) {
  Ok("CreateRepository", R"({"repositoryName":"aa"})");
  Ok("CreateRepository", R"({"repositoryName":"bb"})");
  for (const char* repo : {"aa", "bb"}) {
    Upload(repo, "config-1");
    Upload(repo, "layer-1");
  }
  const std::string manifest = Manifest("config-1", "layer-1");
  Ok("PutImage", R"({"repositoryName":"bb","imageTag":"v1","imageManifest":)" + Quote(manifest) +
                     "}");
  GcReport report = Collect(RealNow() + std::chrono::hours(2));
  EXPECT_EQ(report.links_removed, 2u);  // a's links; b's are referenced
  EXPECT_TRUE(Stored("layer-1"));
  EXPECT_TRUE(Stored("config-1"));
}

TEST_F(GarbageCollectorTest, AbandonedUploadsGoAfterTheTimeout) {
  Ok("CreateRepository", R"({"repositoryName":"aa"})");
  Document up = Ok("InitiateLayerUpload", R"({"repositoryName":"aa"})");
  const std::string id = At(up, "uploadId").as_string();
  ASSERT_TRUE(blobs_->AppendUpload(id, 0, "partial").ok());

  GcReport early = Collect(clock_.Now() + std::chrono::hours(23));
  EXPECT_EQ(early.uploads_removed, 0u);
  EXPECT_TRUE(blobs_->UploadSize(id).ok());

  GcReport late = Collect(clock_.Now() + std::chrono::hours(25));
  EXPECT_EQ(late.uploads_removed, 1u);
  EXPECT_FALSE(blobs_->UploadSize(id).ok());
  EXPECT_FALSE(service_->store().UploadRepository(id)->has_value());
}

TEST_F(GarbageCollectorTest, AnUploadStillReceivingBytesIsKeptHoweverOldItIs) {
  Ok("CreateRepository", R"({"repositoryName":"aa"})");
  clock_.Set(RealNow() - std::chrono::hours(30));  // started 30 hours ago …
  Document up = Ok("InitiateLayerUpload", R"({"repositoryName":"aa"})");
  const std::string id = At(up, "uploadId").as_string();
  ASSERT_TRUE(blobs_->AppendUpload(id, 0, "recent").ok());  // … written to now

  EXPECT_EQ(Collect(RealNow() + std::chrono::hours(1)).uploads_removed, 0u);
  EXPECT_TRUE(blobs_->UploadSize(id).ok());
  EXPECT_EQ(Collect(RealNow() + std::chrono::hours(25)).uploads_removed, 1u);
  EXPECT_FALSE(service_->store().UploadRepository(id)->has_value());
}

TEST_F(GarbageCollectorTest, UploadsPastTheCapAreRefusedWithNothingKept) {
  service_->SetMaxUploads(2);
  Ok("CreateRepository", R"({"repositoryName":"aa"})");
  Ok("InitiateLayerUpload", R"({"repositoryName":"aa"})");
  Document second = Ok("InitiateLayerUpload", R"({"repositoryName":"aa"})");
  EXPECT_EQ(ErrorCode("InitiateLayerUpload", R"({"repositoryName":"aa"})"),
            "LimitExceededException");
  size_t files = 0;
  ASSERT_TRUE(blobs_->ListUploads([&](const std::string&, TimePoint) { ++files; }).ok());
  EXPECT_EQ(files, 2u);
  ASSERT_TRUE(blobs_->CancelUpload(At(second, "uploadId").as_string()).ok());
  ASSERT_TRUE(service_->store().DeleteUpload(At(second, "uploadId").as_string()).ok());
  Ok("InitiateLayerUpload", R"({"repositoryName":"aa"})");
}

TEST_F(GarbageCollectorTest, AManifestNamingABlobWhoseBytesAreGoneIsRefused) {
  Ok("CreateRepository", R"({"repositoryName":"aa"})");
  Upload("aa", "config-1");
  Upload("aa", "layer-1");
  ASSERT_TRUE(blobs_->Delete(Sha("layer-1")).ok());  // as if collected in a race
  EXPECT_EQ(ErrorCode("PutImage", R"({"repositoryName":"aa","imageTag":"v1","imageManifest":)" +
                                      Quote(Manifest("config-1", "layer-1")) + "}"),
            "LayersNotFoundException");
}

TEST_F(GarbageCollectorTest, DryRunDeletesNothing) {
  ASSERT_TRUE(blobs_->Put("stray").ok());
  GcOptions options;
  options.dry_run = true;
  auto report = CollectGarbage(*service_, options, RealNow() + std::chrono::hours(2));
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->blobs_removed, 1u);
  EXPECT_TRUE(Stored("stray"));
}

}  // namespace
}  // namespace berth::services::registry
