#pragma once
// Ordering rows for sort, limit and dedup: by key values in AWS's natural order, each key
// ascending or descending, nulls last either way, and ties in arrival order (sorts are stable).

#include <cstdint>
#include <string>
#include <vector>

#include "services/logs/insights/evaluator.h"

namespace berth::services::logs::insights {

struct KeyedRow {
  std::vector<Value> keys;
  uint64_t sequence = 0;  // arrival order, the last tie-breaker
  Row row;
};

// The rows, without their keys.
std::vector<Row> RowsOf(std::vector<KeyedRow> keyed);

// True when `a` comes before `b`.
bool RowBefore(const KeyedRow& a, const KeyedRow& b, const std::vector<bool>& descending);

// Sorts `rows` by the keys of `step`, evaluated on each row (stable).
void SortRows(const Plan& plan, const SortStep& step, std::vector<Row>& rows);

// Keeps the first row of each combination of the slots' values; rows with a null among them
// are all kept (AWS: nulls are not duplicates).
void DedupRows(const DedupStep& step, std::vector<Row>& rows);

// The dedup key of a row, or false when one of its values is null.
bool DedupKey(const DedupStep& step, const Row& row, std::string& key);

// Heap bytes a held row keeps alive.
size_t RowBytes(const Row& row);

}  // namespace berth::services::logs::insights
