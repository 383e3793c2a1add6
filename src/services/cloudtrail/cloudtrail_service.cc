#include "services/cloudtrail/cloudtrail_service.h"

#include "services/cloudtrail/store/sqlite_event_store.h"

namespace berth::services::cloudtrail {

Result<std::unique_ptr<CloudTrailService>> CloudTrailService::Open(store::Database& db,
                                                                   const Clock& clock,
                                                                   CloudTrailOptions options) {
  BERTH_ASSIGN_OR_RETURN(auto events, SqliteEventStore::Open(db));
  return std::unique_ptr<CloudTrailService>(
      new CloudTrailService(std::move(events), clock, options));
}

}  // namespace berth::services::cloudtrail
