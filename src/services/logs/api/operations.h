#pragma once
// CloudWatch Logs as the dispatcher sees it: every operation, listed once.

#include <vector>

#include "pipeline/operation.h"
#include "services/logs/logs_service.h"

namespace berth::services::logs {

// `service` must outlive the returned spec. `more` are operations of the same API served by
// other parts (Logs Insights' StartQuery and the like), appended to the table: one JSON target
// prefix belongs to one ServiceSpec.
pipeline::ServiceSpec MakeLogsService(LogsService& service,
                                      std::vector<pipeline::OperationSpec> more = {});

}  // namespace berth::services::logs
