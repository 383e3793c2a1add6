#pragma once
// The resource-based policies the authorizer consults, by the ARN's service: ECR repository
// policies (arn:aws:ecr:…:repository/NAME) and S3 bucket policies (arn:aws:s3:::BUCKET and
// every object in it). Each source keeps its own policies compiled; this only routes.

#include <memory>
#include <string_view>

#include "services/iam/authorizer/resource_policies.h"
#include "services/s3/bucket_policies.h"

namespace berth::app {

class ResourcePolicies final : public services::iam::ResourcePolicySource {
 public:
  // Both borrowed.
  ResourcePolicies(services::iam::EcrRepositoryPolicies& repositories,
                   services::s3::BucketPolicies& buckets)
      : repositories_(repositories), buckets_(buckets) {}

  std::shared_ptr<const auth::policy::CompiledPolicy> Find(std::string_view arn) override {
    if (arn.rfind("arn:aws:s3:::", 0) == 0) return buckets_.FindByArn(arn);
    return repositories_.Find(arn);
  }

 private:
  services::iam::EcrRepositoryPolicies& repositories_;
  services::s3::BucketPolicies& buckets_;
};

}  // namespace berth::app
