#pragma once
// Evaluates bound expressions and the row-at-a-time steps (fields, filter, parse) over one
// row. A row is a value per slot of the plan. While a record is being scanned, slots the query
// has not assigned are read from the record on first use (`resolved` tracks which); rows held
// after the record is gone carry every slot they need and have no record.

#include <cstdint>
#include <string_view>
#include <vector>

#include "services/logs/insights/json_fields.h"
#include "services/logs/insights/plan.h"
#include "services/logs/insights/value.h"

namespace berth::services::logs::insights {

using Row = std::vector<Value>;

// What the engine reads from one event (see LogRecord in query.h).
struct RecordView {
  int64_t timestamp_ms = 0;
  int64_t ingestion_ms = 0;
  std::string_view message;
  std::string_view log_stream;
  std::string_view log_group;
  std::string_view ptr;
};

struct EvalContext {
  const Plan& plan;
  Row& row;
  // Set while scanning a record: the record, its JSON fields and which slots hold a value.
  const RecordView* record = nullptr;
  JsonFields* json = nullptr;
  std::vector<uint8_t>* resolved = nullptr;
  // Set while computing stats outputs: the group's aggregate results.
  const std::vector<Value>* aggregates = nullptr;
};

Value Evaluate(const BoundExpr& e, EvalContext& ctx);

// The slot's value, read from the record first if need be.
Value& ResolveSlot(int slot, EvalContext& ctx);
void AssignSlot(int slot, Value value, EvalContext& ctx);

// Reads every slot from the record and makes all strings owned, so the row can outlive it.
void Materialize(EvalContext& ctx);

// Applies a fields, filter or parse step; false when a filter drops the row.
bool ApplyRowStep(const Step& step, EvalContext& ctx);

}  // namespace berth::services::logs::insights
