#pragma once
// Where trails deliver: buckets (the S3 service) and log groups (the Logs service). CloudTrail
// sees them only through this seam; the App wires the real services in, tests a fake.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/result.h"

namespace berth::services::cloudtrail {

class Destinations {
 public:
  virtual ~Destinations() = default;
  // The account owning the bucket, or nullopt when there is no such bucket.
  virtual Result<std::optional<std::string>> BucketOwner(std::string_view bucket) = 0;
  // Stores an object durably; `metadata` without the x-amz-meta- prefix.
  virtual Status PutObject(std::string_view bucket, std::string_view key, std::string_view bytes,
                           std::string_view content_type,
                           const std::map<std::string, std::string>& metadata) = 0;
  virtual Result<bool> LogGroupExists(std::string_view account, std::string_view group) = 0;
  // Appends events (time, message) to the group's stream, creating the stream when missing.
  virtual Status AppendLogEvents(
      std::string_view account, std::string_view group, std::string_view stream,
      const std::vector<std::pair<TimePoint, std::string_view>>& events) = 0;
};

}  // namespace berth::services::cloudtrail
