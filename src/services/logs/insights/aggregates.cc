#include "services/logs/insights/aggregates.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstring>
#include <functional>
#include <string>
#include <unordered_set>
#include <vector>

namespace berth::services::logs::insights {
namespace {

class CountAll final : public Aggregator {
 public:
  void Add(const Value&, std::optional<int64_t>) override { ++count_; }
  Value Result() const override { return Value::Number(static_cast<double>(count_)); }
  size_t RetainedBytes() const override { return 0; }

 private:
  uint64_t count_ = 0;
};

class Count final : public Aggregator {
 public:
  void Add(const Value& v, std::optional<int64_t>) override { count_ += !v.is_null(); }
  Value Result() const override { return Value::Number(static_cast<double>(count_)); }
  size_t RetainedBytes() const override { return 0; }

 private:
  uint64_t count_ = 0;
};

// Sum, average and standard deviation over the values that are numbers; Welford's update
// keeps the variance exact enough without a second pass.
class Moments final : public Aggregator {
 public:
  explicit Moments(AggregateKind kind) : kind_(kind) {}
  void Add(const Value& v, std::optional<int64_t>) override {
    auto x = ToNumber(v);
    if (!x) return;
    ++n_;
    sum_ += *x;
    const double delta = *x - mean_;
    mean_ += delta / static_cast<double>(n_);
    m2_ += delta * (*x - mean_);
  }
  Value Result() const override {
    if (n_ == 0) return Value();
    switch (kind_) {
      case AggregateKind::kSum: return Value::Number(sum_);
      case AggregateKind::kAvg: return Value::Number(sum_ / static_cast<double>(n_));
      default:  // sample standard deviation
        return Value::Number(n_ < 2 ? 0 : std::sqrt(m2_ / static_cast<double>(n_ - 1)));
    }
  }
  size_t RetainedBytes() const override { return 0; }

 private:
  AggregateKind kind_;
  uint64_t n_ = 0;
  double sum_ = 0, mean_ = 0, m2_ = 0;
};

// min, max, sortsFirst, sortsLast: the extreme value in the sort order.
class Extreme final : public Aggregator {
 public:
  explicit Extreme(bool want_largest) : want_largest_(want_largest) {}
  void Add(const Value& v, std::optional<int64_t>) override {
    if (v.is_null()) return;
    if (!best_.is_null()) {
      const int c = NaturalCompare(v, best_);
      if (want_largest_ ? c <= 0 : c >= 0) return;
    }
    best_ = v;
    best_.MakeOwned();
  }
  Value Result() const override { return best_; }
  size_t RetainedBytes() const override { return best_.RetainedBytes(); }

 private:
  bool want_largest_;
  Value best_;
};

// earliest, latest: the value of the row with the extreme timestamp (the first seen on ties).
class AtTime final : public Aggregator {
 public:
  explicit AtTime(bool latest) : latest_(latest) {}
  void Add(const Value& v, std::optional<int64_t> timestamp) override {
    if (v.is_null() || !timestamp) return;
    if (time_ && (latest_ ? *timestamp <= *time_ : *timestamp >= *time_)) return;
    time_ = timestamp;
    value_ = v;
    value_.MakeOwned();
  }
  Value Result() const override { return value_; }
  size_t RetainedBytes() const override { return value_.RetainedBytes(); }

 private:
  bool latest_;
  std::optional<int64_t> time_;
  Value value_;
};

// Exact distinct count up to kExactDistinct keys, then HyperLogLog with 2^12 registers
// (about 1.6% standard error).
class CountDistinct final : public Aggregator {
 public:
  void Add(const Value& v, std::optional<int64_t>) override {
    if (v.is_null()) return;
    scratch_.clear();
    AppendValueKey(v, scratch_);
    if (registers_.empty()) {
      if (exact_.insert(scratch_).second) bytes_ += scratch_.size() + kNodeOverhead;
      if (exact_.size() <= kExactDistinct) return;
      registers_.assign(kRegisters, 0);
      for (const std::string& key : exact_) Observe(key);
      exact_ = {};
      bytes_ = 0;
      return;
    }
    Observe(scratch_);
  }
  Value Result() const override {
    if (registers_.empty()) return Value::Number(static_cast<double>(exact_.size()));
    double sum = 0;
    int zeros = 0;
    for (uint8_t r : registers_) {
      sum += std::ldexp(1.0, -r);
      zeros += r == 0;
    }
    const double m = kRegisters;
    double estimate = (0.7213 / (1 + 1.079 / m)) * m * m / sum;
    if (estimate <= 2.5 * m && zeros > 0) estimate = m * std::log(m / zeros);  // small range
    return Value::Number(std::round(estimate));
  }
  size_t RetainedBytes() const override { return bytes_ + registers_.size() + scratch_.capacity(); }

 private:
  static constexpr int kPrecision = 12;
  static constexpr size_t kRegisters = size_t{1} << kPrecision;
  static constexpr size_t kNodeOverhead = 48;

  void Observe(std::string_view key) {
    // Mix std::hash through splitmix64's finalizer so every bit depends on every input bit.
    uint64_t h = std::hash<std::string_view>{}(key) + 0x9E3779B97F4A7C15ull;
    h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9ull;
    h = (h ^ (h >> 27)) * 0x94D049BB133111EBull;
    h ^= h >> 31;
    const size_t index = h >> (64 - kPrecision);
    const uint64_t rest = (h << kPrecision) | (uint64_t{1} << (kPrecision - 1));
    const uint8_t rank = static_cast<uint8_t>(std::countl_zero(rest) + 1);
    registers_[index] = std::max(registers_[index], rank);
  }

  std::unordered_set<std::string> exact_;
  std::vector<uint8_t> registers_;
  std::string scratch_;
  size_t bytes_ = 0;
};

// pct(f, p): nearest-rank percentile of the numeric values; exact up to kMaxPercentileSamples
// values, then over a uniform reservoir sample (Vitter's algorithm R, fixed seed so a query
// gives the same answer every time).
class Percentile final : public Aggregator {
 public:
  explicit Percentile(double p) : p_(p) {}
  void Add(const Value& v, std::optional<int64_t>) override {
    auto x = ToNumber(v);
    if (!x || std::isnan(*x)) return;
    ++seen_;
    if (samples_.size() < kMaxPercentileSamples) {
      samples_.push_back(*x);
      return;
    }
    const uint64_t slot = NextRandom() % seen_;
    if (slot < samples_.size()) samples_[slot] = *x;
  }
  Value Result() const override {
    if (samples_.empty()) return Value();
    std::vector<double> sorted = samples_;
    const size_t n = sorted.size();
    size_t rank = static_cast<size_t>(std::ceil(p_ / 100.0 * static_cast<double>(n)));
    rank = std::clamp<size_t>(rank, 1, n);
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<ptrdiff_t>(rank - 1),
                     sorted.end());
    return Value::Number(sorted[rank - 1]);
  }
  size_t RetainedBytes() const override { return samples_.capacity() * sizeof(double); }

 private:
  uint64_t NextRandom() {  // splitmix64
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }

  double p_;
  uint64_t seen_ = 0;
  uint64_t state_ = 0x5DEECE66Dull;
  std::vector<double> samples_;
};

}  // namespace

std::unique_ptr<Aggregator> MakeAggregator(AggregateKind kind, double percentile) {
  switch (kind) {
    case AggregateKind::kCountAll: return std::make_unique<CountAll>();
    case AggregateKind::kCount: return std::make_unique<Count>();
    case AggregateKind::kCountDistinct: return std::make_unique<CountDistinct>();
    case AggregateKind::kSum:
    case AggregateKind::kAvg:
    case AggregateKind::kStddev: return std::make_unique<Moments>(kind);
    case AggregateKind::kMin:
    case AggregateKind::kSortsFirst: return std::make_unique<Extreme>(false);
    case AggregateKind::kMax:
    case AggregateKind::kSortsLast: return std::make_unique<Extreme>(true);
    case AggregateKind::kPct: return std::make_unique<Percentile>(percentile);
    case AggregateKind::kEarliest: return std::make_unique<AtTime>(false);
    case AggregateKind::kLatest: return std::make_unique<AtTime>(true);
  }
  return std::make_unique<CountAll>();
}

void AppendValueKey(const Value& v, std::string& key) {
  key += static_cast<char>(v.kind());
  switch (v.kind()) {
    case Value::Kind::kNull: return;
    case Value::Kind::kBool: key += v.as_bool() ? '1' : '0'; return;
    case Value::Kind::kNumber: {
      double d = v.as_number();
      if (d == 0) d = 0;  // -0 and 0 group together
      char bytes[sizeof d];
      std::memcpy(bytes, &d, sizeof d);
      key.append(bytes, sizeof d);
      return;
    }
    case Value::Kind::kTimestamp: {
      const int64_t ms = v.as_millis();
      char bytes[sizeof ms];
      std::memcpy(bytes, &ms, sizeof ms);
      key.append(bytes, sizeof ms);
      return;
    }
    case Value::Kind::kString: {
      const std::string_view s = v.as_string();
      const uint32_t length = static_cast<uint32_t>(s.size());
      char bytes[sizeof length];
      std::memcpy(bytes, &length, sizeof length);
      key.append(bytes, sizeof length);
      key += s;
      return;
    }
  }
}

}  // namespace berth::services::logs::insights
