#pragma once
// A policy document is checked before it is kept, by the same engine that enforces it: parsed
// and compiled (MalformedPolicyDocument with IAM's wording and, for bad JSON, the line and
// column) and measured against IAM's size quotas (LimitExceeded).

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "services/iam/model/types.h"

namespace berth::services::iam::handlers {

// A managed policy's version: identity policy, language version 2012-10-17 required.
Status CheckManagedDocument(std::string_view document);
// A role's trust policy: Principal required, sts: actions, IAM's 2,048-character quota.
Status CheckTrustDocument(std::string_view document);
// An inline policy: identity policy, either language version.
Status CheckInlineDocument(std::string_view document);
// The owner's inline policies together, the new one included.
Status CheckInlineQuota(OwnerKind kind, std::string_view owner,
                        const std::vector<std::string>& documents);

}  // namespace berth::services::iam::handlers
