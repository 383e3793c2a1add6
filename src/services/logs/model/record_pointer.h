#pragma once
// Logs Insights' @ptr: names one stored event (its group and position) so GetLogRecord can
// find it again. Opaque to clients: 56 hex digits (group id, timestamp, block id, place).

#include <cstdint>
#include <optional>
#include <string_view>

#include "services/logs/model/types.h"

namespace berth::services::logs {

inline constexpr size_t kRecordPointerLength = 56;

struct RecordPointer {
  int64_t group_id = 0;
  EventKey key;
};

// Writes the pointer's kRecordPointerLength characters to `out`; no allocation (it runs for
// every event a query scans).
void FormatRecordPointer(const RecordPointer& pointer, char* out);
// nullopt for anything FormatRecordPointer did not write.
std::optional<RecordPointer> ParseRecordPointer(std::string_view text);

}  // namespace berth::services::logs
