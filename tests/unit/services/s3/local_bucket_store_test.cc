// LocalBucketStore on a real Database and folder: buckets, objects, listing, multipart, and
// what a crash at each step of a write leaves (object_files.h).
#include "services/s3/store/local_bucket_store.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>

#include "core/crypto.h"
#include "core/time_format.h"
#include "services/s3/model/checksum.h"

namespace berth::services::s3 {
namespace {

constexpr char kOwner[] = "111122223333";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

bool Exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

size_t CountFiles(const std::string& dir) {
  std::string cmd = "find '" + dir + "' -type f | wc -l";
  FILE* p = ::popen(cmd.c_str(), "r");
  size_t n = 0;
  if (p != nullptr) {
    if (std::fscanf(p, "%zu", &n) != 1) n = 0;
    ::pclose(p);
  }
  return n;
}

class LocalBucketStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = ::testing::TempDir() + "berth_s3_store_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name();
    ASSERT_EQ(std::system(("rm -rf '" + root_ + "' && mkdir -p '" + root_ + "'").c_str()), 0);
    Reopen();
    ASSERT_TRUE(store_->CreateBucket({"logs", kOwner, "us-east-1", clock_.Now()}).ok());
  }
  void TearDown() override {
    store_.reset();
    db_.reset();
    ASSERT_EQ(std::system(("rm -rf '" + root_ + "'").c_str()), 0);
  }
  void Reopen() {
    store_.reset();
    db_.reset();
    store::Database::Options options;
    options.path = root_ + "/berth.db";
    auto db = store::Database::Open(options);
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(*db);
    auto store = LocalBucketStore::Open(*db_, root_ + "/buckets", clock_);
    ASSERT_TRUE(store.ok()) << store.error().message;
    store_ = std::move(*store);
  }
  std::string Get(const std::string& bucket, const std::string& key) {
    auto object = store_->GetObject(bucket, key);
    if (!object.ok() || !*object) return "<missing>";
    const FileRange& f = (*object)->file;
    return ReadFile(f.path).substr(f.offset, f.length);
  }
  void Put(const std::string& key, const std::string& bytes) {
    ASSERT_TRUE(store_->PutObject("logs", key, bytes, {}).ok());
  }
  std::string BucketDir() const { return root_ + "/buckets/logs"; }

  FakeClock clock_{*timefmt::ParseIso8601("2026-11-28T00:00:00Z")};
  std::string root_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<LocalBucketStore> store_;
};

TEST_F(LocalBucketStoreTest, BucketsBelongToTheirCreator) {
  EXPECT_EQ(*store_->BucketOwner("logs"), std::optional<std::string>(kOwner));
  EXPECT_FALSE(*store_->BucketOwner("nope"));
  EXPECT_EQ(store_->CreateBucket({"logs", kOwner, "us-east-1", clock_.Now()}).error().code,
            "BucketAlreadyOwnedByYou");
  EXPECT_EQ(store_->CreateBucket({"logs", "999999999999", "us-east-1", clock_.Now()}).error().code,
            "BucketAlreadyExists");
  EXPECT_EQ(store_->CreateBucket({"Bad_Name", kOwner, "us-east-1", clock_.Now()}).error().code,
            "InvalidBucketName");
  ASSERT_TRUE(store_->CreateBucket({"archive", kOwner, "eu-west-1", clock_.Now()}).ok());
  ASSERT_TRUE(store_->CreateBucket({"other", "999999999999", "us-east-1", clock_.Now()}).ok());
  auto mine = store_->ListBuckets(kOwner, "", "", 100);
  ASSERT_EQ(mine->size(), 2u);
  EXPECT_EQ((*mine)[0].name, "archive");
  EXPECT_EQ((*mine)[0].region, "eu-west-1");
  EXPECT_EQ((*mine)[1].name, "logs");
  EXPECT_EQ(store_->ListBuckets(kOwner, "lo", "", 100)->size(), 1u);
  EXPECT_EQ(store_->ListBuckets(kOwner, "", "archive", 100)->size(), 1u);
}

TEST_F(LocalBucketStoreTest, StoresObjectsWithTheirMetadata) {
  ObjectWrite how{"application/json", {{"signature", "c2ln"}}, {{"content-encoding", "gzip"}}};
  ASSERT_TRUE(store_->PutObject("logs", "AWSLogs/1/digest.json.gz", "{\"a\":1}", how).ok());
  auto object = store_->GetObject("logs", "AWSLogs/1/digest.json.gz");
  ASSERT_TRUE(object.ok() && *object);
  const ObjectInfo& info = (*object)->info;
  EXPECT_EQ(info.size, 7u);
  EXPECT_EQ(info.etag, Md5Hex("{\"a\":1}"));
  EXPECT_EQ(info.how.content_type, "application/json");
  EXPECT_EQ(info.how.metadata, how.metadata);
  EXPECT_EQ(info.how.headers, how.headers);
  EXPECT_EQ(info.last_modified, clock_.Now());
  EXPECT_EQ(Get("logs", "AWSLogs/1/digest.json.gz"), "{\"a\":1}");
  EXPECT_EQ(store_->PutObject("nope", "k", "x", {}).error().code, "NoSuchBucket");
  EXPECT_EQ(store_->PutObject("logs", std::string(1025, 'k'), "x", {}).error().code,
            "KeyTooLongError");
}

TEST_F(LocalBucketStoreTest, KeysThatAreAlsoPrefixesAndDotsAreFine) {
  Put("a", "1");
  Put("a/b", "2");
  Put("../../etc/passwd", "3");
  Put("a//b/", "4");
  EXPECT_EQ(Get("logs", "a"), "1");
  EXPECT_EQ(Get("logs", "a/b"), "2");
  EXPECT_EQ(Get("logs", "../../etc/passwd"), "3");
  EXPECT_EQ(Get("logs", "a//b/"), "4");
}

TEST_F(LocalBucketStoreTest, AReplacedObjectsFileLivesOnForTheGracePeriod) {
  Put("k", "old");
  const std::string old_path = (*store_->GetObject("logs", "k"))->file.path;
  Put("k", "new");
  EXPECT_EQ(Get("logs", "k"), "new");
  EXPECT_TRUE(Exists(old_path));  // a download that found it may still open it
  clock_.Advance(LocalBucketStore::kUnlinkGrace + std::chrono::seconds(1));
  ASSERT_TRUE(store_->Sweep(false).ok());
  EXPECT_FALSE(Exists(old_path));
  EXPECT_EQ(Get("logs", "k"), "new");
}

TEST_F(LocalBucketStoreTest, DeletesOneOrManyKeys) {
  Put("a", "1");
  Put("b", "2");
  Put("c", "3");
  EXPECT_TRUE(*store_->DeleteObject("logs", "a"));
  EXPECT_FALSE(*store_->DeleteObject("logs", "a"));
  auto existed = store_->DeleteObjects("logs", {"b", "zz", "c"});
  ASSERT_TRUE(existed.ok());
  EXPECT_EQ(*existed, (std::vector<bool>{true, false, true}));
  EXPECT_EQ(Get("logs", "b"), "<missing>");
  EXPECT_EQ(store_->DeleteObject("nope", "a").error().code, "NoSuchBucket");
  Reopen();  // no grace on open: every deleted file goes
  EXPECT_EQ(CountFiles(BucketDir()), 0u);
}

TEST_F(LocalBucketStoreTest, ListsKeysInByteOrderWithPrefixesAndPages) {
  for (const char* k : {"b/2", "b/1", "a", "\xc3\xa9", "B", "c/x/y"}) Put(k, "v");
  ListQuery q;
  auto page = store_->ListObjects("logs", q);
  ASSERT_TRUE(page.ok());
  std::vector<std::string> keys;
  for (const auto& o : page->objects) keys.push_back(o.key);
  EXPECT_EQ(keys, (std::vector<std::string>{"B", "a", "b/1", "b/2", "c/x/y", "\xc3\xa9"}));
  q.delimiter = "/";
  q.max_keys = 2;
  page = store_->ListObjects("logs", q);
  EXPECT_EQ(page->objects.size(), 2u);  // B, a
  EXPECT_TRUE(page->truncated);
  q.start_after = page->last;
  page = store_->ListObjects("logs", q);
  EXPECT_EQ(page->common_prefixes, (std::vector<std::string>{"b/", "c/"}));
  EXPECT_EQ(store_->ListObjects("nope", q).error().code, "NoSuchBucket");
}

TEST_F(LocalBucketStoreTest, StreamsAnObjectInAndMakesItVisibleOnlyOnCommit) {
  auto pending = store_->BeginObject("logs");
  ASSERT_TRUE(pending.ok());
  std::string all;
  for (int i = 0; i < 64; ++i) {
    std::string piece(64 * 1024, static_cast<char>('a' + i % 26));
    all += piece;
    ASSERT_TRUE((*pending)->Append(piece).ok());
  }
  EXPECT_EQ(Get("logs", "big"), "<missing>");
  auto info = store_->CommitObject(std::move(*pending), "big", {}, "CRC32", "x");
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->etag, Md5Hex(all));
  EXPECT_EQ(info->checksum_algorithm, "CRC32");
  EXPECT_EQ(Get("logs", "big"), all);
  // Abandoned writes leave nothing behind.
  auto abandoned = store_->BeginObject("logs");
  ASSERT_TRUE((*abandoned)->Append("half").ok());
  abandoned->reset();
  EXPECT_EQ(CountFiles(root_ + "/buckets/.tmp"), 0u);
}

TEST_F(LocalBucketStoreTest, RecoveryUndoesUncommittedWritesAndKeepsCommittedOnes) {
  Put("kept", "safe");
  const std::string kept = (*store_->GetObject("logs", "kept"))->file.path;
  const std::string kept_id = kept.substr(kept.rfind('/') + 1);
  store_.reset();
  // A crash after the commit, before the temporary name went: only that name goes.
  ASSERT_EQ(::link(kept.c_str(), (root_ + "/buckets/.tmp/" + kept_id + ".logs").c_str()), 0);
  // A crash after the link into place, before the commit: both names go.
  const std::string orphan_id = "0123abcd-0000-4000-8000-000000000000";
  const std::string orphan_tmp = root_ + "/buckets/.tmp/" + orphan_id + ".logs";
  std::ofstream(orphan_tmp) << "uncommitted";
  // The kept object's own fan-out folder may be "01" too (1 time in 256).
  ASSERT_TRUE(::mkdir((BucketDir() + "/01").c_str(), 0700) == 0 || errno == EEXIST);
  ASSERT_EQ(::link(orphan_tmp.c_str(), (BucketDir() + "/01/" + orphan_id).c_str()), 0);
  // A crash before the link: the temporary file goes.
  std::ofstream(root_ + "/buckets/.tmp/89abcdef-0000-4000-8000-000000000000.logs") << "x";
  // A bucket deleted just before a crash: its folder goes.
  ASSERT_EQ(::mkdir((root_ + "/buckets/gone").c_str(), 0700), 0);
  Reopen();
  EXPECT_EQ(Get("logs", "kept"), "safe");
  EXPECT_EQ(CountFiles(root_ + "/buckets/.tmp"), 0u);
  EXPECT_FALSE(Exists(BucketDir() + "/01/" + orphan_id));
  EXPECT_FALSE(Exists(root_ + "/buckets/gone"));
}

TEST_F(LocalBucketStoreTest, AWriteDoesNotLandInABucketMadeAnewUnderTheSameName) {
  auto pending = store_->BeginObject("logs");
  ASSERT_TRUE((*pending)->Append("for the old bucket").ok());
  ASSERT_TRUE(store_->DeleteBucket("logs").ok());
  ASSERT_TRUE(store_->CreateBucket({"logs", "999999999999", "us-east-1", clock_.Now()}).ok());
  EXPECT_EQ(store_->CommitObject(std::move(*pending), "k", {}, "", "").error().code,
            "NoSuchBucket");
  EXPECT_TRUE(store_->ListObjects("logs", {})->objects.empty());
  EXPECT_EQ(CountFiles(BucketDir()), 0u);
}

TEST_F(LocalBucketStoreTest, DeletesOnlyEmptyBucketsAndTheirFolder) {
  Put("k", "v");
  EXPECT_EQ(store_->DeleteBucket("logs").error().code, "BucketNotEmpty");
  ASSERT_TRUE(*store_->DeleteObject("logs", "k"));
  auto upload = store_->CreateUpload(MultipartUpload{"", "logs", "mp", {}, "arn", kOwner, {}, ""});
  ASSERT_TRUE(upload.ok());
  ASSERT_TRUE(store_->DeleteBucket("logs").ok());  // uploads in progress go with it
  EXPECT_FALSE(Exists(BucketDir()));
  EXPECT_FALSE(*store_->BucketOwner("logs"));
  EXPECT_EQ(store_->DeleteBucket("logs").error().code, "NoSuchBucket");
  EXPECT_EQ(store_->GetUpload("logs", "mp", upload->upload_id).error().code, "NoSuchUpload");
}

TEST_F(LocalBucketStoreTest, CopiesObjectsKeepingOrReplacingMetadata) {
  ObjectWrite how{"text/plain", {{"a", "1"}}, {}};
  ASSERT_TRUE(store_->PutObject("logs", "src", "copy me", how).ok());
  auto same = store_->CopyObject("logs", "src", "logs", "dst", std::nullopt, std::nullopt);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->etag, Md5Hex("copy me"));
  EXPECT_EQ(same->how.metadata.at("a"), "1");
  EXPECT_EQ(Get("logs", "dst"), "copy me");
  auto replaced =
      store_->CopyObject("logs", "src", "logs", "dst2", ObjectWrite{"application/x", {}, {}},
                         std::nullopt);
  EXPECT_TRUE(replaced->how.metadata.empty());
  EXPECT_EQ((*store_->GetObject("logs", "dst2"))->info.how.content_type, "application/x");
  EXPECT_EQ(store_->CopyObject("logs", "none", "logs", "x", std::nullopt, std::nullopt).error().code,
            "NoSuchKey");
  EXPECT_EQ(store_->CopyObject("nope", "src", "logs", "x", std::nullopt, std::nullopt).error().code,
            "NoSuchBucket");
}

class MultipartTest : public LocalBucketStoreTest {
 protected:
  MultipartUpload Start() {
    auto upload = store_->CreateUpload(MultipartUpload{"",
                                                       "logs",
                                                       "big",
                                                       {},
                                                       "arn:aws:iam::1:user/a",
                                                       kOwner,
                                                       ObjectWrite{"video/mp4", {{"k", "v"}}, {}},
                                                       ""});
    EXPECT_TRUE(upload.ok());
    return *upload;
  }
  PartInfo Part(const MultipartUpload& upload, int number, const std::string& bytes) {
    auto pending = store_->BeginObject("logs");
    EXPECT_TRUE((*pending)->Append(bytes).ok());
    auto part = store_->CommitPart(std::move(*pending), upload, number, "");
    EXPECT_TRUE(part.ok()) << part.error().message;
    return *part;
  }
};

TEST_F(MultipartTest, JoinsPartsInTheKernelWithS3sEtag) {
  const MultipartUpload upload = Start();
  const std::string a(kMinPartBytes, 'a'), b(kMinPartBytes, 'b'), c = "tail";
  PartInfo p1 = Part(upload, 1, a);
  Part(upload, 2, "to be replaced");
  PartInfo p2 = Part(upload, 2, b);
  PartInfo p3 = Part(upload, 3, c);
  auto parts = store_->ListParts(upload, 0, 2);
  ASSERT_EQ(parts->parts.size(), 2u);
  EXPECT_TRUE(parts->truncated);
  EXPECT_EQ(parts->parts[1].etag, Md5Hex(b));
  auto info = store_->CompleteUpload(
      upload, {{1, "\"" + p1.etag + "\"", ""}, {2, p2.etag, ""}, {3, p3.etag, ""}});
  ASSERT_TRUE(info.ok()) << info.error().message;
  std::string md5s =
      *crypto::HexDecode(p1.etag) + *crypto::HexDecode(p2.etag) + *crypto::HexDecode(p3.etag);
  EXPECT_EQ(info->etag, Md5Hex(md5s) + "-3");
  EXPECT_EQ(info->parts, 3);
  EXPECT_EQ(info->how.content_type, "video/mp4");
  EXPECT_EQ(Get("logs", "big"), a + b + c);
  EXPECT_EQ(store_->GetUpload("logs", "big", upload.upload_id).error().code, "NoSuchUpload");
  Reopen();
  EXPECT_EQ(CountFiles(BucketDir()), 1u);  // the parts are gone
}

TEST_F(MultipartTest, RefusesWrongPartsOrderAndSmallParts) {
  const MultipartUpload upload = Start();
  PartInfo p1 = Part(upload, 1, "small");
  PartInfo p2 = Part(upload, 2, "tail");
  EXPECT_EQ(store_->CompleteUpload(upload, {{1, p1.etag, ""}, {2, p2.etag, ""}}).error().code,
            "EntityTooSmall");
  EXPECT_EQ(store_->CompleteUpload(upload, {{2, p2.etag, ""}, {1, p1.etag, ""}}).error().code,
            "InvalidPartOrder");
  EXPECT_EQ(store_->CompleteUpload(upload, {{1, "0000", ""}}).error().code, "InvalidPart");
  EXPECT_EQ(store_->CompleteUpload(upload, {{7, p1.etag, ""}}).error().code, "InvalidPart");
  auto one = store_->CompleteUpload(upload, {{2, p2.etag, ""}});  // a single part may be small
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(Get("logs", "big"), "tail");
}

TEST_F(MultipartTest, AbortDropsTheUploadAndItsParts) {
  const MultipartUpload upload = Start();
  Part(upload, 1, "x");
  ASSERT_TRUE(store_->AbortUpload(upload).ok());
  EXPECT_EQ(store_->AbortUpload(upload).error().code, "NoSuchUpload");
  auto pending = store_->BeginObject("logs");
  EXPECT_EQ(store_->CommitPart(std::move(*pending), upload, 2, "").error().code, "NoSuchUpload");
  EXPECT_EQ(CountFiles(BucketDir()), 0u);
}

TEST_F(MultipartTest, ListsUploadsByKeyAndId) {
  Start();
  Start();
  auto other = store_->CreateUpload(MultipartUpload{"", "logs", "a", {}, "arn", kOwner, {}, ""});
  UploadListQuery q;
  auto page = store_->ListUploads("logs", q);
  ASSERT_EQ(page->uploads.size(), 3u);
  EXPECT_EQ(page->uploads[0].key, "a");
  q.max_uploads = 2;
  page = store_->ListUploads("logs", q);
  EXPECT_TRUE(page->truncated);
  q.key_marker = page->uploads.back().key;
  q.upload_id_marker = page->uploads.back().upload_id;
  page = store_->ListUploads("logs", q);
  ASSERT_EQ(page->uploads.size(), 1u);
  EXPECT_FALSE(page->truncated);
  q = UploadListQuery{};
  q.prefix = "b";
  EXPECT_EQ(store_->ListUploads("logs", q)->uploads.size(), 2u);
}

TEST_F(MultipartTest, CopiesARangeOfAnObjectAsAPart) {
  Put("src", "0123456789");
  const MultipartUpload upload = Start();
  auto part = store_->CopyPart(upload, 1, "logs", "src", ByteRange{2, 5});
  ASSERT_TRUE(part.ok());
  EXPECT_EQ(part->etag, Md5Hex("23456"));
  EXPECT_EQ(store_->CopyPart(upload, 2, "logs", "src", ByteRange{8, 5}).error().code,
            "InvalidRange");
  ASSERT_TRUE(store_->CompleteUpload(upload, {{1, part->etag, ""}}).ok());
  EXPECT_EQ(Get("logs", "big"), "23456");
}

}  // namespace
}  // namespace berth::services::s3
