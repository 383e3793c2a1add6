#pragma once
// Subscription filters, destinations and the delivery progress of each filter, on the embedded
// SQLite database (component "logs-subscriptions", after the "logs" component it refers to):
//
//   logs_subscription_filters  (group, name) → pattern, destinationArn, …, and the filter's
//                              delivery progress; deleted with the group (ON DELETE CASCADE)
//   logs_destinations          (account, name) → targetArn, roleArn, access policy, tags
//
// The outbox of a filter is the log group's own event blocks (logs_event_blocks, whose ids
// only grow): what a filter still owes is every block of its group with an id above its
// delivered_block. Ingestion therefore writes nothing more for subscriptions, and an event is
// owed from the moment its PutLogEvents is acknowledged, across restarts. Thread-safe.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "services/logs/model/types.h"
#include "services/logs/subscriptions/subscription.h"
#include "store/database.h"

namespace berth::services::logs {

enum class SubscriptionPut { kStored, kLimitExceeded, kGroupNotFound };

// One stored event of a block, as delivery reads it.
struct OwedEvent {
  EventKey key;
  std::string message;
};
// One block of a group's events (one stream's), after a filter's delivered_block.
struct OwedBlock {
  int64_t id = 0;
  std::string stream_name;
  std::vector<OwedEvent> events;
};

class SubscriptionStore {
 public:
  // Applies the "logs-subscriptions" migrations (the "logs" ones must be applied already).
  static Result<std::unique_ptr<SubscriptionStore>> Open(store::Database& db);

  // Creates or replaces filter.name of filter.group_id. A new filter owes only the events
  // stored after it (its delivered_block starts at the newest block); a replaced one keeps
  // its progress, and sends a new control message when its destination changed.
  // kLimitExceeded when creating one more than `max_per_group`.
  Result<SubscriptionPut> PutFilter(const SubscriptionFilter& filter, size_t max_per_group);
  // The group's filters named from `prefix`, in name order, after `after` (a name) when not
  // empty, at most `limit`.
  Result<std::vector<SubscriptionFilter>> ListFilters(int64_t group_id, std::string_view prefix,
                                                      std::string_view after, size_t limit);
  // False when the group has no filter of that name.
  Result<bool> DeleteFilter(int64_t group_id, std::string_view name);
  // Every account's filters with their progress (what delivery works through).
  Result<std::vector<SubscriptionFilter>> AllFilters();
  // Every filter of the account, with its group (loop checks).
  Result<std::vector<SubscriptionFilter>> AccountFilters(std::string_view account);
  // Saves a filter's progress, unless the filter was deleted or replaced meanwhile (its
  // revision changed): a delivery round never undoes a put.
  Status SaveProgress(int64_t group_id, std::string_view name, int64_t revision,
                      const DeliveryProgress& progress);
  // Up to `limit` blocks of the group with ids above `after`, in id order, decoded.
  Result<std::vector<OwedBlock>> BlocksAfter(int64_t group_id, int64_t after, size_t limit);

  // Creates the destination, or updates an existing one's targetArn and roleArn (keeping its
  // creation time, policy and tags). `d` receives what is stored.
  Status PutDestination(Destination& d);
  Result<std::optional<Destination>> GetDestination(std::string_view account,
                                                    std::string_view name);
  // Names from `prefix`, in name order, after `after` when not empty, at most `limit`.
  Result<std::vector<Destination>> ListDestinations(std::string_view account,
                                                    std::string_view prefix,
                                                    std::string_view after, size_t limit);
  // False when the account has no destination of that name.
  Result<bool> SetDestinationPolicy(std::string_view account, std::string_view name,
                                    std::string_view policy);
  Result<bool> DeleteDestination(std::string_view account, std::string_view name);

 private:
  explicit SubscriptionStore(store::Database& db) : db_(db) {}
  store::Database& db_;
};

}  // namespace berth::services::logs
