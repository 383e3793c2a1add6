#include "services/cloudtrail/handlers/handlers.h"

namespace berth::services::cloudtrail::handlers {

Result<Document> LookupEvents(CloudTrailService& s, CallContext& ctx,
                              const LookupEventsInput& in) {
  Document out;
  Document events = Document::MakeList();
  LookupQuery q;
  q.account_id = ctx.principal.account_id;
  q.key = in.key;
  q.value = in.value;
  q.end = in.end.value_or(ctx.now);
  q.start = in.start.value_or(ctx.now - s.options().retention);
  if (in.next_token) {
    BERTH_ASSIGN_OR_RETURN(auto after, DecodeLookupToken(in));
    q.after = after;
  }
  q.limit = in.max_results + 1;  // one more tells whether a next page exists
  // Insights events are kept apart from the calls they describe, as on AWS, where only
  // EventCategory=insight returns them.
  BERTH_ASSIGN_OR_RETURN(std::vector<TrailEvent> found, in.insight
                                                            ? s.insights().store().Lookup(q)
                                                            : s.events().Lookup(q));
  const bool more = found.size() > in.max_results;
  if (more) found.resize(in.max_results);
  for (const auto& e : found) events.Push(EncodeLookupEvent(e));
  out["Events"] = std::move(events);
  if (more) out["NextToken"] = EncodeLookupToken(in, found.back());
  return out;
}

}  // namespace berth::services::cloudtrail::handlers
