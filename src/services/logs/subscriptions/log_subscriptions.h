#pragma once
// Subscription filters and destinations of CloudWatch Logs: their store, and the worker that
// delivers what filters match (delivery_worker.h). Built by the App beside the LogsService it
// reads from and delivers into (which must outlive it); its operations join the logs
// service's table (operations.h). Thread-safe.

#include <memory>

#include "core/result.h"
#include "services/logs/logs_service.h"
#include "services/logs/subscriptions/delivery_worker.h"
#include "services/logs/subscriptions/http_poster.h"
#include "services/logs/subscriptions/subscription_store.h"
#include "store/database.h"

namespace berth::services::logs {

class LogSubscriptions {
 public:
  struct Options {
    // Run the delivery thread (a short-lived CLI App does not; tests call RunOnce).
    bool deliver = true;
    DeliveryWorker::Options worker;
  };

  // `http` (may be null: http(s) destinations then never receive) must outlive this.
  static Result<std::unique_ptr<LogSubscriptions>> Open(store::Database& db, LogsService& logs,
                                                        SubscriptionPoster* http,
                                                        Options options);
  ~LogSubscriptions();  // stops delivery; what is owed stays owed
  LogSubscriptions(const LogSubscriptions&) = delete;
  LogSubscriptions& operator=(const LogSubscriptions&) = delete;

  SubscriptionStore& store() { return *store_; }
  LogsService& logs() { return logs_; }
  DeliveryWorker& worker() { return *worker_; }
  // A filter was put or deleted: delivery looks again now.
  void FiltersChanged() { worker_->signal()->Wake(); }

 private:
  LogSubscriptions(LogsService& logs, std::unique_ptr<SubscriptionStore> store)
      : logs_(logs), store_(std::move(store)) {}
  LogsService& logs_;
  std::unique_ptr<SubscriptionStore> store_;
  std::unique_ptr<DeliveryWorker> worker_;
};

}  // namespace berth::services::logs
