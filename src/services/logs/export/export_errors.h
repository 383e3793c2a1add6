#pragma once
// Export tasks' errors, with AWS's codes and messages (all 400).

#include <cstdint>
#include <string_view>

#include "core/result.h"

namespace berth::services::logs::errors {

// from after to (or outside what can be exported).
Error ExportTimeRangeInvalid(int64_t from_ms, int64_t to_ms);
Error ExportBucketNotFound();
// The bucket's policy does not let CloudWatch Logs do `call` ("GetBucketAcl", "PutObject").
Error ExportBucketAccessDenied(std::string_view call);
// The account has an active export task already.
Error ExportTaskLimitExceeded();
Error ExportTaskNotFound();
// CancelExportTask of a task that is no longer PENDING or RUNNING.
Error ExportTaskNotCancellable(std::string_view status_code);

}  // namespace berth::services::logs::errors
