#pragma once
// The S3 operations. Each is a function of one call — what the request names, its
// authenticated caller, the bucket it names (already checked to be the caller's), and the
// store — to a response or an S3 error. The endpoint (s3_endpoint.h) has authenticated the
// call, checked the bucket, and records and encodes whatever comes back; handlers never see
// the audit trail.

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/http_types.h"
#include "core/result.h"
#include "services/s3/api/operations.h"
#include "services/s3/auth/s3_auth.h"
#include "pipeline/authorizer.h"
#include "services/s3/bucket_policies.h"
#include "services/s3/bucket_store.h"
#include "services/s3/object_sink.h"

namespace berth::services::s3 {

struct S3Call {
  BucketStore& store;
  Request& request;
  const S3Request& target;
  const S3Caller& caller;
  TimePoint now;
  // The bucket named (for every operation but ListBuckets and CreateBucket).
  std::optional<BucketInfo> bucket;
  ObjectSink* sink = nullptr;  // the streamed body of PutObject and UploadPart
  ErrorDetails& details;       // extra elements of an error answer
  BucketPolicies* policies = nullptr;  // told when a bucket policy changes
  // Asked for what a call does beyond its own action (a copy's source, each key of
  // DeleteObjects); nullptr allows everything.
  const pipeline::Authorizer* authorizer = nullptr;

  const RequestHead& head() const { return request.head; }
  const std::string* Header(std::string_view lower_name) const {
    return request.head.Find(lower_name);
  }
  // The bucket of another name (a copy source), checked to exist and be the caller's.
  // Errors: NoSuchBucket, AccessDenied.
  Result<BucketInfo> RequireBucket(std::string_view name);
  // Whether the caller may do `action` on the S3 resource `arn` (AWS's policy evaluation, the
  // bucket's policy included). Errors: AccessDenied worded as AWS words it.
  Status Authorize(std::string_view action, std::string_view arn) const;
};

using S3Handler = Result<Response> (*)(S3Call& call);

// The handler of an operation berth offers; nullptr for kNotImplemented.
S3Handler HandlerFor(OpId id);

// The canonical user id S3 shows for an account (64 hex digits), as Owner/ID.
std::string CanonicalUserId(std::string_view account_id);

// handlers/buckets.cc
Result<Response> ListBuckets(S3Call& call);
Result<Response> CreateBucket(S3Call& call);
Result<Response> DeleteBucket(S3Call& call);
Result<Response> HeadBucket(S3Call& call);
Result<Response> GetBucketLocation(S3Call& call);
// handlers/listing.cc
Result<Response> ListObjects(S3Call& call);
Result<Response> ListObjectsV2(S3Call& call);
Result<Response> ListMultipartUploads(S3Call& call);
Result<Response> ListParts(S3Call& call);
// handlers/objects.cc
Result<Response> GetObject(S3Call& call);  // and HeadObject
Result<Response> PutObject(S3Call& call);
Result<Response> DeleteObject(S3Call& call);
Result<Response> DeleteObjects(S3Call& call);
Result<Response> CopyObject(S3Call& call);
// An empty tag set: berth refuses writes that would tag an object (x-amz-tagging).
Result<Response> GetObjectTagging(S3Call& call);
// handlers/bucket_configuration.cc
Result<Response> GetBucketPolicy(S3Call& call);
Result<Response> PutBucketPolicy(S3Call& call);
Result<Response> DeleteBucketPolicy(S3Call& call);
Result<Response> GetBucketPolicyStatus(S3Call& call);
Result<Response> GetBucketTagging(S3Call& call);
Result<Response> PutBucketTagging(S3Call& call);
Result<Response> DeleteBucketTagging(S3Call& call);
// handlers/multipart.cc
Result<Response> CreateMultipartUpload(S3Call& call);
Result<Response> UploadPart(S3Call& call);
Result<Response> UploadPartCopy(S3Call& call);
Result<Response> CompleteMultipartUpload(S3Call& call);
Result<Response> AbortMultipartUpload(S3Call& call);

// "arn:aws:s3:::bucket" or "arn:aws:s3:::bucket/key".
std::string S3Arn(std::string_view bucket, std::string_view key = {});

// Shared by handlers: "?name=" as an integer in [min, max]; `fallback` when absent.
// Errors: InvalidArgument.
Result<int64_t> IntegerParam(const S3Call& call, std::string_view name, int64_t min, int64_t max,
                             int64_t fallback);

}  // namespace berth::services::s3
