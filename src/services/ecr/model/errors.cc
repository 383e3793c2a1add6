#include "services/ecr/model/errors.h"

#include <string>

namespace berth::services::ecr::errors {
namespace {

Error E(const char* code, std::string message, int status = 400) {
  return Error{code, std::move(message), status};
}

std::string InRegistry(std::string_view name, std::string_view registry) {
  return "The repository with name '" + std::string(name) + "' " +
         "%s in the registry with id '" + std::string(registry) + "'";
}

std::string Fill(std::string text, const char* verb) {
  return text.replace(text.find("%s"), 2, verb);
}

}  // namespace

Error RepositoryNotFound(std::string_view name, std::string_view registry) {
  return E("RepositoryNotFoundException", Fill(InRegistry(name, registry), "does not exist"));
}
Error RepositoryAlreadyExists(std::string_view name, std::string_view registry) {
  return E("RepositoryAlreadyExistsException", Fill(InRegistry(name, registry), "already exists"));
}
Error RepositoryNotEmpty(std::string_view name, std::string_view registry) {
  return E("RepositoryNotEmptyException",
           "The repository with name '" + std::string(name) + "' in registry with id '" +
               std::string(registry) + "' cannot be deleted because it still contains images");
}
Error RepositoryPolicyNotFound(std::string_view name, std::string_view registry) {
  return E("RepositoryPolicyNotFoundException",
           "Repository policy does not exist for the repository with name '" + std::string(name) +
               "' in the registry with id '" + std::string(registry) + "'");
}
Error LifecyclePolicyNotFound(std::string_view name, std::string_view registry) {
  return E("LifecyclePolicyNotFoundException",
           "Lifecycle policy does not exist for the repository with name '" + std::string(name) +
               "' in the registry with id '" + std::string(registry) + "'");
}
Error RegistryPolicyNotFound(std::string_view registry) {
  return E("RegistryPolicyNotFoundException",
           "Registry policy does not exist in the registry with id '" + std::string(registry) +
               "'");
}
Error LifecyclePolicyPreviewNotFound(std::string_view name, std::string_view registry) {
  return E("LifecyclePolicyPreviewNotFoundException",
           "Lifecycle policy preview does not exist for the repository with name '" +
               std::string(name) + "' in the registry with id '" + std::string(registry) + "'");
}
Error InvalidParameter(std::string_view message) {
  return E("InvalidParameterException", std::string(message));
}
Error ImageNotFound(std::string_view message) {
  return E("ImageNotFoundException", std::string(message));
}
Error ImageAlreadyExists(std::string_view message) {
  return E("ImageAlreadyExistsException", std::string(message));
}
Error ImageTagAlreadyExists(std::string_view tag, std::string_view repository) {
  return E("ImageTagAlreadyExistsException",
           "The image tag '" + std::string(tag) + "' already exists in the '" +
               std::string(repository) + "' repository and cannot be overwritten because the "
               "repository is immutable.");
}
Error ImageDigestDoesNotMatch(std::string_view given, std::string_view actual) {
  return E("ImageDigestDoesNotMatchException",
           "Invalid parameter at 'imageDigest' failed to satisfy constraint: 'The provided image "
           "digest " + std::string(given) + " does not match the calculated image digest " +
               std::string(actual) + "'");
}
Error LayersNotFound(std::string_view message) {
  return E("LayersNotFoundException", std::string(message));
}
Error ReferencedImagesNotFound(std::string_view message) {
  return E("ReferencedImagesNotFoundException", std::string(message));
}
Error LayerInaccessible(std::string_view message) {
  return E("LayerInaccessibleException", std::string(message));
}
Error InvalidLayer(std::string_view message) {
  return E("InvalidLayerException", std::string(message));
}
Error InvalidLayerPart(std::string_view message) {
  return E("InvalidLayerPartException", std::string(message));
}
Error UploadNotFound(std::string_view upload_id) {
  return E("UploadNotFoundException",
           "Upload with id '" + std::string(upload_id) + "' does not exist");
}
Error EmptyUpload(std::string_view upload_id) {
  return E("EmptyUploadException",
           "The upload with id '" + std::string(upload_id) + "' contains no data");
}
Error LayerAlreadyExists(std::string_view digest, std::string_view repository) {
  return E("LayerAlreadyExistsException",
           "Layer " + std::string(digest) + " already exists in the repository with name '" +
               std::string(repository) + "'");
}
Error InvalidTagParameter(std::string_view message) {
  return E("InvalidTagParameterException", std::string(message));
}
Error TooManyTags(std::string_view message) {
  return E("TooManyTagsException", std::string(message));
}
Error LimitExceeded(std::string_view message) {
  return E("LimitExceededException", std::string(message));
}
Error ServerException(std::string_view message) {
  return E("ServerException", std::string(message), 500);
}

}  // namespace berth::services::ecr::errors
