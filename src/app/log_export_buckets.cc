#include "app/log_export_buckets.h"

#include "auth/policy/evaluator.h"

namespace berth::app {

Result<std::optional<std::string>> LogExportBuckets::BucketOwner(std::string_view bucket) {
  return buckets_.BucketOwner(bucket);
}

Result<bool> LogExportBuckets::LogsMayAccess(const services::logs::LogsBucketAccess& access) {
  auto policy = policies_.Find(access.bucket);
  if (policy == nullptr) return false;
  BERTH_ASSIGN_OR_RETURN(auto owner, buckets_.BucketOwner(access.bucket));
  if (!owner) return false;
  namespace policy_ns = auth::policy;
  policy_ns::RequestContext context;
  context.Set("aws:SourceAccount", std::string(access.source_account));
  context.Set("aws:SourceArn", std::string(access.source_arn));
  if (access.action == "s3:PutObject") context.Set("s3:x-amz-acl", "bucket-owner-full-control");
  const std::string regional = "logs." + std::string(access.region) + ".amazonaws.com";
  bool allowed = false;
  for (const std::string& service : {regional, std::string("logs.amazonaws.com")}) {
    policy_ns::AuthorizationRequest request;
    request.action = access.action;
    request.resource = access.resource_arn;
    request.caller.service = service;
    request.context = &context;
    policy_ns::PolicySet policies;
    policies.resource_policy = policy.get();
    policies.resource_account = *owner;
    const policy_ns::Decision decision = policy_ns::Evaluate(request, policies);
    // A Deny naming either principal binds, whatever the other allows.
    if (decision.outcome == policy_ns::Outcome::kExplicitDeny) return false;
    allowed = allowed || decision.allowed();
  }
  return allowed;
}

Status LogExportBuckets::CallerMayPutObject(const pipeline::CallContext& ctx,
                                            std::string_view object_arn) {
  if (authorizer_ == nullptr) return Ok();
  const pipeline::ResourceRef object{"AWS::S3::Object", std::string(object_arn)};
  pipeline::AccessRequest request{.principal = ctx.principal,
                                  .action = "s3:PutObject",
                                  .resources = {&object, 1},
                                  .source_ip = ctx.source_ip,
                                  .now = ctx.now};
  auto denial = authorizer_->Check(request);
  if (!denial) return Ok();
  return Error{"AccessDeniedException", pipeline::DenialMessage(request, *denial), 400};
}

Status LogExportBuckets::PutObject(std::string_view bucket, std::string_view key,
                                   std::string_view bytes, std::string_view content_type) {
  services::s3::ObjectWrite how;
  how.content_type = std::string(content_type);
  return buckets_.PutObject(bucket, key, bytes, how);
}

}  // namespace berth::app
