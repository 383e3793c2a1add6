#pragma once
// The buckets and objects of berth's S3: the seam the S3 API (s3_endpoint.h) and CloudTrail's
// delivery (log and digest files) both write through. The local implementation
// (store/local_bucket_store.h) keeps bytes under <data-dir>/buckets/<bucket>/ and metadata in
// SQLite; an S3-compatible back end can take its place.
//
// Every method is thread-safe. An object becomes visible only once its bytes are durable and
// complete: a crash at any moment leaves either the old object or the new one, never part of
// one. Errors are S3's (model/errors.h): NoSuchBucket, NoSuchKey, NoSuchUpload, …

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/http_types.h"
#include "core/result.h"
#include "services/s3/model/listing.h"
#include "services/s3/model/range.h"

namespace berth::services::s3 {

inline constexpr uint64_t kMaxObjectBytes = uint64_t{5} << 30;  // 5 GiB per PUT or part
inline constexpr uint64_t kMinPartBytes = uint64_t{5} << 20;    // all parts but the last
inline constexpr int kMaxPartNumber = 10000;
inline constexpr size_t kMaxMetadataBytes = 2048;  // user metadata, names and values

// How an object is stored besides its bytes.
struct ObjectWrite {
  std::string content_type;
  std::map<std::string, std::string> metadata;  // without the x-amz-meta- prefix
  // Other headers S3 stores and returns on GET/HEAD, by lower-case name: content-encoding,
  // content-disposition, content-language, cache-control, expires.
  std::map<std::string, std::string> headers;
};

// A bucket's tags, in the order they were given.
using BucketTags = std::vector<std::pair<std::string, std::string>>;

// A bucket's policy document as its owner stored it.
struct StoredBucketPolicy {
  std::string bucket;
  std::string owner;  // account id
  std::string text;
};

struct BucketInfo {
  std::string name;
  std::string owner;   // the account id of its creator
  std::string region;  // its LocationConstraint ("us-east-1" when none)
  TimePoint created;
};

struct ObjectInfo {
  std::string key;
  uint64_t size = 0;
  std::string etag;  // hex MD5, or "<hex>-<parts>" for multipart objects; no quotes
  TimePoint last_modified;
  ObjectWrite how;
  // The flexible checksum the object was written with ("CRC32", base64 value), if any.
  std::string checksum_algorithm;
  std::string checksum;
  int parts = 0;  // parts of a multipart object, 0 otherwise
};

// An object and where its bytes can be read.
struct StoredObject {
  ObjectInfo info;
  FileRange file;  // the whole object
};

// Bytes on their way into a bucket (an object or a part): written to a temporary file and
// hashed (MD5) as they arrive, made visible only by a Commit… call. Destroying it uncommitted
// removes the bytes. Not thread-safe; one writer.
class PendingObject {
 public:
  virtual ~PendingObject() = default;
  virtual Status Append(std::string_view bytes) = 0;
  // Makes the bytes durable (fsync) and returns their MD5 in hex; Append may not follow.
  virtual Result<std::string> Finish() = 0;
  virtual uint64_t size() const = 0;
};

struct MultipartUpload {
  std::string upload_id;
  std::string bucket;
  std::string key;
  TimePoint initiated;
  std::string initiator_arn;
  std::string owner;  // account id
  ObjectWrite how;
  std::string checksum_algorithm;  // as given to CreateMultipartUpload, may be empty
};

struct PartInfo {
  int number = 0;
  uint64_t size = 0;
  std::string etag;  // hex MD5, no quotes
  TimePoint last_modified;
  std::string checksum;  // base64, in the upload's checksum algorithm; may be empty
};

struct CompletedPart {
  int number = 0;
  std::string etag;      // as the client sent it; quotes are ignored
  std::string checksum;  // may be empty
};

struct UploadListQuery {
  std::string prefix;
  std::string key_marker;
  std::string upload_id_marker;
  size_t max_uploads = 1000;
};

struct UploadListPage {
  std::vector<MultipartUpload> uploads;
  bool truncated = false;
};

struct PartListPage {
  std::vector<PartInfo> parts;
  bool truncated = false;
};

class BucketStore {
 public:
  virtual ~BucketStore() = default;

  // --- Buckets ---
  // The bucket's owner account id, or nullopt when no such bucket exists.
  virtual Result<std::optional<std::string>> BucketOwner(std::string_view bucket) = 0;
  virtual Result<std::optional<BucketInfo>> GetBucket(std::string_view bucket) = 0;
  // Errors: BucketAlreadyOwnedByYou (same owner), BucketAlreadyExists, TooManyBuckets.
  virtual Status CreateBucket(const BucketInfo& bucket) = 0;
  // Removes an empty bucket, aborting its multipart uploads. Errors: NoSuchBucket,
  // BucketNotEmpty.
  virtual Status DeleteBucket(std::string_view bucket) = 0;
  // The owner's buckets in name order, those starting with `prefix` and after `after`.
  virtual Result<std::vector<BucketInfo>> ListBuckets(std::string_view owner,
                                                      std::string_view prefix,
                                                      std::string_view after, size_t limit) = 0;

  // --- Bucket configuration (kept with the bucket, gone with it) ---
  // The policy as stored, nullopt when the bucket has none. Errors: NoSuchBucket.
  virtual Result<std::optional<std::string>> GetBucketPolicy(std::string_view bucket) = 0;
  // Stores the policy, or removes it with nullopt. Errors: NoSuchBucket.
  virtual Status SetBucketPolicy(std::string_view bucket, std::optional<std::string> policy) = 0;
  // Every bucket policy there is (what the authorizer compiles).
  virtual Result<std::vector<StoredBucketPolicy>> ListBucketPolicies() = 0;
  // The tag set, nullopt when the bucket has none. Errors: NoSuchBucket.
  virtual Result<std::optional<BucketTags>> GetBucketTags(std::string_view bucket) = 0;
  // Replaces the tag set, or removes it with nullopt. Errors: NoSuchBucket.
  virtual Status SetBucketTags(std::string_view bucket, std::optional<BucketTags> tags) = 0;

  // --- Objects ---
  // Stores the object durably (visible only once complete), replacing any previous version.
  virtual Status PutObject(std::string_view bucket, std::string_view key, std::string_view bytes,
                           const ObjectWrite& how) = 0;
  // Starts writing an object or part of any size into `bucket` (NoSuchBucket).
  virtual Result<std::unique_ptr<PendingObject>> BeginObject(std::string_view bucket) = 0;
  // Publishes finished bytes as `key`, replacing any previous version, atomically.
  // `checksum_algorithm`/`checksum` record a verified flexible checksum (may be empty).
  // Errors: NoSuchBucket (deleted meanwhile).
  virtual Result<ObjectInfo> CommitObject(std::unique_ptr<PendingObject> pending,
                                          std::string_view key, const ObjectWrite& how,
                                          std::string_view checksum_algorithm,
                                          std::string_view checksum) = 0;
  // The object and its file; nullopt when the key (or bucket) does not exist. The file stays
  // readable for a while after the object is replaced or deleted, so a response already
  // under way completes.
  virtual Result<std::optional<StoredObject>> GetObject(std::string_view bucket,
                                                        std::string_view key) = 0;
  // True when the key existed. Deleting a missing key succeeds (S3 does the same).
  virtual Result<bool> DeleteObject(std::string_view bucket, std::string_view key) = 0;
  // Deletes many keys in one transaction; for each, whether it existed.
  virtual Result<std::vector<bool>> DeleteObjects(std::string_view bucket,
                                                  const std::vector<std::string>& keys) = 0;
  // One page of keys (model/listing.h). Errors: NoSuchBucket.
  virtual Result<ListPage> ListObjects(std::string_view bucket, const ListQuery& query) = 0;
  // A flexible checksum: algorithm ("CRC32") and base64 value.
  using ChecksumValue = std::pair<std::string, std::string>;
  // Copies bytes server-side; `how` replaces the metadata when set, else the source's is
  // kept; `checksum`, when set, is the copy's (computed by the caller), else a single-part
  // source's is kept. Errors: NoSuchBucket, NoSuchKey.
  virtual Result<ObjectInfo> CopyObject(std::string_view from_bucket, std::string_view from_key,
                                        std::string_view to_bucket, std::string_view to_key,
                                        const std::optional<ObjectWrite>& how,
                                        const std::optional<ChecksumValue>& checksum) = 0;

  // --- Multipart uploads ---
  // Fills upload_id and initiated. Errors: NoSuchBucket.
  virtual Result<MultipartUpload> CreateUpload(MultipartUpload upload) = 0;
  // The upload of `key` in `bucket` with this id, or NoSuchUpload.
  virtual Result<MultipartUpload> GetUpload(std::string_view bucket, std::string_view key,
                                            std::string_view upload_id) = 0;
  // Stores a finished part, replacing an earlier one of the same number. Errors: NoSuchUpload.
  virtual Result<PartInfo> CommitPart(std::unique_ptr<PendingObject> pending,
                                      const MultipartUpload& upload, int part_number,
                                      std::string_view checksum) = 0;
  // Stores `range` of an object (all of it when nullopt) as a part. Errors: NoSuchBucket,
  // NoSuchKey, NoSuchUpload, InvalidRange.
  virtual Result<PartInfo> CopyPart(const MultipartUpload& upload, int part_number,
                                    std::string_view from_bucket, std::string_view from_key,
                                    std::optional<ByteRange> range) = 0;
  // Joins the listed parts into the object (replacing any previous version) and ends the
  // upload. Errors: NoSuchUpload, InvalidPart, InvalidPartOrder, EntityTooSmall.
  virtual Result<ObjectInfo> CompleteUpload(const MultipartUpload& upload,
                                            const std::vector<CompletedPart>& parts) = 0;
  // Ends the upload and drops its parts. Errors: NoSuchUpload.
  virtual Status AbortUpload(const MultipartUpload& upload) = 0;
  virtual Result<UploadListPage> ListUploads(std::string_view bucket,
                                             const UploadListQuery& query) = 0;
  virtual Result<PartListPage> ListParts(const MultipartUpload& upload, int after_part,
                                         size_t max_parts) = 0;
};

}  // namespace berth::services::s3
