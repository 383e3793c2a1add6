#pragma once
// Time is read through a Clock so that tests never sleep and never depend on the wall clock.

#include <atomic>
#include <chrono>
#include <cstdint>

namespace berth {

using TimePoint = std::chrono::time_point<std::chrono::system_clock, std::chrono::milliseconds>;

// Milliseconds since the epoch: how stores keep a TimePoint in an integer column.
inline int64_t Millis(TimePoint t) { return t.time_since_epoch().count(); }
inline TimePoint FromMillis(int64_t ms) { return TimePoint(std::chrono::milliseconds(ms)); }

class Clock {
 public:
  virtual ~Clock() = default;
  // Current wall-clock time, millisecond precision. Thread-safe.
  virtual TimePoint Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint Now() const override {
    return std::chrono::time_point_cast<std::chrono::milliseconds>(
        std::chrono::system_clock::now());
  }
};

// A clock that only moves when told to. Thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(TimePoint start) : now_ms_(start.time_since_epoch().count()) {}
  TimePoint Now() const override { return TimePoint(std::chrono::milliseconds(now_ms_.load())); }
  void Advance(std::chrono::milliseconds d) { now_ms_ += d.count(); }
  void Set(TimePoint t) { now_ms_ = t.time_since_epoch().count(); }

 private:
  std::atomic<long long> now_ms_;
};

}  // namespace berth
