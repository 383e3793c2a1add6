#pragma once
// The record of an Insights event as CloudTrail writes it for trails (eventType
// "AwsCloudTrailInsight", eventCategory "Insight", an insightDetails block with the statistics
// and attributions; AWS's "CloudTrail record contents for Insights events for trails").

#include <string>
#include <string_view>

#include "core/result.h"
#include "services/cloudtrail/insights/detector.h"

namespace berth::services::cloudtrail::insights {

inline constexpr std::string_view kInsightEventVersion = "1.07";

// `shared_event_id` is common to an insight's Start and End.
std::string WriteInsightRecord(const InsightTransition& t, std::string_view event_id,
                               std::string_view shared_event_id);

// The transition a record (as WriteInsightRecord wrote it) describes; an error for anything else.
Result<InsightTransition> ReadInsightRecord(std::string_view json);

}  // namespace berth::services::cloudtrail::insights
