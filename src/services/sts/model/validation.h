#pragma once
// The shape checks AWS makes of STS's parameters before anything else (the model's
// constraints, in its words).

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/document.h"
#include "core/result.h"

namespace berth::services::sts {

// An IAM role's ARN, taken apart: arn:aws:iam::ACCOUNT:role/PATH/NAME.
struct RoleArnParts {
  std::string account_id;
  std::string name;  // the last path segment
};
// nullopt when `arn` is not a role's ARN.
std::optional<RoleArnParts> ParseRoleArn(std::string_view arn);

// DurationSeconds: absent → `fallback`; otherwise a whole number in [900, `max`] (the model's
// upper bound; a role's own maximum is the caller's to check). Errors: ValidationError.
Result<std::chrono::seconds> SessionDuration(const Document& in, std::chrono::seconds fallback,
                                             std::chrono::seconds max);
// RoleSessionName: 2–64 of [\w+=,.@-]. Errors: ValidationError.
Status CheckSessionName(std::string_view name);
// ExternalId: 2–1224 of [\w+=,.@:/-]. Errors: ValidationError.
Status CheckExternalId(std::string_view id);

// The model's bounds for DurationSeconds and AWS's session rules.
inline constexpr std::chrono::seconds kMinSession{900};
inline constexpr std::chrono::seconds kDefaultRoleSession{3600};
inline constexpr std::chrono::seconds kMaxRoleSession{43200};
inline constexpr std::chrono::seconds kRoleChainingMax{3600};
inline constexpr std::chrono::seconds kDefaultSessionToken{43200};
inline constexpr std::chrono::seconds kMaxSessionToken{129600};
inline constexpr std::chrono::seconds kRootSessionTokenMax{3600};
// AssumeRole's Policy: the model's length bound.
inline constexpr size_t kMaxSessionPolicyChars = 2048;

}  // namespace berth::services::sts
