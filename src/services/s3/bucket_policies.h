#pragma once
// Every bucket's policy, compiled, for the authorizer (a bucket policy is a resource-based
// policy in AWS's evaluation): a call costs a map look-up, never a database read. Put- and
// DeleteBucketPolicy (and DeleteBucket) invalidate it; the next look-up reloads them all.

#include <atomic>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "auth/policy/compiled_policy.h"
#include "services/s3/bucket_store.h"

namespace berth::services::s3 {

class BucketPolicies {
 public:
  explicit BucketPolicies(BucketStore& store) : store_(store) {}

  // The policy of `bucket`, or nullptr when it has none.
  std::shared_ptr<const auth::policy::CompiledPolicy> Find(std::string_view bucket);
  // The policy of the bucket an S3 ARN (arn:aws:s3:::bucket or arn:aws:s3:::bucket/key) names;
  // nullptr for any other ARN.
  std::shared_ptr<const auth::policy::CompiledPolicy> FindByArn(std::string_view arn);
  // A policy was set or removed.
  void Invalidate() { version_.fetch_add(1, std::memory_order_release); }

 private:
  void Reload(uint64_t version);

  BucketStore& store_;
  std::atomic<uint64_t> version_{1};
  std::shared_mutex mu_;
  uint64_t loaded_ = 0;  // GUARDED_BY(mu_)
  std::unordered_map<std::string, std::shared_ptr<const auth::policy::CompiledPolicy>>
      by_bucket_;  // GUARDED_BY(mu_)
};

}  // namespace berth::services::s3
