#pragma once
// The stats step: rows fold into groups by the values of the `by` expressions, each group
// holding one accumulator per aggregate. Memory grows with the number of groups, not rows.

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "services/logs/insights/aggregates.h"
#include "services/logs/insights/evaluator.h"

namespace berth::services::logs::insights {

class Grouping {
 public:
  Grouping(const Plan& plan, const StatsStep& step);

  // Folds the row in `ctx` into its group.
  void Add(EvalContext& ctx);
  // One row per group — the group values and the stats outputs in their slots — ordered by
  // the group values (natural order, ascending), as AWS lists unsorted stats results.
  std::vector<Row> Finish() const;

  size_t groups() const { return groups_.size(); }
  size_t RetainedBytes() const { return bytes_; }

 private:
  struct Group {
    std::vector<Value> keys;
    std::vector<std::unique_ptr<Aggregator>> aggregates;
  };

  const Plan& plan_;
  const StatsStep& step_;
  std::unordered_map<std::string, size_t> index_;
  std::vector<Group> groups_;
  std::string key_;
  std::vector<Value> key_values_;
  size_t bytes_ = 0;
};

}  // namespace berth::services::logs::insights
