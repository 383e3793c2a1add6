#include "services/ecr/api/operations.h"

#include "services/ecr/api/shapes.h"
#include "services/ecr/handlers/handlers.h"

namespace berth::services::ecr {
namespace {

using pipeline::CallContext;
using pipeline::ResourceRef;

// Decodes the input, then calls the handler with it.
template <class In>
pipeline::Handler Bind(EcrService& s, Result<In> (*decode)(const Document&),
                       Result<Document> (*handler)(EcrService&, CallContext&, const In&)) {
  return [&s, decode, handler](CallContext& ctx, const Document& input) -> Result<Document> {
    BERTH_ASSIGN_OR_RETURN(In in, decode(input));
    return handler(s, ctx, in);
  };
}

pipeline::Handler BindNoInput(EcrService& s,
                              Result<Document> (*handler)(EcrService&, CallContext&)) {
  return [&s, handler](CallContext& ctx, const Document&) { return handler(s, ctx); };
}

// The repository named by repositoryName, or each of repositoryNames (DescribeRepositories),
// in the registry registryId names (default: the caller's): for the audit record, and what the
// action is authorized on, so another account's repository is reached only when its policy
// grants the caller.
std::vector<ResourceRef> RepositoryResource(const CallContext& ctx, const Document& in,
                                            const Document*) {
  const Document* registry = in.Find("registryId");
  const std::string account = registry != nullptr && registry->is_string()
                                  ? registry->as_string()
                                  : ctx.principal.account_id;
  std::vector<ResourceRef> out;
  if (const Document* name = in.Find("repositoryName"); name != nullptr && name->is_string()) {
    out.push_back({"AWS::ECR::Repository", RepositoryArn(ctx.region, account, name->as_string())});
  } else if (const Document* names = in.Find("repositoryNames");
             names != nullptr && names->is_list()) {
    for (const Document& n : names->as_list()) {
      if (n.is_string()) {
        out.push_back({"AWS::ECR::Repository", RepositoryArn(ctx.region, account, n.as_string())});
      }
    }
  }
  return out;
}

std::vector<ResourceRef> ArnResource(const CallContext&, const Document& in, const Document*) {
  const Document* arn = in.Find("resourceArn");
  if (arn == nullptr || !arn->is_string()) return {};
  return {{"AWS::ECR::Repository", arn->as_string()}};
}

// UploadLayerPart carries a part as base64 (4/3 larger) plus the JSON around it: room for the
// 10 MiB parts ECR advertises and for clients that send somewhat larger ones.
constexpr size_t kUploadPartLimit = 25 << 20;

}  // namespace

pipeline::ServiceSpec MakeEcrService(EcrService& s) {
  namespace h = handlers;
  const std::vector<std::string> kRepo = {"registryId", "repositoryName"};
  auto with = [&](std::initializer_list<std::string> more) {
    std::vector<std::string> out = kRepo;
    out.insert(out.end(), more);
    return out;
  };
  pipeline::ServiceSpec spec;
  spec.name = "ecr";
  spec.event_source = "ecr.amazonaws.com";
  spec.display_name = "ECR";
  spec.protocol = pipeline::Protocol::kAwsJson11;
  spec.json_target_prefix = "AmazonEC2ContainerRegistry_V20150921";
  spec.operations = {
      {.name = "CreateRepository",
       .read_only = false,
       .handler = Bind(s, DecodeCreateRepository, h::CreateRepository),
       .logged_request_fields = with({"tags", "imageTagMutability",
                                      "imageTagMutabilityExclusionFilters",
                                      "imageScanningConfiguration", "encryptionConfiguration"}),
       .logged_response_fields = {"repository"},
       .resources = RepositoryResource},
      {.name = "DescribeRepositories",
       .read_only = true,
       .handler = Bind(s, DecodeDescribeRepositories, h::DescribeRepositories),
       .logged_request_fields = {"registryId", "repositoryNames", "maxResults", "nextToken"},
       // Each repository named, so another account's is described only as its policy grants.
       .resources = RepositoryResource},
      {.name = "DeleteRepository",
       .read_only = false,
       .handler = Bind(s, DecodeDeleteRepository, h::DeleteRepository),
       .logged_request_fields = with({"force"}),
       .logged_response_fields = {"repository"},
       .resources = RepositoryResource},
      {.name = "PutImageTagMutability",
       .read_only = false,
       .handler = Bind(s, DecodePutImageTagMutability, h::PutImageTagMutability),
       .logged_request_fields =
           with({"imageTagMutability", "imageTagMutabilityExclusionFilters"}),
       .logged_response_fields = {"imageTagMutability", "imageTagMutabilityExclusionFilters"},
       .resources = RepositoryResource},
      {.name = "PutImageScanningConfiguration",
       .read_only = false,
       .handler = Bind(s, DecodePutImageScanningConfiguration, h::PutImageScanningConfiguration),
       .logged_request_fields = with({"imageScanningConfiguration"}),
       .logged_response_fields = {"imageScanningConfiguration"},
       .resources = RepositoryResource},
      {.name = "TagResource",
       .read_only = false,
       .handler = Bind(s, DecodeTagResource, h::TagResource),
       .logged_request_fields = {"resourceArn", "tags"},
       .resources = ArnResource},
      {.name = "UntagResource",
       .read_only = false,
       .handler = Bind(s, DecodeUntagResource, h::UntagResource),
       .logged_request_fields = {"resourceArn", "tagKeys"},
       .resources = ArnResource},
      {.name = "ListTagsForResource",
       .read_only = true,
       .handler = Bind(s, DecodeResourceArn, h::ListTagsForResource),
       .logged_request_fields = {"resourceArn"},
       .resources = ArnResource},
      {.name = "SetRepositoryPolicy",
       .read_only = false,
       .handler = Bind(s, DecodeSetRepositoryPolicy, h::SetRepositoryPolicy),
       .logged_request_fields = with({"policyText", "force"}),
       .logged_response_fields = {"policyText"},
       .resources = RepositoryResource},
      {.name = "GetRepositoryPolicy",
       .read_only = true,
       .handler = Bind(s, DecodeRepositoryRef, h::GetRepositoryPolicy),
       .logged_request_fields = kRepo,
       .resources = RepositoryResource},
      {.name = "DeleteRepositoryPolicy",
       .read_only = false,
       .handler = Bind(s, DecodeRepositoryRef, h::DeleteRepositoryPolicy),
       .logged_request_fields = kRepo,
       .logged_response_fields = {"policyText"},
       .resources = RepositoryResource},
      {.name = "PutLifecyclePolicy",
       .read_only = false,
       .handler = Bind(s, DecodePutLifecyclePolicy, h::PutLifecyclePolicy),
       .logged_request_fields = with({"lifecyclePolicyText"}),
       .logged_response_fields = {"lifecyclePolicyText"},
       .resources = RepositoryResource},
      {.name = "GetLifecyclePolicy",
       .read_only = true,
       .handler = Bind(s, DecodeRepositoryRef, h::GetLifecyclePolicy),
       .logged_request_fields = kRepo,
       .resources = RepositoryResource},
      {.name = "DeleteLifecyclePolicy",
       .read_only = false,
       .handler = Bind(s, DecodeRepositoryRef, h::DeleteLifecyclePolicy),
       .logged_request_fields = kRepo,
       .logged_response_fields = {"lifecyclePolicyText"},
       .resources = RepositoryResource},
      {.name = "StartLifecyclePolicyPreview",
       .read_only = false,
       .handler = Bind(s, DecodeStartLifecyclePolicyPreview, h::StartLifecyclePolicyPreview),
       .logged_request_fields = with({"lifecyclePolicyText"}),
       .logged_response_fields = {"status"},
       .resources = RepositoryResource},
      {.name = "GetLifecyclePolicyPreview",
       .read_only = true,
       .handler = Bind(s, DecodeGetLifecyclePolicyPreview, h::GetLifecyclePolicyPreview),
       .logged_request_fields = with({"imageIds", "filter", "maxResults", "nextToken"}),
       .resources = RepositoryResource},
      {.name = "PutRegistryPolicy",
       .read_only = false,
       .handler = Bind(s, DecodePutRegistryPolicy, h::PutRegistryPolicy),
       .logged_request_fields = {"policyText"},
       .logged_response_fields = {"registryId", "policyText"}},
      {.name = "GetRegistryPolicy",
       .read_only = true,
       .handler = BindNoInput(s, h::GetRegistryPolicy)},
      {.name = "DeleteRegistryPolicy",
       .read_only = false,
       .handler = BindNoInput(s, h::DeleteRegistryPolicy),
       .logged_response_fields = {"registryId", "policyText"}},
      {.name = "DescribeRegistry",
       .read_only = true,
       .handler = BindNoInput(s, h::DescribeRegistry)},
      // The token is a credential: it is never recorded.
      {.name = "GetAuthorizationToken",
       .read_only = true,
       .handler = BindNoInput(s, h::GetAuthorizationToken),
       .logged_request_fields = {"registryIds"}},
      {.name = "ListImages",
       .read_only = true,
       .handler = Bind(s, DecodeListImages, h::ListImages),
       .logged_request_fields = with({"filter", "maxResults", "nextToken"}),
       .resources = RepositoryResource},
      {.name = "DescribeImages",
       .read_only = true,
       .handler = Bind(s, DecodeDescribeImages, h::DescribeImages),
       .logged_request_fields = with({"imageIds", "filter", "maxResults", "nextToken"}),
       .resources = RepositoryResource},
      {.name = "BatchGetImage",
       .read_only = true,
       .handler = Bind(s, DecodeBatchGetImage, h::BatchGetImage),
       .logged_request_fields = with({"imageIds", "acceptedMediaTypes"}),
       .resources = RepositoryResource},
      {.name = "BatchDeleteImage",
       .read_only = false,
       .handler = Bind(s, DecodeBatchDeleteImage, h::BatchDeleteImage),
       .logged_request_fields = with({"imageIds"}),
       .logged_response_fields = {"imageIds", "failures"},
       .resources = RepositoryResource},
      {.name = "PutImage",
       .read_only = false,
       .handler = Bind(s, DecodePutImage, h::PutImage),
       .logged_request_fields =
           with({"imageManifest", "imageManifestMediaType", "imageTag", "imageDigest"}),
       .logged_response_fields = {"image"},
       .resources = RepositoryResource},
      {.name = "BatchCheckLayerAvailability",
       .read_only = true,
       .handler = Bind(s, DecodeBatchCheckLayerAvailability, h::BatchCheckLayerAvailability),
       .logged_request_fields = with({"layerDigests"}),
       .resources = RepositoryResource},
      {.name = "InitiateLayerUpload",
       .read_only = false,
       .handler = Bind(s, DecodeRepositoryRef, h::InitiateLayerUpload),
       .logged_request_fields = kRepo,
       .logged_response_fields = {"uploadId", "partSize"},
       .resources = RepositoryResource},
      // Layer bytes are payload, never recorded.
      {.name = "UploadLayerPart",
       .read_only = false,
       .handler = Bind(s, DecodeUploadLayerPart, h::UploadLayerPart),
       .logged_request_fields = with({"uploadId", "partFirstByte", "partLastByte"}),
       .logged_response_fields = {"uploadId", "lastByteReceived"},
       .resources = RepositoryResource,
       .max_request_bytes = kUploadPartLimit},
      {.name = "CompleteLayerUpload",
       .read_only = false,
       .handler = Bind(s, DecodeCompleteLayerUpload, h::CompleteLayerUpload),
       .logged_request_fields = with({"uploadId", "layerDigests"}),
       .logged_response_fields = {"uploadId", "layerDigest"},
       .resources = RepositoryResource},
      {.name = "GetDownloadUrlForLayer",
       .read_only = true,
       .handler = Bind(s, DecodeGetDownloadUrlForLayer, h::GetDownloadUrlForLayer),
       .logged_request_fields = with({"layerDigest"}),
       .resources = RepositoryResource},
  };
  return spec;
}

}  // namespace berth::services::ecr
