#pragma once
// One series' buckets in the metric snapshot (journaled_metric_store.h), and back.
//
// Format 2 (`BMS2`) writes them column by column: starts (as deltas), widths, units, kinds, then
// each single bucket's decimals and value (a zigzag delta from the previous one's, scaled by
// 10^decimals; 8 raw bytes when it has no short decimal form), then the other buckets whole. A
// regular series thus becomes runs of equal bytes and one- or two-byte deltas, which the
// snapshot's deflate shrinks to about a byte a datapoint or less (bench/metric_store.cc).
// Format 1 (`BMS1`, still read) is a bucket after another, every field in full.
//
// Decoding checks every length against the input: damage is `false`, never a crash.

#include <string>
#include <vector>

#include "core/byte_codec.h"
#include "services/monitoring/store/bucket_chunk.h"

namespace berth::services::monitoring {

void EncodeSnapshotBuckets(const std::vector<SealedBucket>& buckets, std::string& out);
bool DecodeSnapshotBuckets(ByteReader& r, int format, std::vector<SealedBucket>& buckets);

}  // namespace berth::services::monitoring
