#pragma once
// One log file of a trail: records as a gzipped {"Records":[…]} object under AWS's key layout,
// [prefix/]AWSLogs/<account>/<kind>/<region>/YYYY/MM/DD/
//   <account>_<kind>_<region>_<YYYYMMDDTHHmmZ>_<16 letters and digits>.json.gz
// where kind is "CloudTrail" for management events and "CloudTrail-Insight" for Insights events.

#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "services/cloudtrail/delivery/destinations.h"
#include "services/cloudtrail/model/event.h"
#include "services/cloudtrail/store/trail_store.h"

namespace berth::services::cloudtrail {

inline constexpr std::string_view kLogFileKind = "CloudTrail";
inline constexpr std::string_view kInsightFileKind = "CloudTrail-Insight";

// `key` under the trail's S3 key prefix, when it has one.
std::string WithTrailPrefix(const Trail& trail, const std::string& key);

// Writes `events` (non-empty, all of `region`) to the trail's bucket; the result names the file
// and the SHA-256 of its uncompressed bytes, as digests list it.
Result<DeliveredLogFile> WriteLogFile(Destinations& destinations, const Trail& trail,
                                      std::string_view kind, const std::string& region,
                                      const std::vector<const TrailEvent*>& events, TimePoint now);

}  // namespace berth::services::cloudtrail
