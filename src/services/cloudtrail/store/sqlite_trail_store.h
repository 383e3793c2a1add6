#pragma once
// Trails in SQLite: one row per trail (settings, selectors and tags as JSON in the wire shape,
// delivery state), and the delivered log files awaiting or covered by digests.

#include <memory>

#include "services/cloudtrail/store/trail_store.h"
#include "store/database.h"

namespace berth::services::cloudtrail {

class SqliteTrailStore final : public TrailStore {
 public:
  static Result<std::unique_ptr<SqliteTrailStore>> Open(store::Database& db);

  Result<bool> Create(Trail& trail) override;
  Result<std::optional<Trail>> Get(std::string_view account, std::string_view name) override;
  Result<std::vector<Trail>> List(std::string_view account) override;
  Status Update(const Trail& trail) override;
  Result<bool> Delete(int64_t trail_id) override;
  Result<DeliveryState> GetDelivery(int64_t trail_id) override;
  Status CommitDelivery(int64_t trail_id, const DeliveryState& state,
                        const std::vector<DeliveredLogFile>& files) override;
  Result<std::vector<DeliveredLogFile>> FilesAfter(int64_t trail_id, int64_t after_id) override;

 private:
  explicit SqliteTrailStore(store::Database& db) : db_(db) {}
  store::Database& db_;
};

}  // namespace berth::services::cloudtrail
