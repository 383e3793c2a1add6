#include "services/cloudtrail/cloudtrail_service.h"

#include "services/cloudtrail/store/journaled_event_store.h"
#include "services/cloudtrail/store/sqlite_trail_store.h"

namespace berth::services::cloudtrail {

Result<std::unique_ptr<CloudTrailService>> CloudTrailService::Open(store::Database& db,
                                                                   const Clock& clock,
                                                                   CloudTrailOptions options,
                                                                   Destinations* destinations) {
  // Only the serving process records (and owns the journal); a command run beside it
  // (`berth user create`, `berth gc`) opens the history for reading.
  BERTH_ASSIGN_OR_RETURN(std::unique_ptr<EventStore> events,
                         JournaledEventStore::Open(db, options.journal_dir,
                                                   options.recording
                                                       ? EventJournal::Mode::kWriter
                                                       : EventJournal::Mode::kReader,
                                                   options.journal));
  BERTH_ASSIGN_OR_RETURN(auto trails, SqliteTrailStore::Open(db));
  BERTH_ASSIGN_OR_RETURN(auto insight_store, insights::InsightStore::Open(db));
  BERTH_ASSIGN_OR_RETURN(auto signer, DigestSigner::LoadOrCreate(options.digest_key_path,
                                                                 clock.Now()));
  return std::unique_ptr<CloudTrailService>(
      new CloudTrailService(std::move(events), std::move(trails), std::move(insight_store),
                            std::move(signer), clock,
                            std::move(options), destinations));
}

}  // namespace berth::services::cloudtrail
