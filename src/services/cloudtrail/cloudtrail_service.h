#pragma once
// The CloudTrail service: the event history, trails and what they deliver to. Built once by the
// App; thread-safe.

#include <chrono>
#include <memory>
#include <string>

#include "core/clock.h"
#include "core/result.h"
#include "services/cloudtrail/delivery/destinations.h"
#include "services/cloudtrail/delivery/digest_signer.h"
#include "services/cloudtrail/insights/insights_engine.h"
#include "services/cloudtrail/store/event_store.h"
#include "services/cloudtrail/store/trail_store.h"
#include "store/database.h"

namespace berth::services::cloudtrail {

struct CloudTrailOptions {
  std::chrono::hours retention{24 * 90};           // how long the event history keeps events
  std::chrono::seconds delivery_interval{5};       // log files (AWS: about every 5 minutes)
  std::chrono::seconds digest_interval{3600};      // digest files (AWS: hourly)
  std::string digest_key_path;                     // PEM of the digest signing key
  std::string journal_dir;  // the event journal's segments (the records)
  JournalOptions journal;   // its format (compressed or not)
  // The journal's size cap on disk (0: none): past it the oldest events go, whatever their age.
  uint64_t journal_max_bytes = 0;
  bool recording = false;   // the serving process: owns the journal (appends, indexes, trims)
  insights::DetectorOptions insights;  // the Insights "minute" and baseline window
};

class CloudTrailService {
 public:
  // `destinations` may be null: then no bucket or log group exists for trails.
  static Result<std::unique_ptr<CloudTrailService>> Open(store::Database& db, const Clock& clock,
                                                         CloudTrailOptions options,
                                                         Destinations* destinations);

  EventStore& events() { return *events_; }
  TrailStore& trails() { return *trails_; }
  insights::InsightsEngine& insights() { return *insights_; }
  const DigestSigner& signer() const { return *signer_; }
  Destinations* destinations() { return destinations_; }
  const Clock& clock() const { return clock_; }
  const CloudTrailOptions& options() const { return options_; }

 private:
  CloudTrailService(std::unique_ptr<EventStore> events, std::unique_ptr<TrailStore> trails,
                    std::unique_ptr<insights::InsightStore> insight_store,
                    std::unique_ptr<DigestSigner> signer, const Clock& clock,
                    CloudTrailOptions options, Destinations* destinations)
      : events_(std::move(events)),
        trails_(std::move(trails)),
        insights_(std::make_unique<insights::InsightsEngine>(
            *events_, *trails_, std::move(insight_store), destinations, options.insights)),
        signer_(std::move(signer)),
        clock_(clock),
        options_(std::move(options)),
        destinations_(destinations) {}

  std::unique_ptr<EventStore> events_;
  std::unique_ptr<TrailStore> trails_;
  std::unique_ptr<insights::InsightsEngine> insights_;
  std::unique_ptr<DigestSigner> signer_;
  const Clock& clock_;
  CloudTrailOptions options_;
  Destinations* destinations_;
};

}  // namespace berth::services::cloudtrail
