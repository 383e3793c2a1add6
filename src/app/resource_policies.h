#pragma once
// The resource-based policies the authorizer consults, by the ARN's service: ECR repository
// policies (arn:aws:ecr:…:repository/NAME), S3 bucket policies (arn:aws:s3:::BUCKET and
// every object in it) and CloudWatch Logs resource policies (every arn:aws:logs:REGION:ACCOUNT
// resource: account-scoped policies cover all of the account's log groups there). Each source
// keeps its own policies compiled; this only routes.

#include <memory>
#include <string_view>

#include "services/iam/authorizer/resource_policies.h"
#include "services/logs/policies/logs_resource_policies.h"
#include "services/s3/bucket_policies.h"

namespace berth::app {

class ResourcePolicies final : public services::iam::ResourcePolicySource {
 public:
  // All borrowed.
  ResourcePolicies(services::iam::EcrRepositoryPolicies& repositories,
                   services::s3::BucketPolicies& buckets,
                   services::logs::LogsResourcePolicies& logs)
      : repositories_(repositories), buckets_(buckets), logs_(logs) {}

  std::shared_ptr<const auth::policy::CompiledPolicy> Find(std::string_view arn) override {
    if (arn.rfind("arn:aws:s3:::", 0) == 0) return buckets_.FindByArn(arn);
    if (arn.rfind("arn:aws:logs:", 0) == 0) return logs_.FindByArn(arn);
    return repositories_.Find(arn);
  }

 private:
  services::iam::EcrRepositoryPolicies& repositories_;
  services::s3::BucketPolicies& buckets_;
  services::logs::LogsResourcePolicies& logs_;
};

}  // namespace berth::app
