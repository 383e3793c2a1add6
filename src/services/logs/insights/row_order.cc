#include "services/logs/insights/row_order.h"

#include <algorithm>
#include <unordered_set>

#include "services/logs/insights/aggregates.h"

namespace berth::services::logs::insights {

std::vector<Row> RowsOf(std::vector<KeyedRow> keyed) {
  std::vector<Row> rows;
  rows.reserve(keyed.size());
  for (KeyedRow& k : keyed) rows.push_back(std::move(k.row));
  return rows;
}

bool RowBefore(const KeyedRow& a, const KeyedRow& b, const std::vector<bool>& descending) {
  for (size_t i = 0; i < a.keys.size() && i < b.keys.size(); ++i) {
    const Value& x = a.keys[i];
    const Value& y = b.keys[i];
    if (x.is_null() || y.is_null()) {
      if (x.is_null() != y.is_null()) return y.is_null();
      continue;
    }
    int c = NaturalCompare(x, y);
    if (i < descending.size() && descending[i]) c = -c;
    if (c != 0) return c < 0;
  }
  return a.sequence < b.sequence;
}

void SortRows(const Plan& plan, const SortStep& step, std::vector<Row>& rows) {
  std::vector<KeyedRow> keyed;
  keyed.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    KeyedRow k;
    k.sequence = i;
    k.row = std::move(rows[i]);
    EvalContext ctx{plan, k.row};
    for (const BoundExpr& key : step.keys) k.keys.push_back(Evaluate(key, ctx));
    keyed.push_back(std::move(k));
  }
  std::sort(keyed.begin(), keyed.end(),
            [&](const KeyedRow& a, const KeyedRow& b) { return RowBefore(a, b, step.descending); });
  for (size_t i = 0; i < rows.size(); ++i) rows[i] = std::move(keyed[i].row);
}

bool DedupKey(const DedupStep& step, const Row& row, std::string& key) {
  key.clear();
  for (int slot : step.slots) {
    if (row[slot].is_null()) return false;
    AppendValueKey(row[slot], key);
  }
  return true;
}

void DedupRows(const DedupStep& step, std::vector<Row>& rows) {
  std::unordered_set<std::string> seen;
  std::string key;
  std::vector<Row> kept;
  for (Row& row : rows)
    if (!DedupKey(step, row, key) || seen.insert(key).second) kept.push_back(std::move(row));
  rows = std::move(kept);
}

size_t RowBytes(const Row& row) {
  size_t bytes = row.capacity() * sizeof(Value);
  for (const Value& v : row) bytes += v.RetainedBytes();
  return bytes;
}

}  // namespace berth::services::logs::insights
