#pragma once
// CloudTrail's wire shapes: Documents decoded into typed inputs (with AWS's checks) and typed
// results encoded as the botocore model names them.

#include <optional>
#include <string>

#include "core/document.h"
#include "core/result.h"
#include "services/cloudtrail/store/event_store.h"

namespace berth::services::cloudtrail {

struct LookupEventsInput {
  std::optional<LookupKey> key;
  std::string value;
  std::optional<TimePoint> start;
  std::optional<TimePoint> end;
  bool insight = false;  // EventCategory=insight: Insights events instead of management events
  size_t max_results = 50;
  std::optional<std::string> next_token;
};
Result<LookupEventsInput> DecodeLookupEvents(const Document& in);

// One event of LookupEvents' Events list.
Document EncodeLookupEvent(const TrailEvent& event);

// The NextToken after `last`, bound to the parameters it was issued for (a token used with
// others is InvalidNextTokenException, as AWS says).
std::string EncodeLookupToken(const LookupEventsInput& in, const TrailEvent& last);
Result<std::pair<TimePoint, int64_t>> DecodeLookupToken(const LookupEventsInput& in);

}  // namespace berth::services::cloudtrail
