#pragma once
// While the server runs, one thread does the periodic upkeep of every service: abandoned uploads
// and temporaries go (after --upload-timeout), events older than the history's retention go.
// Each task runs at once on start, then every `interval`; a failing task logs and runs again
// next time.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/result.h"

namespace berth::app {

struct HousekeepingTask {
  std::string name;
  std::chrono::seconds interval;
  std::function<Status()> run;
};

class Housekeeper {
 public:
  explicit Housekeeper(std::vector<HousekeepingTask> tasks);
  ~Housekeeper();  // stops the thread (a running task finishes first)
  Housekeeper(const Housekeeper&) = delete;
  Housekeeper& operator=(const Housekeeper&) = delete;

 private:
  void Run();

  std::vector<HousekeepingTask> tasks_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;  // GUARDED_BY(mu_)
  std::thread thread_;
};

}  // namespace berth::app
