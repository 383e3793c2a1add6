#pragma once
// The limits one query run works within.

#include <cstddef>

namespace berth::services::logs::insights {

struct RunOptions {
  // The most rows a result holds: AWS's 10,000, or StartQuery's smaller `limit`.
  size_t max_rows = 10'000;
  // The most memory a run may hold (rows, groups, accumulators) before it fails with
  // LimitExceededException instead of growing.
  size_t max_retained_bytes = size_t{256} << 20;
};

}  // namespace berth::services::logs::insights
