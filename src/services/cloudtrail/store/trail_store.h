#pragma once
// Trails, their delivery state and the log files they delivered (which digests then cover).
// Implementations are thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "services/cloudtrail/model/trail.h"

namespace berth::services::cloudtrail {

// A log file a trail delivered, as its next digest lists it.
struct DeliveredLogFile {
  int64_t id = 0;
  std::string bucket;
  std::string key;
  std::string hash;  // hex SHA-256 of the uncompressed file
  TimePoint oldest_event;
  TimePoint newest_event;
};

class TrailStore {
 public:
  virtual ~TrailStore() = default;
  // Inserts the trail (sets id); false when the account has one of that name.
  virtual Result<bool> Create(Trail& trail) = 0;
  virtual Result<std::optional<Trail>> Get(std::string_view account, std::string_view name) = 0;
  // The account's trails by name; every account's when `account` is empty.
  virtual Result<std::vector<Trail>> List(std::string_view account) = 0;
  // Saves every setting, selector and tag of an existing trail.
  virtual Status Update(const Trail& trail) = 0;
  virtual Result<bool> Delete(int64_t trail_id) = 0;

  virtual Result<DeliveryState> GetDelivery(int64_t trail_id) = 0;
  // Saves the state and records the files just delivered, in one transaction.
  virtual Status CommitDelivery(int64_t trail_id, const DeliveryState& state,
                                const std::vector<DeliveredLogFile>& files) = 0;
  // Files with id > after_id (those a digest has not covered yet), in delivery order.
  virtual Result<std::vector<DeliveredLogFile>> FilesAfter(int64_t trail_id, int64_t after_id) = 0;
};

}  // namespace berth::services::cloudtrail
