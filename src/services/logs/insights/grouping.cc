#include "services/logs/insights/grouping.h"

#include <algorithm>
#include <cmath>

#include "services/logs/insights/row_order.h"

namespace berth::services::logs::insights {
namespace {

// Rough cost of one group beyond its key bytes: the map node, the group and its accumulators.
constexpr size_t kGroupOverhead = 128;

}  // namespace

Grouping::Grouping(const Plan& plan, const StatsStep& step) : plan_(plan), step_(step) {}

void Grouping::Add(EvalContext& ctx) {
  key_.clear();
  key_values_.clear();
  for (const BoundExpr& e : step_.group_keys) {
    key_values_.push_back(Evaluate(e, ctx));
    AppendValueKey(key_values_.back(), key_);
  }
  auto [it, inserted] = index_.try_emplace(key_, groups_.size());
  if (inserted) {
    Group group;
    for (Value& v : key_values_) {
      v.MakeOwned();
      group.keys.push_back(std::move(v));
    }
    for (const StatsStep::Aggregate& a : step_.aggregates)
      group.aggregates.push_back(MakeAggregator(a.kind, a.percentile));
    groups_.push_back(std::move(group));
    bytes_ += 2 * key_.size() + kGroupOverhead * (1 + step_.aggregates.size());
  }
  Group& group = groups_[it->second];

  std::optional<int64_t> timestamp;
  const Value& ts = ResolveSlot(plan_.timestamp_slot, ctx);
  if (ts.kind() == Value::Kind::kTimestamp)
    timestamp = ts.as_millis();
  else if (auto n = ToNumber(ts); n && std::fabs(*n) < 9e18)
    timestamp = static_cast<int64_t>(*n);

  for (size_t i = 0; i < step_.aggregates.size(); ++i) {
    const StatsStep::Aggregate& a = step_.aggregates[i];
    Aggregator& aggregator = *group.aggregates[i];
    const size_t before = aggregator.RetainedBytes();
    if (a.kind == AggregateKind::kCountAll)
      aggregator.Add(Value::Bool(true), timestamp);
    else
      aggregator.Add(Evaluate(a.argument, ctx), timestamp);
    bytes_ += aggregator.RetainedBytes() - before;
  }
}

std::vector<Row> Grouping::Finish() const {
  std::vector<KeyedRow> keyed;
  keyed.reserve(groups_.size());
  std::vector<Value> results;
  for (size_t g = 0; g < groups_.size(); ++g) {
    const Group& group = groups_[g];
    KeyedRow k;
    k.sequence = g;
    k.keys = group.keys;
    k.row.assign(plan_.slots.size(), Value());
    for (size_t i = 0; i < step_.group_slots.size(); ++i)
      k.row[step_.group_slots[i]] = group.keys[i];
    results.clear();
    for (const auto& aggregator : group.aggregates) results.push_back(aggregator->Result());
    EvalContext ctx{plan_, k.row};
    ctx.aggregates = &results;
    for (size_t i = 0; i < step_.outputs.size(); ++i) {
      Value v = Evaluate(step_.outputs[i], ctx);
      v.MakeOwned();
      k.row[step_.output_slots[i]] = std::move(v);
    }
    keyed.push_back(std::move(k));
  }
  const std::vector<bool> ascending(step_.group_keys.size(), false);
  std::sort(keyed.begin(), keyed.end(),
            [&](const KeyedRow& a, const KeyedRow& b) { return RowBefore(a, b, ascending); });
  return RowsOf(std::move(keyed));
}

}  // namespace berth::services::logs::insights
