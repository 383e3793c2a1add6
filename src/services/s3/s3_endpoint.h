#pragma once
// Amazon S3's REST API (path style, http://host/<bucket>/<key>) over a BucketStore. A raw
// endpoint of the one pipeline: the dispatcher hands it every request signed for service s3
// (outside /v2) and records the call; the endpoint finds the operation (api/operations.h),
// authenticates it the way S3 does (auth/s3_auth.h), checks the bucket is the caller's, runs
// the handler (handlers/handlers.h) and answers in S3's XML, errors included. PutObject and
// UploadPart bodies stream through an ObjectSink into the store, whatever their size;
// downloads are file ranges sent with sendfile.

#include <memory>

#include "auth/credential_store.h"
#include "core/clock.h"
#include "pipeline/raw_endpoint.h"
#include "services/s3/api/operations.h"
#include "services/s3/auth/s3_auth.h"
#include "services/s3/bucket_store.h"
#include "store/disk_reserve.h"

namespace berth::services::s3 {

class S3Endpoint final : public pipeline::RawEndpoint {
 public:
  // All borrowed; they outlive the endpoint.
  // With `disk_reserve`, calls that may add data answer 503 ServiceUnavailable while free space
  // is below it.
  S3Endpoint(BucketStore& store, auth::CredentialStore& credentials, const Clock& clock,
             const store::DiskReserve* disk_reserve = nullptr)
      : store_(store), clock_(clock), auth_(credentials, clock), disk_reserve_(disk_reserve) {}

  // Requests outside /v2 whose SigV4 credential scope (Authorization header or presigned
  // X-Amz-Credential) names service s3, and SigV2-signed ones (only S3 ever took those).
  bool Matches(const RequestHead& head) const override;
  uint64_t BodyLimit(const RequestHead& head) const override;
  std::unique_ptr<BodySink> OpenSink(const RequestHead& head) override;
  Response Handle(Request& request, pipeline::CallRecord& record) override;
  Response TooLarge(const RequestHead& head, uint64_t limit, pipeline::CallRecord& record) override;

 private:
  // The bucket the request names, checked to exist (NoSuchBucket) and be the caller's
  // (AccessDenied); nullopt for operations that name none that must exist.
  Result<std::optional<BucketInfo>> CheckBucket(const S3Request& request, const RequestHead& head,
                                                const S3Caller& caller);
  // Authenticates a request read whole and checks its body against the declared payload
  // (decoding it when aws-chunked).
  Result<S3Caller> AuthenticateWhole(Request& request, AuthNotes& notes) const;

  BucketStore& store_;
  const Clock& clock_;
  S3Authenticator auth_;
  const store::DiskReserve* disk_reserve_;
};

}  // namespace berth::services::s3
