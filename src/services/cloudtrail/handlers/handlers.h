#pragma once
// CloudTrail's operations: functions of the service, the call and a typed input, returning the
// output Document or an AWS error. No wire, no SQL, no audit writes.

#include "core/document.h"
#include "core/result.h"
#include "pipeline/operation.h"
#include "services/cloudtrail/api/shapes.h"
#include "services/cloudtrail/cloudtrail_service.h"

namespace berth::services::cloudtrail::handlers {

using pipeline::CallContext;

// lookup_events.cc
Result<Document> LookupEvents(CloudTrailService& s, CallContext& ctx, const LookupEventsInput& in);

}  // namespace berth::services::cloudtrail::handlers
