#pragma once
// The repositories whose lifecycle policy is due for evaluation: marked when a policy is set
// and after every push, taken by the task that applies policies (within seconds, off the
// call's thread, as ECR evaluates asynchronously). Thread-safe.

#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace berth::services::ecr {

// A repository is named by its registry (the owner account's id) and its name: names are unique
// per registry, not per server.
using RepositoryKey = std::pair<std::string, std::string>;

class DueRepositories {
 public:
  void Mark(const std::string& registry_id, const std::string& repository) {
    std::lock_guard lock(mu_);
    due_.emplace(registry_id, repository);
  }
  // The marked repositories, in (registry, name) order; none is marked afterwards.
  std::vector<RepositoryKey> Take() {
    std::set<RepositoryKey> due;
    {
      std::lock_guard lock(mu_);
      due.swap(due_);
    }
    return {due.begin(), due.end()};
  }

 private:
  std::mutex mu_;
  std::set<RepositoryKey> due_;  // GUARDED_BY(mu_)
};

}  // namespace berth::services::ecr
