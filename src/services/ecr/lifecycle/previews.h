#pragma once
// Lifecycle policy previews (StartLifecyclePolicyPreview): what a policy would expire in a
// repository when the preview was started, kept for GetLifecyclePolicyPreview until the next
// preview of that repository. In memory, as ECR's previews are short-lived. Thread-safe.

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"

namespace berth::services::ecr {

struct PreviewedImage {
  std::string digest;
  std::vector<std::string> tags;
  TimePoint pushed_at;
  int64_t rule_priority = 0;  // the rule that would expire it
};

struct LifecyclePreview {
  std::string policy_text;
  std::vector<PreviewedImage> images;  // in digest order
};

class LifecyclePreviews {
 public:
  // `key` names the repository (registry and name).
  void Put(const std::string& key, LifecyclePreview preview) {
    std::lock_guard lock(mu_);
    previews_[key] = std::move(preview);
  }
  std::optional<LifecyclePreview> Get(const std::string& key) const {
    std::lock_guard lock(mu_);
    auto it = previews_.find(key);
    if (it == previews_.end()) return std::nullopt;
    return it->second;
  }
  void Forget(const std::string& key) {
    std::lock_guard lock(mu_);
    previews_.erase(key);
  }

 private:
  mutable std::mutex mu_;
  std::map<std::string, LifecyclePreview> previews_;  // GUARDED_BY(mu_)
};

}  // namespace berth::services::ecr
