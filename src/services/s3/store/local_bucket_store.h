#pragma once
// The BucketStore on the local disk: bytes in files (object_files.h), metadata in SQLite
// (component "s3"). SQLite rather than sidecar files because a listing must be ordered by key
// and page without scanning the bucket ((bucket, key) is the primary key of a WITHOUT ROWID
// table, so a page is a range read of the index), a PUT must swap an object's metadata and
// bytes in one atomic step, and a multi-delete is one transaction, group-committed with every
// other write of the moment.
//
// Replaced and deleted files are unlinked `kUnlinkGrace` later (the rows that say so,
// s3_doomed_files, commit with the change), so a download that has located the old file
// still opens it; on Open, with no download under way, all are unlinked at once.

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "core/clock.h"
#include "services/s3/bucket_store.h"
#include "services/s3/store/object_files.h"
#include "store/database.h"

namespace berth::services::s3 {

class LocalBucketStore final : public BucketStore {
 public:
  static constexpr std::chrono::minutes kUnlinkGrace{5};

  // Applies the "s3" migrations, then recovers what a crash left (object_files.h), unlinks
  // every doomed file and removes folders of buckets that no longer exist. `root` is
  // <data-dir>/buckets.
  // The files' writes go through `fs` (a test's fault-injecting one; the real one otherwise).
  static Result<std::unique_ptr<LocalBucketStore>> Open(store::Database& db, std::string root,
                                                        const Clock& clock,
                                                        store::Fs& fs = store::PosixFs());

  Result<std::optional<std::string>> BucketOwner(std::string_view bucket) override;
  Result<std::optional<BucketInfo>> GetBucket(std::string_view bucket) override;
  Status CreateBucket(const BucketInfo& bucket) override;
  Status DeleteBucket(std::string_view bucket) override;
  Result<std::vector<BucketInfo>> ListBuckets(std::string_view owner, std::string_view prefix,
                                              std::string_view after, size_t limit) override;
  Result<std::optional<std::string>> GetBucketPolicy(std::string_view bucket) override;
  Status SetBucketPolicy(std::string_view bucket, std::optional<std::string> policy) override;
  Result<std::vector<StoredBucketPolicy>> ListBucketPolicies() override;
  Result<std::optional<BucketTags>> GetBucketTags(std::string_view bucket) override;
  Status SetBucketTags(std::string_view bucket, std::optional<BucketTags> tags) override;

  Status PutObject(std::string_view bucket, std::string_view key, std::string_view bytes,
                   const ObjectWrite& how) override;
  Result<std::unique_ptr<PendingObject>> BeginObject(std::string_view bucket) override;
  Result<ObjectInfo> CommitObject(std::unique_ptr<PendingObject> pending, std::string_view key,
                                  const ObjectWrite& how, std::string_view checksum_algorithm,
                                  std::string_view checksum) override;
  Result<std::optional<StoredObject>> GetObject(std::string_view bucket,
                                                std::string_view key) override;
  Result<bool> DeleteObject(std::string_view bucket, std::string_view key) override;
  Result<std::vector<bool>> DeleteObjects(std::string_view bucket,
                                          const std::vector<std::string>& keys) override;
  Result<ListPage> ListObjects(std::string_view bucket, const ListQuery& query) override;
  Result<ObjectInfo> CopyObject(std::string_view from_bucket, std::string_view from_key,
                                std::string_view to_bucket, std::string_view to_key,
                                const std::optional<ObjectWrite>& how,
                                const std::optional<ChecksumValue>& checksum) override;

  Result<MultipartUpload> CreateUpload(MultipartUpload upload) override;
  Result<MultipartUpload> GetUpload(std::string_view bucket, std::string_view key,
                                    std::string_view upload_id) override;
  Result<PartInfo> CommitPart(std::unique_ptr<PendingObject> pending, const MultipartUpload& upload,
                              int part_number, std::string_view checksum) override;
  Result<PartInfo> CopyPart(const MultipartUpload& upload, int part_number,
                            std::string_view from_bucket, std::string_view from_key,
                            std::optional<ByteRange> range) override;
  Result<ObjectInfo> CompleteUpload(const MultipartUpload& upload,
                                    const std::vector<CompletedPart>& parts) override;
  Status AbortUpload(const MultipartUpload& upload) override;
  Result<UploadListPage> ListUploads(std::string_view bucket,
                                     const UploadListQuery& query) override;
  Result<PartListPage> ListParts(const MultipartUpload& upload, int after_part,
                                 size_t max_parts) override;

  // Unlinks doomed files older than the grace period (all of them with `everything`). Runs
  // by itself after writes, at most every kSweepEvery.
  Status Sweep(bool everything);

 private:
  static constexpr std::chrono::seconds kSweepEvery{30};

  LocalBucketStore(store::Database& db, std::unique_ptr<ObjectFiles> files, const Clock& clock)
      : db_(db), files_(std::move(files)), clock_(clock) {}

  Status Recover();
  // A nullable column of bucket `name`'s row (NoSuchBucket when there is no row).
  Result<std::optional<std::string>> ReadBucketColumn(std::string_view name, const char* column);
  Status WriteBucketColumn(std::string_view name, const char* column,
                           const std::optional<std::string>& value, bool blob);
  // Publishes `pending` and runs `commit` (in a write transaction); settles or discards the
  // file by the outcome.
  Status PublishAndCommit(TempObject& temp,
                          const std::function<Status(store::Connection&)>& commit);
  Result<TempObject*> Ours(PendingObject* pending);
  // Appends `length` bytes of `path` from `offset` to `temp`, hashed on the way.
  Status CopyHashed(const std::string& path, uint64_t offset, uint64_t length, TempObject& temp);
  void MaybeSweep();
  TimePoint Now() const;

  store::Database& db_;
  std::unique_ptr<ObjectFiles> files_;
  const Clock& clock_;
  std::atomic<int64_t> next_sweep_ms_{0};
  std::mutex buckets_mu_;  // one CreateBucket or DeleteBucket at a time
};

}  // namespace berth::services::s3
