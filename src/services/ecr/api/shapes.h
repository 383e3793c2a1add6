#pragma once
// ECR's wire shapes (botocore's ecr/2015-09-21 model): Document → typed inputs, with the
// checks AWS makes on them, and domain values → output Documents with AWS's member names.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/document.h"
#include "core/result.h"
#include "pipeline/operation.h"
#include "services/ecr/model/types.h"
#include "services/ecr/store/ecr_store.h"

namespace berth::services::ecr {

struct RepositoryRef {
  std::optional<std::string> registry_id;
  std::string name;
};

struct ImageId {
  std::optional<std::string> digest;
  std::optional<std::string> tag;
};

struct Page {
  std::optional<std::string> next_token;
  int64_t max_results = 100;
};

struct CreateRepositoryInput {
  RepositoryRef repo;
  std::map<std::string, std::string> tags;
  TagMutability mutability = TagMutability::kMutable;
  std::vector<std::string> mutability_exclusions;
  bool scan_on_push = false;
  std::string encryption_type = "AES256";
  std::optional<std::string> kms_key;
};
struct DescribeRepositoriesInput {
  std::optional<std::string> registry_id;
  std::optional<std::vector<std::string>> names;
  Page page;
};
struct DeleteRepositoryInput {
  RepositoryRef repo;
  bool force = false;
};
struct PutImageTagMutabilityInput {
  RepositoryRef repo;
  TagMutability mutability = TagMutability::kMutable;
  std::vector<std::string> mutability_exclusions;
};
struct PutImageScanningConfigurationInput {
  RepositoryRef repo;
  bool scan_on_push = false;
};
struct TagResourceInput {
  std::string arn;
  std::map<std::string, std::string> tags;
};
struct UntagResourceInput {
  std::string arn;
  std::vector<std::string> keys;
};
struct SetRepositoryPolicyInput {
  RepositoryRef repo;
  std::string policy_text;
};
struct PutLifecyclePolicyInput {
  RepositoryRef repo;
  std::string policy_text;
};
struct StartLifecyclePolicyPreviewInput {
  RepositoryRef repo;
  std::optional<std::string> policy_text;  // the repository's policy when absent
};
struct GetLifecyclePolicyPreviewInput {
  RepositoryRef repo;
  std::optional<std::vector<ImageId>> ids;
  Page page;
  TagStatus filter = TagStatus::kAny;
};
struct ListImagesInput {
  RepositoryRef repo;
  Page page;
  TagStatus filter = TagStatus::kAny;
};
struct DescribeImagesInput {
  RepositoryRef repo;
  std::optional<std::vector<ImageId>> ids;
  Page page;
  TagStatus filter = TagStatus::kAny;
};
struct BatchGetImageInput {
  RepositoryRef repo;
  std::vector<ImageId> ids;
  std::optional<std::vector<std::string>> accepted_media_types;
};
struct BatchDeleteImageInput {
  RepositoryRef repo;
  std::vector<ImageId> ids;
};
struct PutImageInput {
  RepositoryRef repo;
  std::string manifest;
  std::optional<std::string> media_type;
  std::optional<std::string> tag;
  std::optional<std::string> digest;
};
struct BatchCheckLayerAvailabilityInput {
  RepositoryRef repo;
  std::vector<std::string> digests;
};
struct UploadLayerPartInput {
  RepositoryRef repo;
  std::string upload_id;
  int64_t first_byte = 0;
  int64_t last_byte = 0;
  std::string blob;
};
struct CompleteLayerUploadInput {
  RepositoryRef repo;
  std::string upload_id;
  std::vector<std::string> digests;
};
struct GetDownloadUrlForLayerInput {
  RepositoryRef repo;
  std::string digest;
};

// Decoders: SerializationException for wrong types, InvalidParameterException /
// ValidationException for values AWS refuses.
Result<RepositoryRef> DecodeRepositoryRef(const Document& in);
Result<CreateRepositoryInput> DecodeCreateRepository(const Document& in);
Result<DescribeRepositoriesInput> DecodeDescribeRepositories(const Document& in);
Result<DeleteRepositoryInput> DecodeDeleteRepository(const Document& in);
Result<PutImageTagMutabilityInput> DecodePutImageTagMutability(const Document& in);
Result<PutImageScanningConfigurationInput> DecodePutImageScanningConfiguration(
    const Document& in);
Result<TagResourceInput> DecodeTagResource(const Document& in);
Result<UntagResourceInput> DecodeUntagResource(const Document& in);
Result<std::string> DecodeResourceArn(const Document& in);
Result<SetRepositoryPolicyInput> DecodeSetRepositoryPolicy(const Document& in);
Result<PutLifecyclePolicyInput> DecodePutLifecyclePolicy(const Document& in);
Result<std::string> DecodePutRegistryPolicy(const Document& in);  // its policyText
Result<StartLifecyclePolicyPreviewInput> DecodeStartLifecyclePolicyPreview(const Document& in);
Result<GetLifecyclePolicyPreviewInput> DecodeGetLifecyclePolicyPreview(const Document& in);
Result<ListImagesInput> DecodeListImages(const Document& in);
Result<DescribeImagesInput> DecodeDescribeImages(const Document& in);
Result<BatchGetImageInput> DecodeBatchGetImage(const Document& in);
Result<BatchDeleteImageInput> DecodeBatchDeleteImage(const Document& in);
Result<PutImageInput> DecodePutImage(const Document& in);
Result<BatchCheckLayerAvailabilityInput> DecodeBatchCheckLayerAvailability(const Document& in);
Result<UploadLayerPartInput> DecodeUploadLayerPart(const Document& in);
Result<CompleteLayerUploadInput> DecodeCompleteLayerUpload(const Document& in);
Result<GetDownloadUrlForLayerInput> DecodeGetDownloadUrlForLayer(const Document& in);

// Encoders.
Document EncodeRepository(const Repository& repo, const pipeline::CallContext& ctx);
Document EncodeImageId(const ImageId& id);
Document EncodeImageDetail(const Image& image, const Repository& repo);
Document EncodeTags(const std::map<std::string, std::string>& tags);
// imageTagMutabilityExclusionFilters: [{"filterType":"WILDCARD","filter":…}, …].
Document EncodeMutabilityExclusions(const std::vector<std::string>& filters);

// Opaque pagination tokens: base64url of a kind and the last key returned.
std::string EncodePageToken(std::string_view kind, std::string_view last_key);
// The last key of a token of `kind`; InvalidParameterException otherwise.
Result<std::string> DecodePageToken(std::string_view kind, const std::string& token);

}  // namespace berth::services::ecr
