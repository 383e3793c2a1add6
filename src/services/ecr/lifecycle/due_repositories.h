#pragma once
// The repositories whose lifecycle policy is due for evaluation: marked when a policy is set
// and after every push, taken by the task that applies policies (within seconds, off the
// call's thread, as ECR evaluates asynchronously). Thread-safe.

#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace berth::services::ecr {

class DueRepositories {
 public:
  void Mark(const std::string& repository) {
    std::lock_guard lock(mu_);
    due_.insert(repository);
  }
  // The marked repositories, in name order; none is marked afterwards.
  std::vector<std::string> Take() {
    std::set<std::string> due;
    {
      std::lock_guard lock(mu_);
      due.swap(due_);
    }
    return {due.begin(), due.end()};
  }

 private:
  std::mutex mu_;
  std::set<std::string> due_;  // GUARDED_BY(mu_)
};

}  // namespace berth::services::ecr
