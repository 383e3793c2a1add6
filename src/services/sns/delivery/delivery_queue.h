#pragma once
// Delivers the queued messages (SnsStore's delivery queue) to their endpoints, on threads of
// its own, never on a request thread. A scheduler thread reads what is due, hands it to sender
// threads (each with its own HTTP client) and records the outcomes in one write per round: a
// delivery leaves the queue only once its endpoint answered 2xx (or its policy's retries ran
// out); a failed one is retried after the delay its delivery policy gives. After a crash,
// whatever was not acknowledged is still queued and is sent again: at least once, as AWS.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_set>
#include <vector>

#include "core/clock.h"
#include "services/sns/delivery/mail_drop.h"
#include "services/sns/store/sns_store.h"

namespace berth::services::sns {

class DeliveryQueue {
 public:
  struct Options {
    int senders = 8;
    size_t batch = 256;
    // AWS waits 15 s for an HTTP endpoint's answer.
    std::chrono::milliseconds timeout{15000};
  };

  // `mail` may be null (email-json deliveries then fail and are retried).
  DeliveryQueue(SnsStore& store, const Clock& clock, MailDrop* mail, Options options);
  ~DeliveryQueue();  // Stop()
  DeliveryQueue(const DeliveryQueue&) = delete;
  DeliveryQueue& operator=(const DeliveryQueue&) = delete;

  void Start();
  // Stops the threads after the deliveries in progress; what is queued stays queued.
  void Stop();
  // Tells the scheduler new deliveries were queued. Thread-safe, cheap.
  void Wake();

 private:
  struct Outcome {
    int64_t id;
    bool delivered;
    int attempts;  // before this one
    std::string policy;
  };
  void Schedule();
  void Send();
  Outcome Deliver(const Delivery& d, class HttpClient& client);

  SnsStore& store_;
  const Clock& clock_;
  MailDrop* mail_;
  Options options_;
  std::mutex mu_;
  std::condition_variable scheduler_wake_;
  std::condition_variable sender_wake_;
  bool stopping_ = false;                  // GUARDED_BY(mu_)
  bool senders_done_ = false;               // GUARDED_BY(mu_)
  bool woken_ = false;                     // GUARDED_BY(mu_)
  std::deque<Delivery> work_;              // GUARDED_BY(mu_)
  std::vector<Outcome> outcomes_;          // GUARDED_BY(mu_)
  std::unordered_set<int64_t> in_flight_;  // scheduler thread only
  std::thread scheduler_;
  std::vector<std::thread> senders_;
};

}  // namespace berth::services::sns
