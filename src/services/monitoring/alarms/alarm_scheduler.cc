#include "services/monitoring/alarms/alarm_scheduler.h"

#include <algorithm>
#include <chrono>

#include "core/thread_name.h"

namespace berth::services::monitoring::alarms {

void AlarmScheduler::Start() {
  engine_.SetWake([this] { Wake(); });
  thread_ = std::thread([this] { Run(); });
}

void AlarmScheduler::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  engine_.SetWake(nullptr);
}

void AlarmScheduler::Wake() {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

void AlarmScheduler::Run() {
  NameThisThread("alarms");
  for (;;) {
    engine_.RunDue(clock_.Now());
    const int64_t now = Millis(clock_.Now());
    // Sleep until the next evaluation, at most a second (the clock may be moved).
    int64_t wait_ms = 1000;
    if (auto next = engine_.NextDueMs()) wait_ms = std::clamp<int64_t>(*next - now, 0, 1000);
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, std::chrono::milliseconds(wait_ms), [this] { return stop_ || woken_; });
    if (stop_) return;
    woken_ = false;
  }
}

}  // namespace berth::services::monitoring::alarms
