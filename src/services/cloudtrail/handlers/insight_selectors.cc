#include "services/cloudtrail/handlers/handlers.h"
#include "services/cloudtrail/model/errors.h"
#include "services/cloudtrail/model/insight_selector_codec.h"

namespace berth::services::cloudtrail::handlers {

Result<Document> PutInsightSelectors(CloudTrailService& s, CallContext& ctx,
                                     const PutInsightSelectorsInput& in) {
  BERTH_ASSIGN_OR_RETURN(Trail t, RequireTrail(s, ctx, in.trail_name));
  BERTH_RETURN_IF_ERROR(CheckTrailLogsInsightSources(t, in.selectors));
  if (t.insight_selectors.empty() && !in.selectors.empty()) {
    // A trail gets the Insights events that start from now on, not those of before.
    BERTH_RETURN_IF_ERROR(s.insights().StartDelivery(t.id));
  }
  t.insight_selectors = in.selectors;
  BERTH_RETURN_IF_ERROR(s.trails().Update(t));
  Document out;
  out["TrailARN"] = TrailArn(t);
  out["InsightSelectors"] = EncodeInsightSelectors(t.insight_selectors);
  return out;
}

Result<Document> GetInsightSelectors(CloudTrailService& s, CallContext& ctx, const TrailRef& in) {
  BERTH_ASSIGN_OR_RETURN(Trail t, RequireTrail(s, ctx, in.name));
  if (t.insight_selectors.empty()) return errors::InsightNotEnabled(TrailArn(t));
  Document out;
  out["TrailARN"] = TrailArn(t);
  out["InsightSelectors"] = EncodeInsightSelectors(t.insight_selectors);
  return out;
}

}  // namespace berth::services::cloudtrail::handlers
