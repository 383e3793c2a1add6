#pragma once
// Insights selectors as Documents in the wire shape of Put/GetInsightSelectors (also how the trail
// store keeps them), with AWS's validation.

#include <vector>

#include "core/document.h"
#include "core/result.h"
#include "services/cloudtrail/model/trail.h"

namespace berth::services::cloudtrail {

// [{"InsightType": …, "EventCategories": ["Management"]}] (EventCategories only when it was sent).
Document EncodeInsightSelectors(const std::vector<InsightSelector>& selectors);

// InvalidInsightSelectorsException for an unknown InsightType, a type given twice, or an event
// category berth cannot analyse (it records no data events, so "Data" is refused).
Result<std::vector<InsightSelector>> DecodeInsightSelectors(const Document& list);

// InvalidInsightSelectorsException when the trail's event selectors do not log what the types
// analyse: write management events for ApiCallRateInsight, management events for
// ApiErrorRateInsight (AWS's rule, checked when the selectors are put).
Status CheckTrailLogsInsightSources(const Trail& trail,
                                    const std::vector<InsightSelector>& selectors);

}  // namespace berth::services::cloudtrail
