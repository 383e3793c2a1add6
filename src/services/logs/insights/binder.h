#pragma once
// Part of stage 3: binds expressions for the planner — field names to slots (one per distinct
// name), calls to the function table, /regex/ patterns to RE2 — and checks what may appear
// where (aggregates only in stats, periods only in bin/datefloor/dateceil). It owns the slot
// table and the first error met; the planner owns everything else.

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "services/logs/insights/ast.h"
#include "services/logs/insights/errors.h"
#include "services/logs/insights/plan.h"

namespace berth::services::logs::insights {

// Where an expression sits.
struct Scope {
  StatsStep* stats = nullptr;  // set inside a stats item: aggregates allowed, and added here
  bool in_aggregate = false;
};

class Binder {
 public:
  // `plan` receives the slots; `text` is the query (for messages and column names).
  Binder(Plan& plan, std::string_view text) : plan_(plan), text_(text) {}

  // nullopt on error (see error()).
  std::optional<BoundExpr> Bind(const ast::Expr& e, Scope& scope);

  int SlotFor(const std::string& name);
  // Counts one more RE2 pattern; false (and an error) past kMaxRegexes.
  bool CountRegex(const SourceSpan& span);
  std::string SourceText(const ast::Expr& e) const;

  void Fail(SyntaxError e);
  std::optional<SyntaxError>& error() { return error_; }

 private:
  std::optional<BoundExpr> BindArgs(const ast::Expr& e, BoundExpr& out, Scope& scope);
  std::optional<BoundExpr> BindLike(const ast::Expr& e, Scope& scope);
  std::optional<BoundExpr> BindCall(const ast::Expr& e, Scope& scope);
  std::optional<BoundExpr> BindAggregate(const ast::Expr& e, const FunctionSpec& fn, bool star,
                                         Scope& scope);
  bool PeriodArg(const ast::Expr& arg, Period& period);

  Plan& plan_;
  std::string_view text_;
  std::map<std::string, int, std::less<>> slot_by_name_;
  std::optional<SyntaxError> error_;
  int regexes_ = 0;
};

}  // namespace berth::services::logs::insights
