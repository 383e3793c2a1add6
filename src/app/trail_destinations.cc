#include "app/trail_destinations.h"

namespace berth::app {

Result<std::optional<std::string>> TrailDestinations::BucketOwner(std::string_view bucket) {
  return buckets_.BucketOwner(bucket);
}

Status TrailDestinations::PutObject(std::string_view bucket, std::string_view key,
                                    std::string_view bytes, std::string_view content_type,
                                    const std::map<std::string, std::string>& metadata) {
  services::s3::ObjectWrite how;
  how.content_type = std::string(content_type);
  how.metadata = metadata;
  return buckets_.PutObject(bucket, key, bytes, how);
}

Result<bool> TrailDestinations::LogGroupExists(std::string_view, std::string_view) {
  return false;  // until the CloudWatch Logs service is wired in
}

Status TrailDestinations::AppendLogEvents(std::string_view, std::string_view group,
                                          std::string_view,
                                          const std::vector<std::pair<TimePoint, std::string>>&) {
  return Error{"ResourceNotFoundException",
               "The log group " + std::string(group) + " does not exist.", 400};
}

}  // namespace berth::app
