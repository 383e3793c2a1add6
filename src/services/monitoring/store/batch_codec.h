#pragma once
// An accepted PutMetricData batch in the journal's binary form (varints, raw doubles), and
// back. Decoding checks every length against the input: a damaged record is an error, never
// a crash.

#include <string>
#include <string_view>

#include "core/result.h"
#include "services/monitoring/model/types.h"

namespace berth::services::monitoring {

void EncodeBatch(const PutMetricDataInput& batch, std::string& out);
Result<PutMetricDataInput> DecodeBatch(std::string_view bytes);

}  // namespace berth::services::monitoring
