#pragma once
// The first step that must hold rows (the plan's barrier) decides what a run keeps while it
// scans, and so how much memory it needs:
//   FirstRows  `limit n` with no sort before it: the first n rows that arrive, then it is full.
//   TopRows    `sort … | limit n` (or sort alone, under the row cap): a bounded heap of the n
//              best rows; a row that cannot make it is never copied.
//   LatestPerKey `dedup f`: the best row per distinct value (plus the best rows with nulls).
//   Groups     `stats`: one accumulator set per group.
// Each keeps its rows owned (they outlive the record) and counts what it holds.

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "services/logs/insights/grouping.h"
#include "services/logs/insights/row_order.h"

namespace berth::services::logs::insights {

class RowHolder {
 public:
  virtual ~RowHolder() = default;
  // Takes the row in `ctx`; `keys` are its sort keys (views allowed), `sequence` its arrival.
  virtual void Accept(EvalContext& ctx, std::vector<Value>& keys, uint64_t sequence) = 0;
  // The rows held, in the order the barrier defines.
  virtual std::vector<Row> Snapshot() const = 0;
  // True when no further row can change what is held.
  virtual bool Full() const { return false; }
  virtual size_t RetainedRows() const = 0;
  virtual size_t RetainedBytes() const = 0;
};

std::unique_ptr<RowHolder> MakeFirstRows(size_t count);
std::unique_ptr<RowHolder> MakeTopRows(size_t count, std::vector<bool> descending);
std::unique_ptr<RowHolder> MakeLatestPerKey(const DedupStep& step, size_t null_rows,
                                            std::vector<bool> descending);
std::unique_ptr<RowHolder> MakeGroups(const Plan& plan, const StatsStep& step);

}  // namespace berth::services::logs::insights
