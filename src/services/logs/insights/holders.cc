#include "services/logs/insights/holders.h"

#include <algorithm>

namespace berth::services::logs::insights {
namespace {

// Makes the row and its keys independent of the record.
KeyedRow Keep(EvalContext& ctx, std::vector<Value>& keys, uint64_t sequence) {
  Materialize(ctx);
  KeyedRow k;
  k.sequence = sequence;
  k.row = ctx.row;
  for (Value& v : keys) v.MakeOwned();
  k.keys = keys;
  return k;
}

size_t KeyedBytes(const KeyedRow& k) {
  size_t bytes = RowBytes(k.row) + k.keys.capacity() * sizeof(Value);
  for (const Value& v : k.keys) bytes += v.RetainedBytes();
  return bytes;
}

class FirstRows final : public RowHolder {
 public:
  explicit FirstRows(size_t count) : count_(count) {}
  void Accept(EvalContext& ctx, std::vector<Value>&, uint64_t) override {
    if (rows_.size() >= count_) return;
    Materialize(ctx);
    rows_.push_back(ctx.row);
    bytes_ += RowBytes(rows_.back());
  }
  std::vector<Row> Snapshot() const override { return rows_; }
  bool Full() const override { return rows_.size() >= count_; }
  size_t RetainedRows() const override { return rows_.size(); }
  size_t RetainedBytes() const override { return bytes_; }

 private:
  size_t count_;
  std::vector<Row> rows_;
  size_t bytes_ = 0;
};

// A max-heap on the row order: the worst row held is on top, ready to be replaced.
class TopRows final : public RowHolder {
 public:
  TopRows(size_t count, std::vector<bool> descending)
      : count_(count), descending_(std::move(descending)) {}

  void Accept(EvalContext& ctx, std::vector<Value>& keys, uint64_t sequence) override {
    if (count_ == 0) return;
    if (heap_.size() == count_) {
      probe_.keys = keys;  // views: cheap; only a winner is copied
      probe_.sequence = sequence;
      if (!Less(probe_, heap_.front())) return;
      std::pop_heap(heap_.begin(), heap_.end(), Comparator());
      bytes_ -= KeyedBytes(heap_.back());
      heap_.pop_back();
    }
    heap_.push_back(Keep(ctx, keys, sequence));
    bytes_ += KeyedBytes(heap_.back());
    std::push_heap(heap_.begin(), heap_.end(), Comparator());
  }

  std::vector<Row> Snapshot() const override { return RowsOf(Sorted()); }
  std::vector<KeyedRow> Sorted() const {
    std::vector<KeyedRow> sorted = heap_;
    std::sort(sorted.begin(), sorted.end(), Comparator());
    return sorted;
  }
  size_t RetainedRows() const override { return heap_.size(); }
  size_t RetainedBytes() const override { return bytes_; }

 private:
  struct Order {
    const std::vector<bool>* descending;
    bool operator()(const KeyedRow& a, const KeyedRow& b) const {
      return RowBefore(a, b, *descending);
    }
  };
  bool Less(const KeyedRow& a, const KeyedRow& b) const { return RowBefore(a, b, descending_); }
  Order Comparator() const { return Order{&descending_}; }

  size_t count_;
  std::vector<bool> descending_;
  std::vector<KeyedRow> heap_;
  KeyedRow probe_;
  size_t bytes_ = 0;
};

class LatestPerKey final : public RowHolder {
 public:
  LatestPerKey(const DedupStep& step, size_t null_rows, std::vector<bool> descending)
      : step_(step), descending_(descending), nulls_(null_rows, std::move(descending)) {}

  void Accept(EvalContext& ctx, std::vector<Value>& keys, uint64_t sequence) override {
    for (int slot : step_.slots) ResolveSlot(slot, ctx);
    if (!DedupKey(step_, ctx.row, key_)) {  // a null is never a duplicate
      nulls_.Accept(ctx, keys, sequence);
      return;
    }
    auto it = best_.find(key_);
    if (it == best_.end()) {
      KeyedRow k = Keep(ctx, keys, sequence);
      bytes_ += KeyedBytes(k) + 2 * key_.size() + 64;
      best_.emplace(key_, std::move(k));
      return;
    }
    KeyedRow probe;
    probe.keys = keys;
    probe.sequence = sequence;
    if (!RowBefore(probe, it->second, descending_)) return;
    bytes_ -= KeyedBytes(it->second);
    it->second = Keep(ctx, keys, sequence);
    bytes_ += KeyedBytes(it->second);
  }

  std::vector<Row> Snapshot() const override {
    std::vector<KeyedRow> all = nulls_.Sorted();
    for (const auto& [key, k] : best_) all.push_back(k);
    std::sort(all.begin(), all.end(),
              [&](const KeyedRow& a, const KeyedRow& b) { return RowBefore(a, b, descending_); });
    return RowsOf(std::move(all));
  }
  size_t RetainedRows() const override { return best_.size() + nulls_.RetainedRows(); }
  size_t RetainedBytes() const override { return bytes_ + nulls_.RetainedBytes(); }

 private:
  const DedupStep& step_;
  std::vector<bool> descending_;
  TopRows nulls_;
  std::unordered_map<std::string, KeyedRow> best_;
  std::string key_;
  size_t bytes_ = 0;
};

class Groups final : public RowHolder {
 public:
  Groups(const Plan& plan, const StatsStep& step) : grouping_(plan, step) {}
  void Accept(EvalContext& ctx, std::vector<Value>&, uint64_t) override { grouping_.Add(ctx); }
  std::vector<Row> Snapshot() const override { return grouping_.Finish(); }
  size_t RetainedRows() const override { return grouping_.groups(); }
  size_t RetainedBytes() const override { return grouping_.RetainedBytes(); }

 private:
  Grouping grouping_;
};

}  // namespace

std::unique_ptr<RowHolder> MakeFirstRows(size_t count) {
  return std::make_unique<FirstRows>(count);
}

std::unique_ptr<RowHolder> MakeTopRows(size_t count, std::vector<bool> descending) {
  return std::make_unique<TopRows>(count, std::move(descending));
}

std::unique_ptr<RowHolder> MakeLatestPerKey(const DedupStep& step, size_t null_rows,
                                            std::vector<bool> descending) {
  return std::make_unique<LatestPerKey>(step, null_rows, std::move(descending));
}

std::unique_ptr<RowHolder> MakeGroups(const Plan& plan, const StatsStep& step) {
  return std::make_unique<Groups>(plan, step);
}

}  // namespace berth::services::logs::insights
