#pragma once
// CloudTrail's operations: functions of the service, the call and a typed input, returning the
// output Document or an AWS error. No wire, no SQL, no audit writes.

#include "core/document.h"
#include "core/result.h"
#include "pipeline/operation.h"
#include "services/cloudtrail/api/shapes.h"
#include "services/cloudtrail/api/trail_shapes.h"
#include "services/cloudtrail/cloudtrail_service.h"

namespace berth::services::cloudtrail::handlers {

using pipeline::CallContext;

// lookup_events.cc
Result<Document> LookupEvents(CloudTrailService& s, CallContext& ctx, const LookupEventsInput& in);

// trails.cc
Result<Document> CreateTrail(CloudTrailService& s, CallContext& ctx, const TrailSettings& in);
Result<Document> UpdateTrail(CloudTrailService& s, CallContext& ctx, const TrailSettings& in);
Result<Document> DeleteTrail(CloudTrailService& s, CallContext& ctx, const TrailRef& in);
Result<Document> GetTrail(CloudTrailService& s, CallContext& ctx, const TrailRef& in);
Result<Document> DescribeTrails(CloudTrailService& s, CallContext& ctx,
                                const DescribeTrailsInput& in);
Result<Document> ListTrails(CloudTrailService& s, CallContext& ctx, const NoInput& in);
Result<Document> GetTrailStatus(CloudTrailService& s, CallContext& ctx, const TrailRef& in);
Result<Document> StartLogging(CloudTrailService& s, CallContext& ctx, const TrailRef& in);
Result<Document> StopLogging(CloudTrailService& s, CallContext& ctx, const TrailRef& in);
Result<Document> PutEventSelectors(CloudTrailService& s, CallContext& ctx,
                                   const PutEventSelectorsInput& in);
Result<Document> GetEventSelectors(CloudTrailService& s, CallContext& ctx, const TrailRef& in);

// insight_selectors.cc
Result<Document> PutInsightSelectors(CloudTrailService& s, CallContext& ctx,
                                     const PutInsightSelectorsInput& in);
Result<Document> GetInsightSelectors(CloudTrailService& s, CallContext& ctx, const TrailRef& in);

// tags_keys.cc
Result<Document> AddTags(CloudTrailService& s, CallContext& ctx, const TagsInput& in);
Result<Document> RemoveTags(CloudTrailService& s, CallContext& ctx, const TagsInput& in);
Result<Document> ListTags(CloudTrailService& s, CallContext& ctx, const ListTagsInput& in);
Result<Document> ListPublicKeys(CloudTrailService& s, CallContext& ctx, const TimeRangeInput& in);

// The caller's trail named by a name or a trail ARN: InvalidTrailNameException,
// TrailNotFoundException (also for another account's ARN).
Result<Trail> RequireTrail(CloudTrailService& s, const CallContext& ctx,
                           std::string_view name_or_arn);

}  // namespace berth::services::cloudtrail::handlers
