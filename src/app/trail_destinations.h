#pragma once
// What CloudTrail delivers to, wired from berth's own services: buckets are the S3 service's,
// log groups the CloudWatch Logs service's. (Services do not depend on one another; the App
// joins them here.)

#include "services/cloudtrail/delivery/destinations.h"
#include "services/logs/logs_service.h"
#include "services/s3/bucket_store.h"

namespace berth::app {

class TrailDestinations final : public services::cloudtrail::Destinations {
 public:
  TrailDestinations(services::s3::BucketStore& buckets, services::logs::LogsService& logs)
      : buckets_(buckets), logs_(logs) {}

  Result<std::optional<std::string>> BucketOwner(std::string_view bucket) override;
  Status PutObject(std::string_view bucket, std::string_view key, std::string_view bytes,
                   std::string_view content_type,
                   const std::map<std::string, std::string>& metadata) override;
  Result<bool> LogGroupExists(std::string_view account, std::string_view group) override;
  Status AppendLogEvents(std::string_view account, std::string_view group,
                         std::string_view stream,
                         const std::vector<std::pair<TimePoint, std::string_view>>& events) override;

 private:
  services::s3::BucketStore& buckets_;
  services::logs::LogsService& logs_;
};

}  // namespace berth::app
