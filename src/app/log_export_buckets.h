#pragma once
// Where CloudWatch Logs export tasks write, wired from berth's S3: the bucket store, and the
// bucket policies that must let the CloudWatch Logs service principal in. (Services do not
// depend on one another; the App joins them here, as TrailDestinations does for CloudTrail.)

#include "pipeline/authorizer.h"
#include "services/logs/export/export_buckets.h"
#include "services/s3/bucket_policies.h"
#include "services/s3/bucket_store.h"

namespace berth::app {

class LogExportBuckets final : public services::logs::ExportBuckets {
 public:
  // Both borrowed.
  LogExportBuckets(services::s3::BucketStore& buckets, services::s3::BucketPolicies& policies)
      : buckets_(buckets), policies_(policies) {}

  Result<std::optional<std::string>> BucketOwner(std::string_view bucket) override;
  // The bucket policy evaluated for the service principal logs.<region>.amazonaws.com (what
  // AWS's documentation names) or logs.amazonaws.com, with aws:SourceAccount, aws:SourceArn
  // and, for writes, s3:x-amz-acl bucket-owner-full-control (what the service sends).
  Result<bool> LogsMayAccess(const services::logs::LogsBucketAccess& access) override;
  // Asks the dispatcher's authorizer (none set: allowed).
  Status CallerMayPutObject(const pipeline::CallContext& ctx,
                            std::string_view object_arn) override;
  Status PutObject(std::string_view bucket, std::string_view key, std::string_view bytes,
                   std::string_view content_type) override;

  // The authorizer the dispatcher uses, once the App has made it (borrowed).
  void SetAuthorizer(const pipeline::Authorizer* authorizer) { authorizer_ = authorizer; }

 private:
  services::s3::BucketStore& buckets_;
  services::s3::BucketPolicies& policies_;
  const pipeline::Authorizer* authorizer_ = nullptr;
};

}  // namespace berth::app
