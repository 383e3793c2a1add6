#include "services/s3/bucket_policies.h"

#include <cstdio>
#include <mutex>

#include "services/s3/model/bucket_policy.h"

namespace berth::services::s3 {

std::shared_ptr<const auth::policy::CompiledPolicy> BucketPolicies::Find(std::string_view bucket) {
  const uint64_t wanted = version_.load(std::memory_order_acquire);
  {
    std::shared_lock lock(mu_);
    if (loaded_ == wanted) {
      auto it = by_bucket_.find(std::string(bucket));
      return it == by_bucket_.end() ? nullptr : it->second;
    }
  }
  Reload(wanted);
  std::shared_lock lock(mu_);
  auto it = by_bucket_.find(std::string(bucket));
  return it == by_bucket_.end() ? nullptr : it->second;
}

std::shared_ptr<const auth::policy::CompiledPolicy> BucketPolicies::FindByArn(
    std::string_view arn) {
  constexpr std::string_view kPrefix = "arn:aws:s3:::";
  if (arn.substr(0, kPrefix.size()) != kPrefix) return nullptr;
  const std::string_view path = arn.substr(kPrefix.size());
  return Find(path.substr(0, path.find('/')));
}

void BucketPolicies::Reload(uint64_t version) {
  std::unique_lock lock(mu_);
  if (loaded_ >= version) return;
  auto stored = store_.ListBucketPolicies();
  if (!stored.ok()) {
    // Keep what was known; the next look-up tries again.
    std::fprintf(stderr, "berth: loading bucket policies: %s\n", stored.error().message.c_str());
    return;
  }
  std::unordered_map<std::string, std::shared_ptr<const auth::policy::CompiledPolicy>> fresh;
  for (const StoredBucketPolicy& p : *stored) {
    auto compiled = CompileBucketPolicy(p.text, p.bucket);
    if (!compiled.ok()) {
      // Checked when stored; one that no longer compiles grants nothing.
      std::fprintf(stderr, "berth: bucket %s: policy ignored: %s\n", p.bucket.c_str(),
                   compiled.error().message.c_str());
      continue;
    }
    fresh.emplace(p.bucket, std::move(*compiled));
  }
  by_bucket_ = std::move(fresh);
  loaded_ = version;
}

}  // namespace berth::services::s3
