#pragma once
// CreateExportTask, DescribeExportTasks, CancelExportTask: functions of the export tasks, the
// call and a typed input. No wire, no SQL, no audit.

#include "core/document.h"
#include "core/result.h"
#include "pipeline/operation.h"
#include "services/logs/export/export_shapes.h"
#include "services/logs/export/export_tasks.h"

namespace berth::services::logs::handlers {

// Checks the group, the bucket and that its policy lets CloudWatch Logs read its ACL and
// write under the prefix (writing <prefix>/aws-logs-write-test, as AWS does), then queues the
// task PENDING. LimitExceededException while the account has an active task.
Result<Document> CreateExportTask(ExportTasks& tasks, pipeline::CallContext& ctx,
                                  const CreateExportTaskInput& in);
// The account's tasks, newest first, filtered by taskId and statusCode, paged by limit.
Result<Document> DescribeExportTasks(ExportTasks& tasks, pipeline::CallContext& ctx,
                                     const DescribeExportTasksInput& in);
// A PENDING task ends CANCELLED at once; a RUNNING one PENDING_CANCEL until the worker stops.
Result<Document> CancelExportTask(ExportTasks& tasks, pipeline::CallContext& ctx,
                                  const ExportTaskIdInput& in);

}  // namespace berth::services::logs::handlers
