#pragma once
// Where export tasks write: S3 buckets, which are another service's. The logs service sees
// them only through this seam; the App implements it with berth's bucket store and bucket
// policies, tests with a fake.

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "pipeline/operation.h"

namespace berth::services::logs {

// One thing CloudWatch Logs (the service principal) asks of a bucket for an export.
struct LogsBucketAccess {
  std::string_view bucket;
  std::string_view action;        // "s3:GetBucketAcl" or "s3:PutObject"
  std::string_view resource_arn;  // arn:aws:s3:::bucket[/key]
  std::string_view region;        // the export's region (logs.<region>.amazonaws.com)
  std::string_view source_account;  // aws:SourceAccount: the log group's account
  std::string_view source_arn;       // aws:SourceArn: the log group's ARN
};

class ExportBuckets {
 public:
  virtual ~ExportBuckets() = default;
  // The account owning the bucket, or nullopt when there is no such bucket.
  virtual Result<std::optional<std::string>> BucketOwner(std::string_view bucket) = 0;
  // Whether the bucket's policy allows CloudWatch Logs `access` (a bucket without a policy
  // allows it nothing, as on AWS).
  virtual Result<bool> LogsMayAccess(const LogsBucketAccess& access) = 0;
  // Whether the caller of CreateExportTask may itself s3:PutObject `object_arn` (AWS requires
  // it of export callers since 2019); AccessDeniedException in IAM's words otherwise.
  virtual Status CallerMayPutObject(const pipeline::CallContext& ctx,
                                    std::string_view object_arn) = 0;
  // Stores an object durably, replacing one of that key.
  virtual Status PutObject(std::string_view bucket, std::string_view key, std::string_view bytes,
                           std::string_view content_type) = 0;
};

}  // namespace berth::services::logs
