#include "services/logs/export/export_task.h"

#include <array>
#include <cstdio>

#include "core/time_format.h"

namespace berth::services::logs {
namespace {

struct StatusName {
  ExportStatus status;
  std::string_view code;
};
constexpr std::array<StatusName, 6> kStatusNames = {{
    {ExportStatus::kPending, "PENDING"},
    {ExportStatus::kRunning, "RUNNING"},
    {ExportStatus::kCompleted, "COMPLETED"},
    {ExportStatus::kFailed, "FAILED"},
    {ExportStatus::kCancelled, "CANCELLED"},
    {ExportStatus::kPendingCancel, "PENDING_CANCEL"},
}};

}  // namespace

std::string_view StatusCode(ExportStatus status) {
  for (const StatusName& n : kStatusNames) {
    if (n.status == status) return n.code;
  }
  return "FAILED";
}

std::optional<ExportStatus> ParseStatusCode(std::string_view code) {
  for (const StatusName& n : kStatusNames) {
    if (n.code == code) return n.status;
  }
  return std::nullopt;
}

bool IsActive(ExportStatus status) {
  return status == ExportStatus::kPending || status == ExportStatus::kRunning ||
         status == ExportStatus::kPendingCancel;
}

std::string PrefixedKey(std::string_view prefix, std::string_view name) {
  if (prefix.empty()) return std::string(name);
  std::string key(prefix);
  if (key.back() != '/') key.push_back('/');
  key.append(name);
  return key;
}

std::string ExportObjectKey(const ExportTask& task, std::string_view stream, int part) {
  char file[16];
  std::snprintf(file, sizeof(file), "%06d.gz", part);
  std::string key = PrefixedKey(task.destination_prefix, task.task_id);
  key.push_back('/');
  key.append(stream).push_back('/');
  key.append(file);
  return key;
}

void AppendExportLine(std::string& out, int64_t timestamp_ms, std::string_view message) {
  out += timefmt::Iso8601Millis(FromMillis(timestamp_ms));
  out.push_back(' ');
  out.append(message);
  out.push_back('\n');
}

}  // namespace berth::services::logs
