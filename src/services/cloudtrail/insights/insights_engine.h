#pragma once
// CloudTrail Insights computed from berth's own history. Run periodically (the server's
// housekeeper), it reads the calls recorded since its last run through the event store, feeds
// the management API calls (eventType AwsApiCall) to the Detector, and for each Start or End
// it reports:
//   - records the Insights event (insight_store.h), if a trail of the account logs that Insights
//     type for the region when the insight starts (an End only follows a recorded Start), so that
//     LookupEvents with EventCategory=insight returns it;
//   - delivers it to every logging trail with that Insights type, as a log file under
//     AWSLogs/<account>/CloudTrail-Insight/<region>/YYYY/MM/DD/ (delivery/log_file.h).
// While no trail has Insights on, the engine reads nothing. The detector lives in memory: when
// it starts (berth's start, or Insights turned on) it replays the last baseline window of
// calls of the accounts with Insights on from the event history, so that detection works at
// once; an insight left open by a stop is ended then with the figures its Start recorded
// (insightDuration up to then). Thread-safe.

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "core/clock.h"
#include "core/result.h"
#include "services/cloudtrail/delivery/destinations.h"
#include "services/cloudtrail/insights/detector.h"
#include "services/cloudtrail/insights/insight_store.h"
#include "services/cloudtrail/store/event_store.h"
#include "services/cloudtrail/store/trail_store.h"

namespace berth::services::cloudtrail::insights {

class InsightsEngine {
 public:
  // `destinations` may be null: then events are recorded but not delivered.
  InsightsEngine(EventStore& events, TrailStore& trails, std::unique_ptr<InsightStore> store,
                 Destinations* destinations, DetectorOptions options);
  ~InsightsEngine();

  // Observes what was recorded since the last run, closes the minutes that ended by `now`,
  // records and delivers the resulting Insights events.
  Status Run(TimePoint now);
  // A trail turning Insights on gets the Insights events recorded from now on.
  Status StartDelivery(int64_t trail_id);

  InsightStore& store() { return *store_; }
  const DetectorOptions& options() const { return options_; }

 private:
  // Feeds the detector the calls of `accounts` recorded in [from, now], up to the cursor.
  Status Replay(const std::set<std::string>& accounts, TimePoint from, TimePoint now);
  Status EndInterrupted(TimePoint now);
  Status Observe();
  Status Record(const std::vector<InsightTransition>& transitions);
  Status Deliver(TimePoint now);

  EventStore& events_;
  TrailStore& trails_;
  std::unique_ptr<InsightStore> store_;
  Destinations* destinations_;
  const DetectorOptions options_;
  std::mutex mu_;
  std::unique_ptr<Detector> detector_;              // GUARDED_BY(mu_); made by the first Run
  int64_t cursor_ = 0;                              // events up to this seq observed; GUARDED_BY(mu_)
  std::map<InsightSubject, std::string> started_;  // recorded Starts' sharedEventID; GUARDED_BY(mu_)
};

}  // namespace berth::services::cloudtrail::insights
