#pragma once
// The thread that evaluates alarms on their schedule: every 60 s on the minute, every 10 s
// for periods of 10, 20 and 30 s (the AlarmEngine's timer says what is due when), and runs the
// actions and composite evaluations that request handlers queue. It reads time only through
// the Clock; unit tests drive AlarmEngine::RunDue directly with a fake clock instead.

#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/clock.h"
#include "services/monitoring/alarms/alarm_engine.h"

namespace berth::services::monitoring::alarms {

class AlarmScheduler {
 public:
  AlarmScheduler(AlarmEngine& engine, const Clock& clock) : engine_(engine), clock_(clock) {}
  ~AlarmScheduler() { Stop(); }
  AlarmScheduler(const AlarmScheduler&) = delete;
  AlarmScheduler& operator=(const AlarmScheduler&) = delete;

  void Start();
  // Returns once the thread finished its current round. Idempotent.
  void Stop();
  void Wake();

 private:
  void Run();

  AlarmEngine& engine_;
  const Clock& clock_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;   // guarded by mu_
  bool woken_ = false;  // guarded by mu_
};

}  // namespace berth::services::monitoring::alarms
