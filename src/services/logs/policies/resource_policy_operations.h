#pragma once
// PutResourcePolicy, DescribeResourcePolicies, DeleteResourcePolicy: account-scoped
// CloudWatch Logs resource policies, served under the logs service's target (the App hands
// them to MakeLogsService as `more`). Documents are checked by auth/policy; at most 10 per
// account and region (LimitExceededException). Log-group-scoped policies (resourceArn) are
// refused: berth keeps account-scoped ones only.

#include <vector>

#include "pipeline/operation.h"
#include "services/logs/policies/logs_resource_policies.h"

namespace berth::services::logs {

// `policies` must outlive the returned specs.
std::vector<pipeline::OperationSpec> ResourcePolicyOperations(LogsResourcePolicies& policies);

}  // namespace berth::services::logs
