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

// The journal's record of a batch: the encoding above, LZ4-compressed (a batch repeats its
// names and dimensions datum after datum: ~8x smaller, so the journal writes and syncs that
// much less). [u8 format: 0 plain, 1 LZ4][u32 plain size, LZ4 only][bytes].
std::string EncodeJournalRecord(const PutMetricDataInput& batch);
Result<PutMetricDataInput> DecodeJournalRecord(std::string_view record);

}  // namespace berth::services::monitoring
