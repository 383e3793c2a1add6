#include "services/sns/delivery/delivery_queue.h"

#include <cstdio>

#include "core/thread_name.h"
#include "services/sns/delivery/http_client.h"
#include "services/sns/model/delivery_policy.h"
#include "services/sns/model/messages.h"
#include "services/sns/model/types.h"

namespace berth::services::sns {

DeliveryQueue::DeliveryQueue(SnsStore& store, const Clock& clock, MailDrop* mail,
                             Options options)
    : store_(store), clock_(clock), mail_(mail), options_(options) {}

DeliveryQueue::~DeliveryQueue() { Stop(); }

void DeliveryQueue::Start() {
  scheduler_ = std::thread([this] { Schedule(); });
  for (int i = 0; i < options_.senders; ++i) senders_.emplace_back([this] { Send(); });
}

void DeliveryQueue::Stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  sender_wake_.notify_all();
  for (auto& t : senders_) t.join();
  {
    std::lock_guard lock(mu_);
    senders_done_ = true;
  }
  scheduler_wake_.notify_all();
  if (scheduler_.joinable()) scheduler_.join();
}

void DeliveryQueue::Wake() {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  scheduler_wake_.notify_one();
}

void DeliveryQueue::Schedule() {
  NameThisThread("sns-delivery");
  for (;;) {
    std::vector<Outcome> outcomes;
    size_t queued = 0;
    bool stopping = false, senders_done = false;
    {
      std::lock_guard lock(mu_);
      outcomes.swap(outcomes_);
      queued = work_.size();
      stopping = stopping_;
      senders_done = senders_done_;
      woken_ = false;
    }
    const TimePoint now = clock_.Now();
    if (!outcomes.empty()) {
      DeliveryOutcomes record;
      for (const Outcome& o : outcomes) {
        if (o.delivered) {
          record.delivered.push_back(o.id);
          continue;
        }
        auto delay = DecodePolicy(o.policy).DelayBefore(o.attempts + 1);
        if (delay) {
          record.retry.emplace_back(o.id, now + *delay);
        } else {
          std::fprintf(stderr, "berth: sns: delivery %lld given up after %d attempts\n",
                       static_cast<long long>(o.id), o.attempts + 1);
          record.dropped.push_back(o.id);
        }
      }
      if (Status s = store_.Record(record); !s.ok()) {
        std::fprintf(stderr, "berth: sns: recording deliveries: %s\n", s.error().message.c_str());
      }
      for (const Outcome& o : outcomes) in_flight_.erase(o.id);
    }
    // Every sender has stopped and its last outcome is recorded: what is left stays queued.
    if (senders_done) return;
    if (!stopping && queued < options_.batch) {
      std::vector<int64_t> busy(in_flight_.begin(), in_flight_.end());
      auto due = store_.DueDeliveries(now, options_.batch - queued, busy);
      if (!due.ok()) {
        std::fprintf(stderr, "berth: sns: reading the delivery queue: %s\n",
                     due.error().message.c_str());
      } else if (!due->empty()) {
        std::lock_guard lock(mu_);
        for (Delivery& d : *due) {
          in_flight_.insert(d.id);
          work_.push_back(std::move(d));
        }
        sender_wake_.notify_all();
      }
    }
    // Sleep until new work is queued, a sender reports (what was left unfetched is fetched
    // then), or the next retry is due.
    std::chrono::milliseconds wait(1000);
    // A due time already past belongs to deliveries in flight or waiting in work_: their
    // outcomes wake this thread, so only a future one sets the wait (no polling meanwhile).
    auto next = store_.NextDue();
    if (next.ok() && next->has_value() && **next > now) {
      const auto until = std::chrono::duration_cast<std::chrono::milliseconds>(**next - now);
      if (until < wait) wait = until;
    }
    std::unique_lock lock(mu_);
    scheduler_wake_.wait_for(lock, wait,
                             [&] { return senders_done_ || woken_ || !outcomes_.empty(); });
  }
}

void DeliveryQueue::Send() {
  NameThisThread("sns-sender");
  HttpClient client;
  for (;;) {
    Delivery d;
    {
      std::unique_lock lock(mu_);
      sender_wake_.wait(lock, [&] { return stopping_ || !work_.empty(); });
      if (stopping_) return;
      d = std::move(work_.front());
      work_.pop_front();
    }
    Outcome outcome = Deliver(d, client);
    {
      std::lock_guard lock(mu_);
      outcomes_.push_back(std::move(outcome));
    }
    scheduler_wake_.notify_one();
  }
}

DeliveryQueue::Outcome DeliveryQueue::Deliver(const Delivery& d, HttpClient& client) {
  Outcome outcome{d.id, false, d.attempts, d.policy};
  if (d.protocol == kEmailJson) {
    if (mail_ == nullptr) return outcome;
    Status s = mail_->Deliver(d.account_id, d.endpoint, clock_.Now(), d.body);
    if (!s.ok()) {
      std::fprintf(stderr, "berth: sns: email-json to %s: %s\n", d.endpoint.c_str(),
                   s.error().message.c_str());
    }
    outcome.delivered = s.ok();
    return outcome;
  }
  auto url = ParseHttpUrl(d.endpoint);
  if (!url.ok()) return outcome;
  HttpPost post;
  post.url = std::move(*url);
  const RetryPolicy policy = DecodePolicy(d.policy);
  post.headers = {{"x-amz-sns-message-type", d.message_type},
                  {"x-amz-sns-message-id", d.message_id},
                  {"x-amz-sns-topic-arn", d.topic_arn},
                  {"Content-Type", policy.content_type},
                  {"User-Agent", "Amazon Simple Notification Service Agent"}};
  if (d.message_type == kNotification) {
    post.headers.emplace_back("x-amz-sns-subscription-arn", d.subscription_arn);
  }
  if (d.raw) post.headers.emplace_back("x-amz-sns-rawdelivery", "true");
  post.body = d.body;
  auto status = client.Post(post, options_.timeout);
  outcome.delivered = status.ok() && *status >= 200 && *status < 300;
  return outcome;
}

}  // namespace berth::services::sns
