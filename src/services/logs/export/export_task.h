#pragma once
// CloudWatch Logs export tasks (CreateExportTask …): the task as AWS describes it, its status
// codes and the messages AWS gives them, and the object keys an export writes. Plain data.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"

namespace berth::services::logs {

// PENDING → RUNNING → COMPLETED | FAILED; CancelExportTask: PENDING → CANCELLED, RUNNING →
// PENDING_CANCEL → CANCELLED (the worker stops between objects).
enum class ExportStatus { kPending, kRunning, kCompleted, kFailed, kCancelled, kPendingCancel };

std::string_view StatusCode(ExportStatus status);
std::optional<ExportStatus> ParseStatusCode(std::string_view code);
// PENDING and RUNNING (and PENDING_CANCEL, still winding down) count as active: AWS lets an
// account have one active export task at a time.
bool IsActive(ExportStatus status);

inline constexpr std::string_view kDefaultExportPrefix = "exportedlogs";
// The object CreateExportTask writes to check it may, as AWS does, and what it holds.
inline constexpr std::string_view kWriteTestObject = "aws-logs-write-test";
inline constexpr std::string_view kWriteTestBody = "Permission Check Successful";

struct ExportTask {
  std::string account_id;
  std::string region;
  std::string task_id;
  std::optional<std::string> task_name;
  std::string group_name;
  std::optional<std::string> stream_prefix;
  int64_t from_ms = 0;  // events with timestamps in [from, to] are exported
  int64_t to_ms = 0;
  std::string destination;         // the bucket
  std::string destination_prefix;  // "exportedlogs" unless given
  ExportStatus status = ExportStatus::kPending;
  std::string status_message;
  TimePoint created_at;
  std::optional<TimePoint> completed_at;
};

// "<prefix>/<name>", or "<name>" when the prefix is empty.
std::string PrefixedKey(std::string_view prefix, std::string_view name);
// "<prefix>/<taskId>/<stream>/<6-digit part>.gz": where AWS puts a stream's exported events.
std::string ExportObjectKey(const ExportTask& task, std::string_view stream, int part);
// One exported event: "<ISO 8601 time with milliseconds> <message>\n", as AWS writes them.
void AppendExportLine(std::string& out, int64_t timestamp_ms, std::string_view message);

}  // namespace berth::services::logs
