#pragma once
// STS's errors, as AWS names and words them (query protocol: <Error><Code>…).

#include <string>
#include <string_view>

#include "core/result.h"

namespace berth::services::sts::errors {

// 400 ValidationError: "1 validation error detected: Value 'V' at 'member' failed to satisfy
// constraint: WHAT".
Error Constraint(std::string_view value, std::string_view member, std::string_view what);
Error Validation(std::string message);
// 403 AccessDenied: "User: CALLER is not authorized to perform: sts:AssumeRole on resource:
// ROLE" (an unknown role is worded the same: AWS does not tell callers which roles exist).
Error NotAuthorizedToAssume(std::string_view caller_arn, std::string_view role_arn);
// 403 AccessDenied with AWS's message for a refusal that is not a policy's.
Error AccessDenied(std::string message);
// 400 PackedPolicyTooLarge.
Error PackedPolicyTooLarge();

}  // namespace berth::services::sts::errors
