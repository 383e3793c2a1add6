#pragma once
// Delivers what subscription filters owe, on a thread of its own: never on a request thread,
// so PutLogEvents does not wait for any destination.
//
// Each filter's outbox is its log group's stored event blocks after its delivered_block
// (subscription_store.h). A round, for every filter whose retry time has come: send the
// CONTROL_MESSAGE if the filter has not sent it yet, read up to `blocks_per_round` owed
// blocks, match them against the filter pattern, send the matching events as DATA_MESSAGEs
// (one or more per log stream), and only when every message was taken move delivered_block
// past those blocks (one write). A failed send leaves the progress where it was and retries
// after a backoff (1 s, doubling, at most `max_backoff`): delivery is at least once, and an
// event acknowledged by PutLogEvents is owed until delivered, across restarts. Events that
// the group's retention deletes before delivery are not owed any more.
//
// Woken when events are stored in a subscribed group (LogsService::OnAppend), when filters
// change, and otherwise every `idle_poll`; rounds are `min_round_interval` apart at least, so
// events arriving meanwhile share a round.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "core/result.h"
#include "services/logs/filter/filter_pattern.h"
#include "services/logs/logs_service.h"
#include "services/logs/subscriptions/http_poster.h"
#include "services/logs/subscriptions/subscription_store.h"
#include "services/logs/subscriptions/targets.h"

namespace berth::services::logs {

// The delivery thread's wake-up. Shared with the hook LogsService keeps, so the hook stays
// valid whichever of the two goes first. Thread-safe.
class DeliverySignal {
 public:
  // Wakes the worker when `group_id` is one with a subscription filter.
  void OnAppend(int64_t group_id);
  void Wake();
  void SetGroups(std::set<int64_t> groups);
  // Waits until woken, stopped or `timeout`; false once Stop was called.
  bool Wait(std::chrono::milliseconds timeout);
  // Waits `timeout` unless stopped (wake-ups do not end it); false once Stop was called.
  bool Pause(std::chrono::milliseconds timeout);
  void Stop();

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::set<int64_t> groups_;  // GUARDED_BY(mu_)
  bool woken_ = false;        // GUARDED_BY(mu_)
  bool stopping_ = false;     // GUARDED_BY(mu_)
};

class DeliveryWorker {
 public:
  struct Options {
    size_t blocks_per_round = 32;
    std::chrono::milliseconds idle_poll{2000};
    // Rounds start at least this far apart unless a round left work owed: a busy group costs
    // one delivery round (and one progress write) per interval, not one per PutLogEvents.
    std::chrono::milliseconds min_round_interval{200};
    std::chrono::milliseconds max_backoff{60000};
  };

  // `http` may be null: http(s) destinations then fail and are retried.
  DeliveryWorker(SubscriptionStore& store, LogsService& logs, SubscriptionPoster* http,
                 Options options);
  ~DeliveryWorker();  // Stop()
  DeliveryWorker(const DeliveryWorker&) = delete;
  DeliveryWorker& operator=(const DeliveryWorker&) = delete;

  const std::shared_ptr<DeliverySignal>& signal() const { return signal_; }
  void Start();
  // Stops the thread after the round in progress; what is owed stays owed.
  void Stop();

  // One round over every due filter (what the thread runs; tests call it with a fake clock).
  // True when some filter has more owed right away.
  Result<bool> RunOnce();

 private:
  struct Resolved {
    DeliveryTarget target;
    std::string kind;  // for the control message: "log group" or "HTTP endpoint"
  };
  Result<Resolved> Resolve(const SubscriptionFilter& f);
  // Delivers one message; `stream` is the source stream (a log group target's stream).
  Status Send(const Resolved& to, std::string_view stream, const std::string& message);
  Result<bool> DeliverFilter(SubscriptionFilter& f, int64_t now_ms);
  Result<std::shared_ptr<const filter::FilterPattern>> Pattern(const std::string& text);
  void Run();

  SubscriptionStore& store_;
  LogsService& logs_;
  SubscriptionPoster* http_;
  Options options_;
  std::shared_ptr<DeliverySignal> signal_ = std::make_shared<DeliverySignal>();
  // Compiled patterns by text (delivery thread only).
  std::map<std::string, std::shared_ptr<const filter::FilterPattern>> patterns_;
  // Filters whose last attempt failed, so a failure is logged once, not every retry.
  std::set<std::pair<int64_t, std::string>> failing_;  // delivery thread only
  int64_t next_due_ms_ = 0;                            // delivery thread only
  std::thread thread_;
};

}  // namespace berth::services::logs
