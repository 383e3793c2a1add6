#pragma once
// ECR's operations: functions of the service, the call and a typed input, returning the
// output (built with api/shapes.h's encoders) or an AWS error. No wire, no SQL, no audit.

#include "core/document.h"
#include "core/result.h"
#include "pipeline/operation.h"
#include "services/ecr/api/shapes.h"
#include "services/ecr/ecr_service.h"

namespace berth::services::ecr::handlers {

using pipeline::CallContext;

// repositories.cc
Result<Document> CreateRepository(EcrService& s, CallContext& ctx, const CreateRepositoryInput& in);
Result<Document> DescribeRepositories(EcrService& s, CallContext& ctx,
                                      const DescribeRepositoriesInput& in);
Result<Document> DeleteRepository(EcrService& s, CallContext& ctx, const DeleteRepositoryInput& in);
Result<Document> PutImageTagMutability(EcrService& s, CallContext& ctx,
                                       const PutImageTagMutabilityInput& in);
Result<Document> PutImageScanningConfiguration(EcrService& s, CallContext& ctx,
                                               const PutImageScanningConfigurationInput& in);
Result<Document> DescribeRegistry(EcrService& s, CallContext& ctx);
Result<Document> GetAuthorizationToken(EcrService& s, CallContext& ctx);

// tags_policies.cc
Result<Document> TagResource(EcrService& s, CallContext& ctx, const TagResourceInput& in);
Result<Document> UntagResource(EcrService& s, CallContext& ctx, const UntagResourceInput& in);
Result<Document> ListTagsForResource(EcrService& s, CallContext& ctx, const std::string& arn);
Result<Document> SetRepositoryPolicy(EcrService& s, CallContext& ctx,
                                     const SetRepositoryPolicyInput& in);
Result<Document> GetRepositoryPolicy(EcrService& s, CallContext& ctx, const RepositoryRef& in);
Result<Document> DeleteRepositoryPolicy(EcrService& s, CallContext& ctx, const RepositoryRef& in);
Result<Document> PutLifecyclePolicy(EcrService& s, CallContext& ctx,
                                    const PutLifecyclePolicyInput& in);
Result<Document> GetLifecyclePolicy(EcrService& s, CallContext& ctx, const RepositoryRef& in);
Result<Document> DeleteLifecyclePolicy(EcrService& s, CallContext& ctx, const RepositoryRef& in);

// lifecycle_preview.cc
Result<Document> StartLifecyclePolicyPreview(EcrService& s, CallContext& ctx,
                                             const StartLifecyclePolicyPreviewInput& in);
Result<Document> GetLifecyclePolicyPreview(EcrService& s, CallContext& ctx,
                                           const GetLifecyclePolicyPreviewInput& in);

// registry_policy.cc
Result<Document> PutRegistryPolicy(EcrService& s, CallContext& ctx, const std::string& text);
Result<Document> GetRegistryPolicy(EcrService& s, CallContext& ctx);
Result<Document> DeleteRegistryPolicy(EcrService& s, CallContext& ctx);

// images.cc
Result<Document> ListImages(EcrService& s, CallContext& ctx, const ListImagesInput& in);
Result<Document> DescribeImages(EcrService& s, CallContext& ctx, const DescribeImagesInput& in);
Result<Document> BatchGetImage(EcrService& s, CallContext& ctx, const BatchGetImageInput& in);
Result<Document> BatchDeleteImage(EcrService& s, CallContext& ctx,
                                  const BatchDeleteImageInput& in);
Result<Document> PutImage(EcrService& s, CallContext& ctx, const PutImageInput& in);

// layers.cc
Result<Document> BatchCheckLayerAvailability(EcrService& s, CallContext& ctx,
                                             const BatchCheckLayerAvailabilityInput& in);
Result<Document> InitiateLayerUpload(EcrService& s, CallContext& ctx, const RepositoryRef& in);
Result<Document> UploadLayerPart(EcrService& s, CallContext& ctx, const UploadLayerPartInput& in);
Result<Document> CompleteLayerUpload(EcrService& s, CallContext& ctx,
                                     const CompleteLayerUploadInput& in);
Result<Document> GetDownloadUrlForLayer(EcrService& s, CallContext& ctx,
                                        const GetDownloadUrlForLayerInput& in);

}  // namespace berth::services::ecr::handlers
