#include "services/logs/insights/executor.h"

#include <algorithm>

namespace berth::services::logs::insights {
namespace {

std::unique_ptr<RowHolder> MakeHolder(const Plan& plan, const RunOptions& options) {
  const std::vector<bool>& order = plan.stream_sort_descending;
  if (plan.barrier == plan.steps.size())  // no barrier: the result cap is the limit
    return order.empty() ? MakeFirstRows(options.max_rows) : MakeTopRows(options.max_rows, order);
  const Step& barrier = plan.steps[plan.barrier];
  if (const auto* limit = std::get_if<LimitStep>(&barrier))
    return order.empty() ? MakeFirstRows(limit->count) : MakeTopRows(limit->count, order);
  if (const auto* dedup = std::get_if<DedupStep>(&barrier)) {
    // Only `limit` may follow dedup, so no more null-valued rows than the result can show
    // are needed.
    size_t cap = options.max_rows;
    if (plan.barrier + 1 < plan.steps.size())
      if (const auto* limit = std::get_if<LimitStep>(&plan.steps[plan.barrier + 1]))
        cap = std::min(cap, limit->count);
    return MakeLatestPerKey(*dedup, cap, order);
  }
  return MakeGroups(plan, std::get<StatsStep>(barrier));
}

}  // namespace

Executor::Executor(const Plan& plan, RunOptions options)
    : plan_(plan), options_(options), holder_(MakeHolder(plan, options)) {
  row_.assign(plan_.slots.size(), Value());
}

void Executor::Add(const RecordView& record) {
  ++scanned_;
  bytes_ += record.message.size();
  if (failure_) return;
  json_.Reset(record.message);
  resolved_.assign(plan_.slots.size(), 0);
  keys_.clear();
  EvalContext ctx{plan_, row_, &record, &json_, &resolved_};
  for (size_t i = 0; i < plan_.barrier; ++i) {
    const Step& step = plan_.steps[i];
    if (const auto* sort = std::get_if<SortStep>(&step)) {
      // A later sort orders first; the earlier keys break its ties.
      step_keys_.clear();
      for (const BoundExpr& key : sort->keys) step_keys_.push_back(Evaluate(key, ctx));
      for (Value& v : keys_) step_keys_.push_back(std::move(v));
      std::swap(keys_, step_keys_);
      continue;
    }
    if (!ApplyRowStep(step, ctx)) return;
  }
  ++matched_;
  holder_->Accept(ctx, keys_, matched_);
  if (holder_->RetainedBytes() > options_.max_retained_bytes)
    failure_ =
        Error{"LimitExceededException",
              "the query needs more than " + std::to_string(options_.max_retained_bytes >> 20) +
                  " MiB to hold its rows and groups; narrow it with filter, fewer stats "
                  "groups or a smaller limit",
              400};
}

void Executor::ApplyTail(std::vector<Row>& rows) const {
  for (size_t i = plan_.barrier + 1; i < plan_.steps.size(); ++i) {
    const Step& step = plan_.steps[i];
    if (const auto* sort = std::get_if<SortStep>(&step)) {
      SortRows(plan_, *sort, rows);
    } else if (const auto* limit = std::get_if<LimitStep>(&step)) {
      if (rows.size() > limit->count) rows.resize(limit->count);
    } else if (const auto* dedup = std::get_if<DedupStep>(&step)) {
      DedupRows(*dedup, rows);
    } else if (const auto* stats = std::get_if<StatsStep>(&step)) {
      Grouping grouping(plan_, *stats);
      for (Row& row : rows) {
        EvalContext ctx{plan_, row};
        grouping.Add(ctx);
      }
      rows = grouping.Finish();
    } else {
      std::vector<Row> kept;
      kept.reserve(rows.size());
      for (Row& row : rows) {
        EvalContext ctx{plan_, row};
        if (ApplyRowStep(step, ctx)) kept.push_back(std::move(row));
      }
      rows = std::move(kept);
    }
  }
}

std::vector<Row> Executor::Rows() const {
  if (failure_) return {};
  std::vector<Row> rows = holder_->Snapshot();
  ApplyTail(rows);
  if (!plan_.has_stats && !plan_.has_sort)  // AWS's default: the most recent first
    SortRows(plan_, LatestFirst(plan_.timestamp_slot), rows);
  if (rows.size() > options_.max_rows) rows.resize(options_.max_rows);
  return rows;
}

}  // namespace berth::services::logs::insights
