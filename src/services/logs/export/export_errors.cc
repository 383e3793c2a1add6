#include "services/logs/export/export_errors.h"

#include <string>

namespace berth::services::logs::errors {
namespace {

Error E(const char* code, std::string message) { return Error{code, std::move(message), 400}; }

}  // namespace

Error ExportTimeRangeInvalid(int64_t from_ms, int64_t to_ms) {
  return E("InvalidParameterException",
           "Specified time range of " + std::to_string(from_ms) + " and " +
               std::to_string(to_ms) +
               " is not valid. Please make sure the values are within the retention period of "
               "the log group and from value is less than the to value");
}
Error ExportBucketNotFound() {
  return E("InvalidParameterException",
           "The given bucket does not exist. Please make sure the bucket is valid.");
}
Error ExportBucketAccessDenied(std::string_view call) {
  // AWS answers AccessDeniedException here (not among the operation's modelled errors).
  return E("AccessDeniedException",
           std::string(call) +
               " call on the given bucket failed. Please check if CloudWatch Logs has been "
               "granted permission to perform this operation.");
}
Error ExportTaskLimitExceeded() { return E("LimitExceededException", "Resource limit exceeded."); }
Error ExportTaskNotFound() {
  return E("ResourceNotFoundException", "The specified export task does not exist.");
}
Error ExportTaskNotCancellable(std::string_view status_code) {
  return E("InvalidOperationException", "The specified export task has already finished (" +
                                            std::string(status_code) + ").");
}

}  // namespace berth::services::logs::errors
