#pragma once
// The bytes of objects and parts on the local disk, and how they become visible durably.
//
//   buckets/<bucket>/<ab>/<id>     one file per stored object or part; <id> is a random UUID,
//                                  <ab> its first two characters
//   buckets/.tmp/<id>.<bucket>     files being written
//
// Files are not named after keys: keys may be "a" and "a/b" at once, contain "..", or run to
// 1024 bytes; and a PUT must replace an object atomically while GETs of the old one are under
// way. So every write gets a fresh file, and the database row says which file is the object.
//
// A write: bytes go to .tmp/<id>.<bucket> (hashed), are fsynced, hard-linked into place (the
// link made durable by fsyncing its directory), then the database commits the row naming
// <id>, then the temporary name is unlinked. After a crash, Recover() looks at what is left in
// .tmp: a file the database names was committed (only the temporary name goes); any other was
// not (both names go). Replaced and deleted files are unlinked later (see LocalBucketStore),
// so a download already under way finishes.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "services/s3/bucket_store.h"
#include "services/s3/model/checksum.h"
#include "store/fs.h"

namespace berth::services::s3 {

class ObjectFiles;

// A file being written: the local PendingObject.
class TempObject final : public PendingObject {
 public:
  ~TempObject() override;
  Status Append(std::string_view bytes) override;
  Result<std::string> Finish() override;
  uint64_t size() const override { return size_; }

  // Appends `length` bytes of `path` from `offset` in the kernel (copy_file_range), without
  // hashing them: Finish() then returns no MD5 and the caller knows the ETag.
  Status Splice(const std::string& path, uint64_t offset, uint64_t length);

  const std::string& id() const { return id_; }
  const std::string& bucket() const { return bucket_; }
  // The row id of the bucket when the write began (0 for parts): a bucket deleted and made
  // anew meanwhile is another bucket, and the write must not land in it.
  int64_t bucket_id() const { return bucket_id_; }

 private:
  friend class ObjectFiles;
  TempObject(ObjectFiles& files, std::string bucket, int64_t bucket_id, std::string id, int fd)
      : files_(files),
        bucket_(std::move(bucket)),
        bucket_id_(bucket_id),
        id_(std::move(id)),
        fd_(fd) {}

  ObjectFiles& files_;
  const std::string bucket_;
  const int64_t bucket_id_;
  const std::string id_;
  int fd_;
  uint64_t size_ = 0;
  Md5 md5_;
  bool spliced_ = false;
  std::optional<std::string> finished_;  // the MD5 once Finish() succeeded
  bool published_ = false;               // linked into the bucket
  bool settled_ = false;                 // committed: the final file is the database's now
};

class ObjectFiles {
 public:
  // `root` is <data-dir>/buckets; created with its .tmp folder when missing.
  // Writes go through `fs` (a test's fault-injecting file system; the real one otherwise).
  static Result<std::unique_ptr<ObjectFiles>> Open(std::string root,
                                                   store::Fs& fs = store::PosixFs());

  Result<std::unique_ptr<TempObject>> Create(std::string_view bucket, int64_t bucket_id);
  // Links a finished file into its bucket, durably. Call before committing the row.
  Status Publish(TempObject& temp);
  // Call once the row naming the file is committed: drops the temporary name.
  void Settle(TempObject& temp);

  std::string PathOf(std::string_view bucket, std::string_view id) const;
  // Unlinks a stored file; a missing one is fine.
  Status Remove(std::string_view bucket, std::string_view id);
  // Removes a bucket's folder and everything in it.
  Status RemoveBucket(std::string_view bucket);
  // The bucket folders present (names only).
  Result<std::vector<std::string>> BucketFolders() const;
  // Finishes or undoes the writes a crash interrupted (see above). `committed` says whether
  // the database names a file id.
  Status Recover(const std::function<Result<bool>(std::string_view id)>& committed);

 private:
  friend class TempObject;
  ObjectFiles(std::string root, store::Fs& fs) : root_(std::move(root)), fs_(fs) {}
  std::string TempPath(std::string_view bucket, std::string_view id) const;
  void Discard(TempObject& temp);

  const std::string root_;
  store::Fs& fs_;
};

}  // namespace berth::services::s3
