#pragma once
// A posting block: the events of one index batch that have one term, as (event time, seq) pairs
// sorted newest first and packed as varint deltas (a few bytes an event). The index stores one
// block per term per batch instead of one row per event and term: indexing an event costs a
// share of a few hundred row inserts per batch rather than eight B-tree inserts of its own.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace berth::services::cloudtrail {

struct Posting {
  int64_t time_ms = 0;
  int64_t seq = 0;
};

// Newest first: time, then seq.
inline bool NewerPosting(const Posting& a, const Posting& b) {
  return a.time_ms != b.time_ms ? a.time_ms > b.time_ms : a.seq > b.seq;
}

// Packs postings already sorted newest first.
std::string EncodePostings(const std::vector<Posting>& newest_first);
// Unpacks a block; false when the bytes are not a whole block.
bool DecodePostings(std::string_view block, std::vector<Posting>& out);

}  // namespace berth::services::cloudtrail
