#include "app/housekeeper.h"

#include <cstdio>

#include "core/thread_name.h"

namespace berth::app {

Housekeeper::Housekeeper(std::vector<HousekeepingTask> tasks) : tasks_(std::move(tasks)) {
  thread_ = std::thread([this] {
    NameThisThread("housekeeper");
    Run();
  });
}

Housekeeper::~Housekeeper() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void Housekeeper::Run() {
  using Clock = std::chrono::steady_clock;
  std::vector<Clock::time_point> due(tasks_.size(), Clock::now());
  std::unique_lock lock(mu_);
  while (!stopping_) {
    Clock::time_point next = Clock::time_point::max();
    for (size_t i = 0; i < tasks_.size(); ++i) {
      if (Clock::now() >= due[i]) {
        lock.unlock();
        Status done = tasks_[i].run();
        if (!done.ok()) {
          std::fprintf(stderr, "berth: %s failed: %s\n", tasks_[i].name.c_str(),
                       done.error().message.c_str());
        }
        lock.lock();
        due[i] = Clock::now() + tasks_[i].interval;
        if (stopping_) return;
      }
      next = std::min(next, due[i]);
    }
    wake_.wait_until(lock, next, [this] { return stopping_; });
  }
}

}  // namespace berth::app
