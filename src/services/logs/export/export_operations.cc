#include "services/logs/export/export_operations.h"

#include "services/logs/export/export_handlers.h"
#include "services/logs/model/arn.h"

namespace berth::services::logs {
namespace {

using pipeline::CallContext;

template <class In>
pipeline::Handler Bind(ExportTasks& tasks, Result<In> (*decode)(const Document&),
                       Result<Document> (*handler)(ExportTasks&, CallContext&, const In&)) {
  return [&tasks, decode, handler](CallContext& ctx, const Document& input) -> Result<Document> {
    BERTH_ASSIGN_OR_RETURN(In in, decode(input));
    return handler(tasks, ctx, in);
  };
}

// CreateExportTask acts on the log group it exports (logs:CreateExportTask on its ARN).
std::vector<pipeline::ResourceRef> ExportedGroup(const CallContext& ctx, const Document& in,
                                                 const Document*) {
  const Document* name = in.Find("logGroupName");
  if (name == nullptr || !name->is_string()) return {};
  return {{"AWS::Logs::LogGroup",
           LogGroupArnWithoutStar(ctx.region, ctx.principal.account_id, name->as_string())}};
}

}  // namespace

std::vector<pipeline::OperationSpec> ExportOperations(ExportTasks& tasks) {
  namespace h = handlers;
  return {
      {.name = "CreateExportTask",
       .read_only = false,
       .handler = Bind(tasks, DecodeCreateExportTask, h::CreateExportTask),
       .logged_request_fields = {"taskName", "logGroupName", "logStreamNamePrefix", "from", "to",
                                 "destination", "destinationPrefix"},
       .logged_response_fields = {"taskId"},
       .resources = ExportedGroup},
      {.name = "DescribeExportTasks",
       .read_only = true,
       .handler = Bind(tasks, DecodeDescribeExportTasks, h::DescribeExportTasks),
       .logged_request_fields = {"taskId", "statusCode", "limit", "nextToken"}},
      {.name = "CancelExportTask",
       .read_only = false,
       .handler = Bind(tasks, DecodeExportTaskId, h::CancelExportTask),
       .logged_request_fields = {"taskId"}},
  };
}

}  // namespace berth::services::logs
