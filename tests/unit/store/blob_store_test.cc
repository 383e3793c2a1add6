#include "store/blob_store.h"

#include <unistd.h>

#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "core/crypto.h"

namespace berth::store {
namespace {

std::string DigestOf(std::string_view bytes) { return "sha256:" + crypto::Sha256Hex(bytes); }

class BlobStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = ::testing::TempDir() + "berth_blobs_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name();
    ASSERT_EQ(std::system(("rm -rf '" + root_ + "'").c_str()), 0);
    auto store = OpenLocalBlobStore(root_);
    ASSERT_TRUE(store.ok()) << store.error().message;
    store_ = std::move(*store);
  }
  void TearDown() override { ASSERT_EQ(std::system(("rm -rf '" + root_ + "'").c_str()), 0); }

  std::string root_;
  std::unique_ptr<BlobStore> store_;
};

TEST_F(BlobStoreTest, PutThenStatReadAndLocate) {
  auto info = store_->Put("hello");
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->digest, DigestOf("hello"));
  auto stat = store_->Stat(info->digest);
  ASSERT_TRUE(stat.ok() && stat->has_value());
  EXPECT_EQ((*stat)->size, 5u);
  EXPECT_EQ(*store_->ReadAll(info->digest, 100), "hello");
  auto range = store_->Locate(info->digest);
  ASSERT_TRUE(range.ok());
  std::ifstream in(range->path);
  std::string content((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(content, "hello");
  EXPECT_FALSE(store_->ReadAll(info->digest, 3).ok());  // larger than allowed
}

TEST_F(BlobStoreTest, UploadInPartsCompletesWithTheRightDigest) {
  auto id = store_->BeginUpload();
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(*store_->AppendUpload(*id, 0, "hel"), 3u);
  EXPECT_EQ(*store_->AppendUpload(*id, 3, "lo"), 5u);
  auto blob = store_->CompleteUpload(*id, DigestOf("hello"));
  ASSERT_TRUE(blob.ok()) << blob.error().message;
  EXPECT_EQ(blob->size, 5u);
  EXPECT_FALSE(store_->UploadSize(*id).ok());  // the upload is gone once complete
}

TEST_F(BlobStoreTest, RefusesAppendAtTheWrongOffset) {
  auto id = store_->BeginUpload();
  ASSERT_TRUE(store_->AppendUpload(*id, 0, "abc").ok());
  auto bad = store_->AppendUpload(*id, 5, "def");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "InvalidUploadOffset");
  EXPECT_EQ(*store_->UploadSize(*id), 3u);
}

TEST_F(BlobStoreTest, WrongDigestLeavesNothingVisible) {
  auto id = store_->BeginUpload();
  ASSERT_TRUE(store_->AppendUpload(*id, 0, "data").ok());
  auto blob = store_->CompleteUpload(*id, DigestOf("other"));
  ASSERT_FALSE(blob.ok());
  EXPECT_EQ(blob.error().code, "DigestMismatch");
  EXPECT_FALSE(store_->Stat(DigestOf("data"))->has_value());
  EXPECT_FALSE(store_->Stat(DigestOf("other"))->has_value());
  EXPECT_FALSE(store_->UploadSize(*id).ok());
}

TEST_F(BlobStoreTest, UploadResumesAfterRestart) {
  auto id = store_->BeginUpload();
  ASSERT_TRUE(store_->AppendUpload(*id, 0, "first ").ok());
  store_.reset();
  auto reopened = OpenLocalBlobStore(root_);
  ASSERT_TRUE(reopened.ok());
  store_ = std::move(*reopened);
  EXPECT_EQ(*store_->UploadSize(*id), 6u);
  ASSERT_TRUE(store_->AppendUpload(*id, 6, "second").ok());
  auto blob = store_->CompleteUpload(*id, DigestOf("first second"));
  ASSERT_TRUE(blob.ok()) << blob.error().message;
}

TEST_F(BlobStoreTest, RefusesPathTraversalAndMalformedNames) {
  EXPECT_FALSE(store_->UploadSize("../../etc/passwd").ok());
  EXPECT_FALSE(store_->AppendUpload("../x", 0, "a").ok());
  EXPECT_FALSE(store_->Stat("sha256:../../x")->has_value());
  EXPECT_FALSE(IsValidDigest("sha256:ABC"));
  EXPECT_FALSE(IsValidDigest("md5:" + std::string(64, 'a')));
  EXPECT_TRUE(IsValidDigest("sha256:" + std::string(64, 'a')));
}

}  // namespace
}  // namespace berth::store
