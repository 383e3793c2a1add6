#pragma once
// The CloudTrail service: the event history (and, with trails, their store and delivery).
// Built once by the App; thread-safe.

#include <memory>

#include "core/clock.h"
#include "core/result.h"
#include "services/cloudtrail/store/event_store.h"
#include "store/database.h"

namespace berth::services::cloudtrail {

struct CloudTrailOptions {
  std::chrono::hours retention{24 * 90};  // how long the event history keeps events
};

class CloudTrailService {
 public:
  static Result<std::unique_ptr<CloudTrailService>> Open(store::Database& db, const Clock& clock,
                                                         CloudTrailOptions options);

  EventStore& events() { return *events_; }
  const Clock& clock() const { return clock_; }
  const CloudTrailOptions& options() const { return options_; }

 private:
  CloudTrailService(std::unique_ptr<EventStore> events, const Clock& clock,
                    CloudTrailOptions options)
      : events_(std::move(events)), clock_(clock), options_(options) {}

  std::unique_ptr<EventStore> events_;
  const Clock& clock_;
  CloudTrailOptions options_;
};

}  // namespace berth::services::cloudtrail
