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

Result<bool> TrailDestinations::LogGroupExists(std::string_view account,
                                               std::string_view group) {
  return logs_.LogGroupExists(account, group);
}

Status TrailDestinations::AppendLogEvents(
    std::string_view account, std::string_view group, std::string_view stream,
    const std::vector<std::pair<TimePoint, std::string_view>>& events) {
  std::vector<services::logs::EventInput> batch;
  batch.reserve(events.size());
  for (const auto& [time, message] : events) {
    batch.push_back({time.time_since_epoch().count(), message});
  }
  return logs_.AppendEvents(account, group, stream, batch);
}

}  // namespace berth::app
