#pragma once
// The subscription filter and destination operations, for the logs service's table
// (MakeLogsService's `more`: one JSON target prefix belongs to one ServiceSpec).

#include <vector>

#include "pipeline/operation.h"
#include "services/logs/subscriptions/log_subscriptions.h"

namespace berth::services::logs {

// `subscriptions` must outlive the returned specs.
std::vector<pipeline::OperationSpec> SubscriptionOperations(LogSubscriptions& subscriptions);

}  // namespace berth::services::logs
