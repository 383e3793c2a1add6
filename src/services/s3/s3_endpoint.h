#pragma once
// Amazon S3's REST API (path style, http://host/<bucket>/<key>) over a BucketStore. A
// front-end of the dispatcher's one sequence (pipeline/front_end.h): the dispatcher hands it
// every request signed for service s3 (outside /v2), runs the stages and records the call;
// the endpoint finds the operation and its IAM action (api/operations.h), authenticates it the
// way S3 does (auth/s3_auth.h), checks the bucket is the caller's, runs the handler
// (handlers/handlers.h) and answers in S3's XML, errors included. PutObject and
// UploadPart bodies stream through an ObjectSink into the store, whatever their size;
// downloads are file ranges sent with sendfile.

#include <memory>

#include "auth/credential_store.h"
#include "core/clock.h"
#include "pipeline/front_end.h"
#include "services/s3/api/operations.h"
#include "pipeline/authorizer.h"
#include "services/s3/auth/s3_auth.h"
#include "services/s3/bucket_policies.h"
#include "services/s3/bucket_store.h"

namespace berth::services::s3 {

class S3Endpoint final : public pipeline::FrontEnd {
 public:
  // All borrowed; they outlive the endpoint.
  S3Endpoint(BucketStore& store, auth::CredentialStore& credentials, const Clock& clock)
      : store_(store), clock_(clock), auth_(credentials, clock), policies_(store) {}

  // The authorizer the dispatcher decides calls with, asked again for what a call does beyond
  // its own action: a copy's source (s3:GetObject) and each key of DeleteObjects
  // (s3:DeleteObject). Borrowed; unset, those are allowed. Set once, before serving.
  void SetAuthorizer(const pipeline::Authorizer* authorizer) { authorizer_ = authorizer; }
  // Every bucket's policy, compiled: the resource-based policies of S3 ARNs.
  BucketPolicies& policies() { return policies_; }

  // Requests outside /v2 whose SigV4 credential scope (Authorization header or presigned
  // X-Amz-Credential) names service s3, SigV2-signed ones (only S3 ever took those), and
  // unsigned ones that are no other AWS protocol's call (anonymous S3 access, refused 403).
  bool Matches(const RequestHead& head) const override;
  uint64_t BodyLimit(const RequestHead& head) const override;
  // PutObject and UploadPart, unless declared larger than S3 takes (then the server answers
  // TooLarge before reading a byte).
  bool StreamsBody(const RequestHead& head) const override;
  // The console's pages call S3 with their session (unsigned, cookie + anti-forgery header).
  bool TakesSessions() const override { return true; }
  std::unique_ptr<pipeline::FrontEndCall> Start(const RequestHead& head,
                                                bool opening_sink) override;
  Error Denied(std::string message) const override;
  Error InternalError() const override;
  Response InternalErrorResponse(const std::string& request_id) const override;
  // 503 ServiceUnavailable, S3's answer when it cannot take a write for now.
  Error InsufficientSpace(uint64_t reserve_bytes) const override;
  Response TooLarge(const RequestHead& head, uint64_t limit, pipeline::CallRecord& record) override;

 private:
  class Call;

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
  BucketPolicies policies_;
  const pipeline::Authorizer* authorizer_ = nullptr;
};

}  // namespace berth::services::s3
