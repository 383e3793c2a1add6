#pragma once
// Reading IAM's query parameters: every value arrives as a string; a missing required one is
// IAM's ValidationError naming the member as the model spells it (lower camel case).

#include <optional>
#include <string>
#include <string_view>

#include "core/document.h"
#include "core/result.h"

namespace berth::services::iam::handlers {

std::optional<std::string> Optional(const Document& in, std::string_view name);
Result<std::string> Required(const Document& in, std::string_view name);
// "true"/"false"; nullopt when absent. Errors: ValidationError.
Result<std::optional<bool>> OptionalBool(const Document& in, std::string_view name);
// PolicyArn: an AWS managed policy's or one of `account`'s own. Another account's customer
// managed policy does not exist for the caller (NoSuchEntity), as on AWS.
// Errors: ValidationError, NoSuchEntity.
Result<std::string> RequiredPolicyArn(const Document& in, std::string_view account);
// A policy name (managed or inline): up to 128 of IAM's name characters. Errors: ValidationError.
Status CheckPolicyName(std::string_view name);

}  // namespace berth::services::iam::handlers
