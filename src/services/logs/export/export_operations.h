#pragma once
// The export task operations, served under the logs service's target: the App hands them to
// MakeLogsService as `more`.

#include <vector>

#include "pipeline/operation.h"
#include "services/logs/export/export_tasks.h"

namespace berth::services::logs {

// `tasks` must outlive the returned specs.
std::vector<pipeline::OperationSpec> ExportOperations(ExportTasks& tasks);

}  // namespace berth::services::logs
