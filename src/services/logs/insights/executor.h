#pragma once
// Stage 5: runs a plan over records fed one at a time. Each record passes the streaming steps
// (fields, filter, parse, sort keys) and, if it survives, goes to the plan's barrier holder;
// when results are asked for, the held rows pass the remaining steps in memory, take AWS's
// default order and are capped. What a run keeps is bounded by the barrier (see holders.h)
// and by RunOptions::max_retained_bytes, past which the run fails instead of growing.

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "core/result.h"
#include "services/logs/insights/evaluator.h"
#include "services/logs/insights/holders.h"
#include "services/logs/insights/json_fields.h"
#include "services/logs/insights/plan.h"
#include "services/logs/insights/run_options.h"

namespace berth::services::logs::insights {

class Executor {
 public:
  Executor(const Plan& plan, RunOptions options);

  void Add(const RecordView& record);
  bool Saturated() const { return failure_.has_value() || holder_->Full(); }
  // The result rows, in output order.
  std::vector<Row> Rows() const;

  const std::optional<Error>& failure() const { return failure_; }
  uint64_t records_scanned() const { return scanned_; }
  uint64_t records_matched() const { return matched_; }
  uint64_t bytes_scanned() const { return bytes_; }
  size_t RetainedRows() const { return holder_->RetainedRows(); }
  size_t RetainedBytes() const { return holder_->RetainedBytes(); }

 private:
  void ApplyTail(std::vector<Row>& rows) const;

  const Plan& plan_;
  RunOptions options_;
  std::unique_ptr<RowHolder> holder_;
  JsonFields json_;
  Row row_;
  std::vector<uint8_t> resolved_;
  std::vector<Value> keys_, step_keys_;
  std::optional<Error> failure_;
  uint64_t scanned_ = 0, matched_ = 0, bytes_ = 0;
};

}  // namespace berth::services::logs::insights
