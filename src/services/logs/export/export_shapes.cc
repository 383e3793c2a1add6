#include "services/logs/export/export_shapes.h"

#include <charconv>

#include "core/crypto.h"
#include "services/logs/api/field_checks.h"
#include "services/logs/model/errors.h"
#include "services/logs/model/validation.h"

namespace berth::services::logs {
namespace {

constexpr size_t kMaxNameLength = 512;
constexpr std::string_view kTokenKind = "exports|";

std::optional<std::string> ReadOptional(FieldReader& r, const char* member) {
  auto value = r.OptionalString(member);
  if (value && r.ok()) CheckLength(r, member, *value, 1, kMaxNameLength);
  return value;
}

int64_t ReadTimestamp(FieldReader& r, const char* member) {
  const int64_t t = ReadRequiredInt(r, member);
  if (r.ok() && t < 0) r.Fail(OutOfRange(member, t, 0, 0));
  return t;
}

}  // namespace

Result<CreateExportTaskInput> DecodeCreateExportTask(const Document& in) {
  FieldReader r(in);
  CreateExportTaskInput out;
  out.task_name = ReadOptional(r, "taskName");
  out.group_name = ReadGroupName(r);
  out.stream_prefix = r.OptionalString("logStreamNamePrefix");
  if (out.stream_prefix && r.ok()) {
    Check(r, CheckLogStreamName(*out.stream_prefix, "logStreamNamePrefix"));
  }
  out.from_ms = ReadTimestamp(r, "from");
  out.to_ms = ReadTimestamp(r, "to");
  out.destination = r.RequiredString("destination");
  if (r.ok()) CheckLength(r, "destination", out.destination, 1, kMaxNameLength);
  out.destination_prefix =
      r.OptionalString("destinationPrefix").value_or(std::string(kDefaultExportPrefix));
  return Finish(r, std::move(out));
}

Result<DescribeExportTasksInput> DecodeDescribeExportTasks(const Document& in) {
  FieldReader r(in);
  DescribeExportTasksInput out;
  out.task_id = ReadOptional(r, "taskId");
  if (auto code = r.OptionalString("statusCode"); code && r.ok()) {
    out.status = ParseStatusCode(*code);
    if (!out.status) {
      r.Fail(errors::ConstraintViolated(
          "statusCode", *code,
          "Member must satisfy enum value set: [CANCELLED, COMPLETED, FAILED, PENDING, "
          "PENDING_CANCEL, RUNNING]"));
    }
  }
  out.next_token = r.OptionalString("nextToken");
  if (out.next_token && r.ok()) CheckLength(r, "nextToken", *out.next_token, 1, 4096);
  out.limit = ReadLimit(r, "limit", 50).value_or(50);
  return Finish(r, std::move(out));
}

Result<ExportTaskIdInput> DecodeExportTaskId(const Document& in) {
  FieldReader r(in);
  ExportTaskIdInput out;
  out.task_id = r.RequiredString("taskId");
  if (r.ok()) CheckLength(r, "taskId", out.task_id, 1, kMaxNameLength);
  return Finish(r, std::move(out));
}

Document EncodeExportTask(const ExportTask& t) {
  Document out = Document::MakeMap(9);
  out["taskId"] = t.task_id;
  if (t.task_name) out["taskName"] = *t.task_name;
  out["logGroupName"] = t.group_name;
  out["from"] = t.from_ms;
  out["to"] = t.to_ms;
  out["destination"] = t.destination;
  out["destinationPrefix"] = t.destination_prefix;
  Document status = Document::MakeMap(2);
  status["code"] = std::string(StatusCode(t.status));
  status["message"] = t.status_message;
  out["status"] = std::move(status);
  Document info = Document::MakeMap(2);
  info["creationTime"] = Millis(t.created_at);
  if (t.completed_at) info["completionTime"] = Millis(*t.completed_at);
  out["executionInfo"] = std::move(info);
  return out;
}

std::string EncodeExportTasksToken(int64_t last_seq) {
  return crypto::Base64UrlEncode(std::string(kTokenKind) + std::to_string(last_seq));
}

Result<int64_t> DecodeExportTasksToken(std::string_view token) {
  auto raw = crypto::Base64UrlDecode(token);
  int64_t seq = 0;
  if (raw && raw->size() > kTokenKind.size() && raw->starts_with(kTokenKind)) {
    const char* begin = raw->data() + kTokenKind.size();
    const char* end = raw->data() + raw->size();
    auto [stop, ec] = std::from_chars(begin, end, seq);
    if (ec == std::errc() && stop == end && seq > 0) return seq;
  }
  return errors::InvalidParameter("The specified nextToken is invalid.");
}

}  // namespace berth::services::logs
