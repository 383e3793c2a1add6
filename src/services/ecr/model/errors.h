#pragma once
// Amazon ECR's errors, one factory each, with AWS's codes and messages (all 400 but
// ServerException).

#include <string_view>

#include "core/result.h"

namespace berth::services::ecr::errors {

Error RepositoryNotFound(std::string_view name, std::string_view registry);
Error RepositoryAlreadyExists(std::string_view name, std::string_view registry);
Error RepositoryNotEmpty(std::string_view name, std::string_view registry);
Error RepositoryPolicyNotFound(std::string_view name, std::string_view registry);
Error LifecyclePolicyNotFound(std::string_view name, std::string_view registry);
Error RegistryPolicyNotFound(std::string_view registry);
Error LifecyclePolicyPreviewNotFound(std::string_view name, std::string_view registry);
Error InvalidParameter(std::string_view message);
Error ImageNotFound(std::string_view message);
Error ImageAlreadyExists(std::string_view message);
Error ImageTagAlreadyExists(std::string_view tag, std::string_view repository);
Error ImageDigestDoesNotMatch(std::string_view given, std::string_view actual);
Error LayersNotFound(std::string_view message);
// A manifest list / index names manifests the repository does not hold.
Error ReferencedImagesNotFound(std::string_view message);
Error LayerInaccessible(std::string_view message);
Error InvalidLayer(std::string_view message);
Error InvalidLayerPart(std::string_view message);
Error UploadNotFound(std::string_view upload_id);
Error EmptyUpload(std::string_view upload_id);
Error LayerAlreadyExists(std::string_view digest, std::string_view repository);
Error InvalidTagParameter(std::string_view message);
Error TooManyTags(std::string_view message);
// A service quota (ECR's LimitExceededException, 400).
Error LimitExceeded(std::string_view message);
Error ServerException(std::string_view message);

}  // namespace berth::services::ecr::errors
