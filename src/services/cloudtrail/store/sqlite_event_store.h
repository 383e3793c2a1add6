#pragma once
// The event history in SQLite: one row per event with its record, indexed per lookup attribute
// (each index leads with the account and ends with time, so any LookupEvents page is one index
// range scan, whatever the history's size), resources in a side table.

#include <memory>

#include "services/cloudtrail/store/event_store.h"
#include "store/database.h"

namespace berth::services::cloudtrail {

class SqliteEventStore final : public EventStore {
 public:
  static Result<std::unique_ptr<SqliteEventStore>> Open(store::Database& db);

  Status Append(std::vector<TrailEvent>& events) override;
  Result<std::vector<TrailEvent>> Lookup(const LookupQuery& query) override;
  Result<std::vector<TrailEvent>> ReadFrom(int64_t after_seq, size_t limit) override;
  Result<int64_t> LastSeq() override;
  Result<size_t> DeleteBefore(TimePoint before) override;

 private:
  explicit SqliteEventStore(store::Database& db) : db_(db) {}
  store::Database& db_;
};

}  // namespace berth::services::cloudtrail
