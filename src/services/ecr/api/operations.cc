#include "services/ecr/api/operations.h"

#include "services/ecr/api/shapes.h"
#include "services/ecr/handlers/handlers.h"

namespace berth::services::ecr {
namespace {

using pipeline::CallContext;
using pipeline::OperationSpec;
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

// The repository named by repositoryName (and registryId), for the audit record.
std::vector<ResourceRef> RepositoryResource(const CallContext& ctx, const Document& in,
                                            const Document*) {
  const Document* name = in.Find("repositoryName");
  if (name == nullptr || !name->is_string()) return {};
  const Document* registry = in.Find("registryId");
  const std::string account = registry != nullptr && registry->is_string()
                                  ? registry->as_string()
                                  : ctx.principal.account_id;
  return {{"AWS::ECR::Repository", RepositoryArn(ctx.region, account, name->as_string())}};
}

std::vector<ResourceRef> ArnResource(const CallContext&, const Document& in, const Document*) {
  const Document* arn = in.Find("resourceArn");
  if (arn == nullptr || !arn->is_string()) return {};
  return {{"AWS::ECR::Repository", arn->as_string()}};
}

constexpr size_t kDefaultLimit = 1 << 20;
// UploadLayerPart carries a part as base64 (4/3 larger) plus the JSON around it: room for the
// 10 MiB parts ECR advertises and for clients that send somewhat larger ones.
constexpr size_t kUploadPartLimit = 25 << 20;

OperationSpec Op(std::string name, bool read_only, pipeline::Handler handler,
                 std::vector<std::string> logged_request,
                 std::vector<std::string> logged_response = {},
                 pipeline::ResourceFinder resources = RepositoryResource,
                 size_t max_bytes = kDefaultLimit) {
  return OperationSpec{.name = std::move(name),
                       .read_only = read_only,
                       .handler = std::move(handler),
                       .logged_request_fields = std::move(logged_request),
                       .logged_response_fields = std::move(logged_response),
                       .resources = std::move(resources),
                       .max_request_bytes = max_bytes};
}

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
  spec.protocol = pipeline::Protocol::kAwsJson11;
  spec.json_target_prefix = "AmazonEC2ContainerRegistry_V20150921";
  spec.operations = {
      Op("CreateRepository", false, Bind(s, DecodeCreateRepository, h::CreateRepository),
         with({"tags", "imageTagMutability", "imageScanningConfiguration",
               "encryptionConfiguration"}),
         {"repository"}),
      Op("DescribeRepositories", true,
         Bind(s, DecodeDescribeRepositories, h::DescribeRepositories),
         {"registryId", "repositoryNames", "maxResults", "nextToken"}, {}, nullptr),
      Op("DeleteRepository", false, Bind(s, DecodeDeleteRepository, h::DeleteRepository),
         with({"force"}), {"repository"}),
      Op("PutImageTagMutability", false,
         Bind(s, DecodePutImageTagMutability, h::PutImageTagMutability),
         with({"imageTagMutability"}), {"imageTagMutability"}),
      Op("PutImageScanningConfiguration", false,
         Bind(s, DecodePutImageScanningConfiguration, h::PutImageScanningConfiguration),
         with({"imageScanningConfiguration"}), {"imageScanningConfiguration"}),
      Op("TagResource", false, Bind(s, DecodeTagResource, h::TagResource),
         {"resourceArn", "tags"}, {}, ArnResource),
      Op("UntagResource", false, Bind(s, DecodeUntagResource, h::UntagResource),
         {"resourceArn", "tagKeys"}, {}, ArnResource),
      Op("ListTagsForResource", true,
         Bind(s, DecodeResourceArn, h::ListTagsForResource), {"resourceArn"}, {}, ArnResource),
      Op("SetRepositoryPolicy", false, Bind(s, DecodeSetRepositoryPolicy, h::SetRepositoryPolicy),
         with({"policyText", "force"}), {"policyText"}),
      Op("GetRepositoryPolicy", true, Bind(s, DecodeRepositoryRef, h::GetRepositoryPolicy), kRepo),
      Op("DeleteRepositoryPolicy", false,
         Bind(s, DecodeRepositoryRef, h::DeleteRepositoryPolicy), kRepo, {"policyText"}),
      Op("PutLifecyclePolicy", false, Bind(s, DecodePutLifecyclePolicy, h::PutLifecyclePolicy),
         with({"lifecyclePolicyText"}), {"lifecyclePolicyText"}),
      Op("GetLifecyclePolicy", true, Bind(s, DecodeRepositoryRef, h::GetLifecyclePolicy), kRepo),
      Op("DeleteLifecyclePolicy", false,
         Bind(s, DecodeRepositoryRef, h::DeleteLifecyclePolicy), kRepo, {"lifecyclePolicyText"}),
      Op("DescribeRegistry", true, BindNoInput(s, h::DescribeRegistry), {}, {}, nullptr),
      // The token is a credential: it is never recorded.
      Op("GetAuthorizationToken", true, BindNoInput(s, h::GetAuthorizationToken),
         {"registryIds"}, {}, nullptr),
      Op("ListImages", true, Bind(s, DecodeListImages, h::ListImages),
         with({"filter", "maxResults", "nextToken"})),
      Op("DescribeImages", true, Bind(s, DecodeDescribeImages, h::DescribeImages),
         with({"imageIds", "filter", "maxResults", "nextToken"})),
      Op("BatchGetImage", true, Bind(s, DecodeBatchGetImage, h::BatchGetImage),
         with({"imageIds", "acceptedMediaTypes"})),
      Op("BatchDeleteImage", false, Bind(s, DecodeBatchDeleteImage, h::BatchDeleteImage),
         with({"imageIds"}), {"imageIds", "failures"}),
      Op("PutImage", false, Bind(s, DecodePutImage, h::PutImage),
         with({"imageManifest", "imageManifestMediaType", "imageTag", "imageDigest"}),
         {"image"}),
      Op("BatchCheckLayerAvailability", true,
         Bind(s, DecodeBatchCheckLayerAvailability, h::BatchCheckLayerAvailability),
         with({"layerDigests"})),
      Op("InitiateLayerUpload", false, Bind(s, DecodeRepositoryRef, h::InitiateLayerUpload),
         kRepo, {"uploadId", "partSize"}),
      // Layer bytes are payload, never recorded.
      Op("UploadLayerPart", false, Bind(s, DecodeUploadLayerPart, h::UploadLayerPart),
         with({"uploadId", "partFirstByte", "partLastByte"}), {"uploadId", "lastByteReceived"},
         RepositoryResource, kUploadPartLimit),
      Op("CompleteLayerUpload", false, Bind(s, DecodeCompleteLayerUpload, h::CompleteLayerUpload),
         with({"uploadId", "layerDigests"}), {"uploadId", "layerDigest"}),
      Op("GetDownloadUrlForLayer", true,
         Bind(s, DecodeGetDownloadUrlForLayer, h::GetDownloadUrlForLayer),
         with({"layerDigest"})),
  };
  return spec;
}

}  // namespace berth::services::ecr
