#include "services/logs/export/export_handlers.h"

#include "core/ids.h"
#include "services/logs/export/export_errors.h"
#include "services/logs/model/arn.h"

namespace berth::services::logs::handlers {
namespace {

// What AWS checks before it accepts a task: CloudWatch Logs may read the bucket's ACL and
// write under the prefix, and so may the caller; then it proves the write with a test object.
Status CheckBucket(ExportTasks& tasks, const pipeline::CallContext& ctx,
                   const CreateExportTaskInput& in) {
  BERTH_ASSIGN_OR_RETURN(auto owner, tasks.buckets().BucketOwner(in.destination));
  if (!owner) return errors::ExportBucketNotFound();
  const std::string source_arn =
      LogGroupArnWithoutStar(ctx.region, ctx.principal.account_id, in.group_name);
  const std::string bucket_arn = "arn:aws:s3:::" + in.destination;
  const std::string test_key = PrefixedKey(in.destination_prefix, kWriteTestObject);
  const std::string test_arn = bucket_arn + "/" + test_key;
  LogsBucketAccess access{in.destination, "s3:GetBucketAcl", bucket_arn,
                          ctx.region,     ctx.principal.account_id, source_arn};
  BERTH_ASSIGN_OR_RETURN(bool may_read_acl, tasks.buckets().LogsMayAccess(access));
  if (!may_read_acl) return errors::ExportBucketAccessDenied("GetBucketAcl");
  access.action = "s3:PutObject";
  access.resource_arn = test_arn;
  BERTH_ASSIGN_OR_RETURN(bool may_write, tasks.buckets().LogsMayAccess(access));
  if (!may_write) return errors::ExportBucketAccessDenied("PutObject");
  BERTH_RETURN_IF_ERROR(tasks.buckets().CallerMayPutObject(ctx, test_arn));
  return tasks.buckets().PutObject(in.destination, test_key, kWriteTestBody,
                                   "application/octet-stream");
}

}  // namespace

Result<Document> CreateExportTask(ExportTasks& tasks, pipeline::CallContext& ctx,
                                  const CreateExportTaskInput& in) {
  if (in.from_ms > in.to_ms) return errors::ExportTimeRangeInvalid(in.from_ms, in.to_ms);
  BERTH_ASSIGN_OR_RETURN(LogGroup group,
                         tasks.logs().RequireGroup(ctx.principal.account_id, in.group_name));
  // Refused before the bucket is touched: a second task would leave a test object for nothing.
  BERTH_ASSIGN_OR_RETURN(bool busy, tasks.store().HasActive(ctx.principal.account_id));
  if (busy) return errors::ExportTaskLimitExceeded();
  BERTH_RETURN_IF_ERROR(CheckBucket(tasks, ctx, in));
  ExportTask task;
  task.account_id = ctx.principal.account_id;
  task.region = std::string(ctx.region);
  task.task_id = ids::NewUuid();
  task.task_name = in.task_name;
  task.group_name = group.name;
  task.stream_prefix = in.stream_prefix;
  task.from_ms = in.from_ms;
  task.to_ms = in.to_ms;
  task.destination = in.destination;
  task.destination_prefix = in.destination_prefix;
  task.status = ExportStatus::kPending;
  task.status_message = "Pending.";
  task.created_at = ctx.now;
  // The check above raced no one only if the insert agrees.
  BERTH_ASSIGN_OR_RETURN(bool inserted, tasks.store().InsertIfNoneActive(task));
  if (!inserted) return errors::ExportTaskLimitExceeded();
  tasks.Wake();
  Document out = Document::MakeMap(1);
  out["taskId"] = task.task_id;
  return out;
}

Result<Document> DescribeExportTasks(ExportTasks& tasks, pipeline::CallContext& ctx,
                                     const DescribeExportTasksInput& in) {
  ExportTaskListing listing;
  listing.task_id = in.task_id;
  listing.status = in.status;
  if (in.next_token) {
    BERTH_ASSIGN_OR_RETURN(int64_t seq, DecodeExportTasksToken(*in.next_token));
    listing.before_seq = seq;
  }
  const auto limit = static_cast<size_t>(in.limit);
  listing.limit = limit + 1;
  BERTH_ASSIGN_OR_RETURN(auto found, tasks.store().List(ctx.principal.account_id, listing));
  const bool more = found.size() > limit;
  if (more) found.resize(limit);
  Document list = Document::MakeList();
  for (const ListedExportTask& t : found) list.Push(EncodeExportTask(t.task));
  Document out = Document::MakeMap(2);
  out["exportTasks"] = std::move(list);
  if (more) out["nextToken"] = EncodeExportTasksToken(found.back().seq);
  return out;
}

Result<Document> CancelExportTask(ExportTasks& tasks, pipeline::CallContext& ctx,
                                  const ExportTaskIdInput& in) {
  BERTH_ASSIGN_OR_RETURN(CancelOutcome outcome,
                         tasks.store().Cancel(ctx.principal.account_id, in.task_id, ctx.now));
  switch (outcome) {
    case CancelOutcome::kCancelled:
    case CancelOutcome::kCancelling: return Document::MakeMap(0);
    case CancelOutcome::kNotFound: return errors::ExportTaskNotFound();
    case CancelOutcome::kAlreadyFinished: break;
  }
  ExportTaskListing listing;
  listing.task_id = in.task_id;
  listing.limit = 1;
  BERTH_ASSIGN_OR_RETURN(auto found, tasks.store().List(ctx.principal.account_id, listing));
  return errors::ExportTaskNotCancellable(
      found.empty() ? "FAILED" : StatusCode(found.front().task.status));
}

}  // namespace berth::services::logs::handlers
