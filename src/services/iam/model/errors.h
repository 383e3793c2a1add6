#pragma once
// IAM's errors, as AWS names and words them (query protocol: <Error><Code>…).

#include <string>
#include <string_view>

#include "core/result.h"

namespace berth::services::iam::errors {

// 404 NoSuchEntity: "The user with name X cannot be found.", "The group with name X cannot
// be found.", "Policy arn:… does not exist or is not attachable.", …
Error NoSuchEntity(std::string message);
Error NoSuchUser(std::string_view name);
Error NoSuchGroup(std::string_view name);
Error NoSuchPolicy(std::string_view arn);
Error NoSuchPolicyVersion(std::string_view arn, std::string_view version_id);
Error NoSuchInlinePolicy(std::string_view owner_kind, std::string_view owner,
                         std::string_view policy_name);
// 409 EntityAlreadyExists.
Error EntityAlreadyExists(std::string message);
// 409 DeleteConflict.
Error DeleteConflict(std::string message);
// 409 LimitExceeded.
Error LimitExceeded(std::string message);
// 400 ValidationError.
Error Validation(std::string message);
// 400 InvalidInput.
Error InvalidInput(std::string message);

}  // namespace berth::services::iam::errors
