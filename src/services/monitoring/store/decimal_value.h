#pragma once
// A double as a short decimal: the fewest decimals k (0..6) with which v == n / 10^k exactly for
// an integer n (values sent as decimal text are), so that a series' values can be stored as
// small integer deltas and come back bit for bit. Shared by the in-memory chunks and the
// snapshot's columns.

#include <cmath>
#include <cstdint>
#include <cstring>

namespace berth::services::monitoring {

inline constexpr double kPow10[] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6};
inline constexpr uint8_t kRawValue = 0xff;  // no short decimal form: stored as its 8 bytes

// v · 10^k rounded; 0 where that is beyond exact integers (DecimalsOf never picks such a k).
inline int64_t Scaled(double v, int k) {
  const double s = v * kPow10[k];
  return std::fabs(s) < 9e15 ? std::llround(s) : 0;
}

inline bool SameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// v as n / 10^k: k (kRawValue when there is none) and n == Scaled(v, k).
struct DecimalForm {
  uint8_t k;
  int64_t n;
};

inline DecimalForm DecimalFormOf(double v) {
  for (int k = 0; k <= 6; ++k) {
    const double s = v * kPow10[k];
    if (!(std::fabs(s) < 9e15)) return {kRawValue, 0};
    const int64_t n = std::llround(s);
    if (SameBits(static_cast<double>(n) / kPow10[k], v)) return {static_cast<uint8_t>(k), n};
  }
  return {kRawValue, 0};
}

inline uint8_t DecimalsOf(double v) { return DecimalFormOf(v).k; }

// The value whose scaled form is `prev`'s plus `delta` (the decoder's side of the above).
inline double FromScaledDelta(double prev, int k, int64_t delta) {
  return static_cast<double>(Scaled(prev, k) + delta) / kPow10[k];
}

}  // namespace berth::services::monitoring
