#pragma once
// Export tasks' wire shapes: the decoded inputs of CreateExportTask, DescribeExportTasks and
// CancelExportTask with the checks AWS's model makes (AWS's wording), and ExportTask out.

#include <cstdint>
#include <optional>
#include <string>

#include "core/document.h"
#include "core/result.h"
#include "services/logs/export/export_task.h"

namespace berth::services::logs {

struct CreateExportTaskInput {
  std::optional<std::string> task_name;
  std::string group_name;
  std::optional<std::string> stream_prefix;
  int64_t from_ms = 0;
  int64_t to_ms = 0;
  std::string destination;
  std::string destination_prefix;  // "exportedlogs" when not given
};

struct DescribeExportTasksInput {
  std::optional<std::string> task_id;
  std::optional<ExportStatus> status;
  std::optional<std::string> next_token;
  int64_t limit = 50;
};

struct ExportTaskIdInput {
  std::string task_id;
};

Result<CreateExportTaskInput> DecodeCreateExportTask(const Document& in);
Result<DescribeExportTasksInput> DecodeDescribeExportTasks(const Document& in);
Result<ExportTaskIdInput> DecodeExportTaskId(const Document& in);

Document EncodeExportTask(const ExportTask& task);

// DescribeExportTasks' nextToken: the creation order of the last task returned.
std::string EncodeExportTasksToken(int64_t last_seq);
Result<int64_t> DecodeExportTasksToken(std::string_view token);

}  // namespace berth::services::logs
