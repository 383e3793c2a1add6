#include "services/iam/model/errors.h"

namespace berth::services::iam::errors {

Error NoSuchEntity(std::string message) { return {"NoSuchEntity", std::move(message), 404}; }

Error NoSuchUser(std::string_view name) {
  return NoSuchEntity("The user with name " + std::string(name) + " cannot be found.");
}

Error NoSuchGroup(std::string_view name) {
  return NoSuchEntity("The group with name " + std::string(name) + " cannot be found.");
}

Error NoSuchPolicy(std::string_view arn) {
  return NoSuchEntity("Policy " + std::string(arn) + " does not exist or is not attachable.");
}

Error NoSuchPolicyVersion(std::string_view arn, std::string_view version_id) {
  return NoSuchEntity("Policy " + std::string(arn) + " version " + std::string(version_id) +
                      " does not exist or is not attachable.");
}

Error NoSuchInlinePolicy(std::string_view owner_kind, std::string_view /*owner*/,
                         std::string_view policy_name) {
  return NoSuchEntity("The " + std::string(owner_kind) + " policy with name " +
                      std::string(policy_name) + " cannot be found.");
}

Error EntityAlreadyExists(std::string message) {
  return {"EntityAlreadyExists", std::move(message), 409};
}

Error DeleteConflict(std::string message) { return {"DeleteConflict", std::move(message), 409}; }

Error LimitExceeded(std::string message) { return {"LimitExceeded", std::move(message), 409}; }

Error Validation(std::string message) { return {"ValidationError", std::move(message), 400}; }

Error InvalidInput(std::string message) { return {"InvalidInput", std::move(message), 400}; }

}  // namespace berth::services::iam::errors
