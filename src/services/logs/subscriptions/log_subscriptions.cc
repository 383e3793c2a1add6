#include "services/logs/subscriptions/log_subscriptions.h"

namespace berth::services::logs {

Result<std::unique_ptr<LogSubscriptions>> LogSubscriptions::Open(store::Database& db,
                                                                 LogsService& logs,
                                                                 SubscriptionPoster* http,
                                                                 Options options) {
  BERTH_ASSIGN_OR_RETURN(auto store, SubscriptionStore::Open(db));
  std::unique_ptr<LogSubscriptions> out(new LogSubscriptions(logs, std::move(store)));
  out->worker_ = std::make_unique<DeliveryWorker>(*out->store_, logs, http, options.worker);
  // The hook holds the signal, not the worker: it stays valid after this goes away.
  logs.OnAppend([signal = out->worker_->signal()](int64_t group_id) {
    signal->OnAppend(group_id);
  });
  if (options.deliver) out->worker_->Start();
  return out;
}

LogSubscriptions::~LogSubscriptions() { worker_->Stop(); }

}  // namespace berth::services::logs
