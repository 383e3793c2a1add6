#include "services/registry/upload_sink.h"

#include <unistd.h>

#include <cstdlib>
#include <gtest/gtest.h>

#include "core/crypto.h"

namespace berth::services::registry {
namespace {

class UploadSinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = ::testing::TempDir() + "berth_sink_" + std::to_string(::getpid());
    ASSERT_EQ(std::system(("rm -rf '" + root_ + "'").c_str()), 0);
    blobs_ = std::move(*store::OpenLocalBlobStore(root_));
  }
  void TearDown() override { ASSERT_EQ(std::system(("rm -rf '" + root_ + "'").c_str()), 0); }

  std::string root_;
  std::unique_ptr<store::BlobStore> blobs_;
};

TEST_F(UploadSinkTest, AppendsEveryPieceInOrderAcrossTheBuffer) {
  const std::string id = *blobs_->BeginUpload();
  UploadSink sink(*blobs_, id, 0);
  std::string all;
  for (int i = 0; i < 40; ++i) {  // 40 × 64 KiB: more than one 1 MiB append
    std::string piece(64 * 1024, static_cast<char>('a' + i % 26));
    all += piece;
    ASSERT_TRUE(sink.Write(piece).ok());
  }
  ASSERT_TRUE(sink.Flush().ok());
  EXPECT_EQ(sink.received(), all.size());
  EXPECT_EQ(*blobs_->UploadSize(id), all.size());
  auto blob = blobs_->CompleteUpload(id, "sha256:" + crypto::Sha256Hex(all));
  ASSERT_TRUE(blob.ok()) << blob.error().message;
  EXPECT_EQ(*blobs_->ReadAll(blob->digest, all.size()), all);
}

TEST_F(UploadSinkTest, ARefusedSinkFailsTheFirstWrite) {
  UploadSink sink(Error{"UNAUTHORIZED", "authentication required", 401});
  auto status = sink.Write("bytes");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, "UNAUTHORIZED");
  EXPECT_FALSE(sink.opened().ok());
}

TEST_F(UploadSinkTest, AWrongOffsetFailsAndKeepsTheUploadAsItWas) {
  const std::string id = *blobs_->BeginUpload();
  ASSERT_TRUE(blobs_->AppendUpload(id, 0, "abc").ok());
  UploadSink sink(*blobs_, id, 0);  // believes the upload is empty
  ASSERT_TRUE(sink.Write("xyz").ok());
  auto flushed = sink.Flush();
  ASSERT_FALSE(flushed.ok());
  EXPECT_EQ(flushed.error().code, "InvalidUploadOffset");
  EXPECT_FALSE(sink.Write("more").ok());  // stays failed
  EXPECT_EQ(*blobs_->UploadSize(id), 3u);
}

}  // namespace
}  // namespace berth::services::registry
