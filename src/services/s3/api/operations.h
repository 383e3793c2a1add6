#pragma once
// S3's REST API, path style: which operation a request is (its method, whether it names a
// bucket and a key, and its sub-resource query parameters), and what it names. Operations
// are data: one table lists every operation berth answers and the known ones it does not
// (recorded under their AWS names, answered NotImplemented).

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/http_types.h"
#include "core/result.h"

namespace berth::services::s3 {

enum class OpId {
  kListBuckets,
  kCreateBucket,
  kDeleteBucket,
  kHeadBucket,
  kGetBucketLocation,
  kListObjects,
  kListObjectsV2,
  kListMultipartUploads,
  kDeleteObjects,
  kGetObject,
  kHeadObject,
  kPutObject,
  kCopyObject,
  kDeleteObject,
  kCreateMultipartUpload,
  kUploadPart,
  kUploadPartCopy,
  kCompleteMultipartUpload,
  kAbortMultipartUpload,
  kListParts,
  kGetObjectTagging,  // berth stores no object tags: every object's set is empty
  kGetBucketPolicy,
  kPutBucketPolicy,
  kDeleteBucketPolicy,
  kGetBucketPolicyStatus,
  kGetBucketTagging,
  kPutBucketTagging,
  kDeleteBucketTagging,
  kNotImplemented,    // an S3 operation berth does not offer
};

struct S3Operation {
  OpId id = OpId::kNotImplemented;
  std::string name;  // the AWS API name, as CloudTrail records it
  // The IAM action it is authorized as (S3's own names: ListBuckets is s3:ListAllMyBuckets,
  // HeadObject s3:GetObject, multipart parts s3:PutObject, …), on the object the request
  // names, else its bucket, else "*".
  std::string action;
  bool read_only = true;
};

// What a request names and asks.
struct S3Request {
  S3Operation op;
  std::string bucket;                                      // empty for ListBuckets
  std::string key;                                         // decoded; empty for bucket operations
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order

  // A query parameter's value; nullopt when absent.
  std::optional<std::string> Query(std::string_view name) const;
  bool Has(std::string_view name) const { return Query(name).has_value(); }
};

// The operation of a request. Errors: MethodNotAllowed (no operation has this method here),
// InvalidURI (a malformed escape), InvalidBucketName (a name S3 could never hold, so nothing
// can be found by it).
Result<S3Request> ParseS3Request(const RequestHead& head);

// The operation a body should stream for (PutObject, UploadPart).
inline bool StreamsBody(OpId id) { return id == OpId::kPutObject || id == OpId::kUploadPart; }

}  // namespace berth::services::s3
