#pragma once
// STS's operations.

#include "core/document.h"
#include "core/result.h"
#include "pipeline/operation.h"

namespace berth::services::sts::handlers {

// Who the caller is: UserId, Account, Arn. Needs no permission (the authorizer allows it
// under any policy, as AWS does).
Result<Document> GetCallerIdentity(pipeline::CallContext& ctx, const Document& in);

}  // namespace berth::services::sts::handlers
