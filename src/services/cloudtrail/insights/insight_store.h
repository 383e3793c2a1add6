#pragma once
// The Insights events berth wrote, in SQLite beside the trails (they are few: one Start and one
// End per unusual episode): searched by LookupEvents with EventCategory=insight, read in id order
// by delivery, and each trail's delivery cursor. Kept for the event history's retention.
// Thread-safe (the database serialises writes).

#include <cstdint>
#include <memory>
#include <vector>

#include "core/result.h"
#include "services/cloudtrail/model/event.h"
#include "services/cloudtrail/model/trail.h"
#include "services/cloudtrail/store/event_store.h"
#include "store/database.h"

namespace berth::services::cloudtrail::insights {

struct InsightEvent {
  TrailEvent event;  // seq: the store's id; json: the whole record
  InsightType type = InsightType::kApiCallRate;
  bool start = true;            // insightDetails.state: Start or End
  std::string shared_event_id;  // common to an insight's Start and End
};

class InsightStore {
 public:
  static Result<std::unique_ptr<InsightStore>> Open(store::Database& db);

  // Stores the events in one transaction, setting each event's seq.
  Status Add(std::vector<InsightEvent>& events);
  // Like EventStore::Lookup: newest first, at most query.limit. Of the lookup attributes, an
  // Insights event has EventId, EventName, EventSource and ReadOnly (false); others match none.
  Result<std::vector<TrailEvent>> Lookup(const LookupQuery& query);
  // Events with id > after_id in id order, at most limit.
  Result<std::vector<InsightEvent>> ReadFrom(int64_t after_id, size_t limit);
  Result<int64_t> LastId();
  // Starts with no End yet, oldest first.
  Result<std::vector<InsightEvent>> OpenStarts();
  // A trail's delivery cursor: events up to this id were delivered (or predate its Insights).
  Result<int64_t> Delivered(int64_t trail_id);
  Status SetDelivered(int64_t trail_id, int64_t id);
  Result<size_t> DeleteBefore(TimePoint before);

 private:
  explicit InsightStore(store::Database& db) : db_(db) {}
  store::Database& db_;
};

}  // namespace berth::services::cloudtrail::insights
