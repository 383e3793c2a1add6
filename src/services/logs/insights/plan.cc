#include "services/logs/insights/plan.h"

#include <re2/re2.h>

#include <map>
#include <optional>

#include "services/logs/insights/patterns.h"

namespace berth::services::logs::insights {
namespace {

using ast::ExprKind;

FieldSource SourceOf(std::string_view name, std::string& json_path) {
  struct Builtin {
    std::string_view name;
    FieldSource source;
  };
  static constexpr Builtin kBuiltins[] = {
      {"@timestamp", FieldSource::kTimestamp}, {"@ingestionTime", FieldSource::kIngestionTime},
      {"@message", FieldSource::kMessage},     {"@logStream", FieldSource::kLogStream},
      {"@log", FieldSource::kLog},             {"@ptr", FieldSource::kPtr},
  };
  for (const Builtin& b : kBuiltins)
    if (b.name == name) return b.source;
  if (name.starts_with("@@")) {  // a JSON key that itself starts with @
    json_path = std::string(name.substr(1));
    return FieldSource::kJson;
  }
  if (name.starts_with("@")) return FieldSource::kNone;  // only the query can set these
  json_path = std::string(name);
  return FieldSource::kJson;
}

// Binding state for one expression.
struct Scope {
  StatsStep* stats = nullptr;  // set inside a stats item: aggregates allowed
  bool in_aggregate = false;
};

class Planner {
 public:
  Planner(const ast::Query& query, std::string_view text) : query_(query), text_(text) {}

  SyntaxResult<Plan> Run() {
    plan_.timestamp_slot = SlotFor("@timestamp");
    plan_.ptr_slot = SlotFor("@ptr");
    for (size_t i = 0; i < query_.commands.size(); ++i) {
      const ast::Command& command = query_.commands[i];
      if (after_dedup_ && !std::holds_alternative<ast::Limit>(command.body))
        return UnexpectedSymbol(CommandWord(command), command.span,
                                "only limit can follow dedup");
      std::visit([&](const auto& body) { Add(command, body); }, command.body);
      if (error_) return std::move(*error_);
    }
    FinishShape();
    ChooseColumns();
    return std::move(plan_);
  }

 private:
  std::string CommandWord(const ast::Command& command) const {
    return std::string(text_.substr(command.span.begin, command.span.end - command.span.begin));
  }

  int SlotFor(const std::string& name) {
    auto it = slot_by_name_.find(name);
    if (it != slot_by_name_.end()) return it->second;
    Slot slot;
    slot.name = name;
    slot.source = SourceOf(name, slot.json_path);
    plan_.slots.push_back(std::move(slot));
    const int index = static_cast<int>(plan_.slots.size()) - 1;
    slot_by_name_.emplace(name, index);
    return index;
  }

  void Fail(SyntaxError e) {
    if (!error_) error_ = std::move(e);
  }

  std::string SourceText(const ast::Expr& e) const {
    return std::string(text_.substr(e.span.begin, e.span.end - e.span.begin));
  }

  // The column an item shows as: its alias, its field name, or its text.
  std::string ColumnName(const ast::NamedExpr& item) const {
    if (!item.alias.empty()) return item.alias;
    if (item.expr->kind == ExprKind::kField) return item.expr->text;
    return SourceText(*item.expr);
  }

  // --- commands ----------------------------------------------------------------------------

  void Add(const ast::Command&, const ast::Fields& fields) {
    FieldsStep step;
    for (const ast::NamedExpr& item : fields.items) {
      Scope scope;
      auto value = Bind(*item.expr, scope);
      if (!value) return;
      const std::string name = ColumnName(item);
      step.assignments.push_back({SlotFor(name), std::move(*value)});
      if (!seen_stats_) AddFieldsColumn(name);
      else post_stats_fields_.push_back(name);
    }
    plan_.steps.push_back(std::move(step));
  }

  void Add(const ast::Command&, const ast::Display& display) {
    display_.clear();
    for (const ast::Name& name : display.fields) display_.push_back(name.name), SlotFor(name.name);
    display_after_stats_ = seen_stats_;
    has_display_ = true;
    plan_.steps.push_back(DisplayStep{});
  }

  void Add(const ast::Command&, const ast::Filter& filter) {
    Scope scope;
    auto condition = Bind(*filter.condition, scope);
    if (!condition) return;
    plan_.steps.push_back(FilterStep{std::move(*condition)});
  }

  void Add(const ast::Command&, const ast::Stats& stats) {
    StatsStep step;
    for (const ast::NamedExpr& group : stats.by) {
      Scope scope;
      auto key = Bind(*group.expr, scope);
      if (!key) return;
      step.group_keys.push_back(std::move(*key));
      step.group_slots.push_back(SlotFor(ColumnName(group)));
    }
    std::vector<std::string> names;
    for (const ast::NamedExpr& item : stats.items) {
      Scope scope;
      scope.stats = &step;
      const size_t aggregates_before = step.aggregates.size();
      auto output = Bind(*item.expr, scope);
      if (!output) return;
      if (step.aggregates.size() == aggregates_before)
        return Fail(MakeSyntaxError("stats needs an aggregate function such as count(*), found " +
                                        SourceText(*item.expr),
                                    item.expr->span));
      step.outputs.push_back(std::move(*output));
      names.push_back(ColumnName(item));
    }
    for (const std::string& name : names) step.output_slots.push_back(SlotFor(name));
    // The columns stats shows: its groups, then its aggregates.
    stats_columns_.clear();
    for (const ast::NamedExpr& group : stats.by) stats_columns_.push_back(ColumnName(group));
    for (const std::string& name : names) stats_columns_.push_back(name);
    post_stats_fields_.clear();
    seen_stats_ = true;
    sort_since_stats_ = false;
    plan_.has_stats = true;
    plan_.steps.push_back(std::move(step));
  }

  void Add(const ast::Command&, const ast::Sort& sort) {
    SortStep step;
    for (const ast::SortKey& key : sort.keys) {
      Scope scope;
      auto bound = Bind(*key.expr, scope);
      if (!bound) return;
      step.keys.push_back(std::move(*bound));
      step.descending.push_back(key.descending);
    }
    plan_.has_sort = true;
    sort_since_stats_ = true;
    plan_.steps.push_back(std::move(step));
  }

  void Add(const ast::Command&, const ast::Limit& limit) {
    plan_.steps.push_back(LimitStep{static_cast<size_t>(limit.count)});
  }

  void Add(const ast::Command&, const ast::Parse& parse) {
    ParseStep step;
    if (parse.source) {
      Scope scope;
      auto source = Bind(*parse.source, scope);
      if (!source) return;
      step.source = std::move(*source);
    } else {
      step.source.op = ExprOp::kField;
      step.source.slot = SlotFor("@message");
    }
    if (!CountRegex(parse.pattern_span)) return;
    if (parse.is_regex) {
      auto regex = CompileRegex(parse.pattern, parse.pattern_span);
      if (!regex.ok()) return Fail(regex.error());
      step.pattern = std::move(regex).value();
      step.capture_slots.assign(step.pattern->NumberOfCapturingGroups(), -1);
      for (const auto& [name, index] : step.pattern->NamedCapturingGroups())
        step.capture_slots[index - 1] = SlotFor(name);
      if (step.pattern->NamedCapturingGroups().empty())
        return Fail(MakeSyntaxError("a parse regex needs named groups such as (?<name>…)",
                                    parse.pattern_span));
    } else {
      const size_t stars = CountGlobStars(parse.pattern);
      if (stars != parse.names.size())
        return Fail(MakeSyntaxError("the parse pattern has " + std::to_string(stars) +
                                        " * but " + std::to_string(parse.names.size()) +
                                        " names follow as",
                                    parse.pattern_span));
      auto regex = CompileGlob(parse.pattern, parse.pattern_span);
      if (!regex.ok()) return Fail(regex.error());
      step.pattern = std::move(regex).value();
      for (const ast::Name& name : parse.names) step.capture_slots.push_back(SlotFor(name.name));
    }
    plan_.steps.push_back(std::move(step));
  }

  void Add(const ast::Command&, const ast::Dedup& dedup) {
    // AWS: without a sort before it, dedup keeps the most recent event of each value.
    if (!sort_since_stats_ && !seen_stats_) plan_.steps.push_back(LatestFirst(plan_.timestamp_slot));
    DedupStep step;
    for (const ast::Name& name : dedup.fields) step.slots.push_back(SlotFor(name.name));
    plan_.steps.push_back(std::move(step));
    after_dedup_ = true;
  }

  // Each pattern holds memory of its own: a query may have only so many.
  bool CountRegex(const SourceSpan& span) {
    if (++regexes_ <= kMaxRegexes) return true;
    Fail(MakeSyntaxError("a query can hold at most " + std::to_string(kMaxRegexes) +
                             " patterns (like, =~ and parse)",
                         span));
    return false;
  }

  // --- expressions -------------------------------------------------------------------------

  std::optional<BoundExpr> Bind(const ast::Expr& e, Scope& scope) {
    BoundExpr out;
    switch (e.kind) {
      case ExprKind::kField:
        if (scope.stats && !scope.in_aggregate) {
          Fail(MakeSyntaxError("field " + e.text +
                                   " must be inside an aggregate function in stats, or follow by",
                               e.span));
          return std::nullopt;
        }
        out.op = ExprOp::kField;
        out.slot = SlotFor(e.text);
        return out;
      case ExprKind::kNumber:
        out.constant = Value::Number(e.number);
        return out;
      case ExprKind::kString:
        out.constant = Value::Owned(e.text);
        return out;
      case ExprKind::kBool:
        out.constant = Value::Bool(e.flag);
        return out;
      case ExprKind::kRegex:
        Fail(UnexpectedSymbol("/" + e.text + "/", e.span,
                              "a regular expression can only follow like or =~"));
        return std::nullopt;
      case ExprKind::kPeriod:
        Fail(UnexpectedSymbol(e.text, e.span,
                              "a time period can only be an argument of bin, datefloor or dateceil"));
        return std::nullopt;
      case ExprKind::kStar:
        Fail(UnexpectedSymbol("*", e.span, "* can only be the argument of count"));
        return std::nullopt;
      case ExprKind::kUnary:
        out.op = e.unary_op == ast::UnaryOp::kNot ? ExprOp::kNot : ExprOp::kNegate;
        return BindArgs(e, out, scope);
      case ExprKind::kBinary:
        out.op = BinaryOpOf(e.binary_op);
        return BindArgs(e, out, scope);
      case ExprKind::kIn:
        out.op = ExprOp::kIn;
        out.negated = e.flag;
        return BindArgs(e, out, scope);
      case ExprKind::kLike:
        return BindLike(e, scope);
      case ExprKind::kCall:
        return BindCall(e, scope);
    }
    return std::nullopt;
  }

  static ExprOp BinaryOpOf(ast::BinaryOp op) {
    switch (op) {
      case ast::BinaryOp::kOr: return ExprOp::kOr;
      case ast::BinaryOp::kAnd: return ExprOp::kAnd;
      case ast::BinaryOp::kEqual: return ExprOp::kEqual;
      case ast::BinaryOp::kNotEqual: return ExprOp::kNotEqual;
      case ast::BinaryOp::kLess: return ExprOp::kLess;
      case ast::BinaryOp::kLessEqual: return ExprOp::kLessEqual;
      case ast::BinaryOp::kGreater: return ExprOp::kGreater;
      case ast::BinaryOp::kGreaterEqual: return ExprOp::kGreaterEqual;
      case ast::BinaryOp::kAdd: return ExprOp::kAdd;
      case ast::BinaryOp::kSubtract: return ExprOp::kSubtract;
      case ast::BinaryOp::kMultiply: return ExprOp::kMultiply;
      case ast::BinaryOp::kDivide: return ExprOp::kDivide;
      case ast::BinaryOp::kModulo: return ExprOp::kModulo;
      case ast::BinaryOp::kPower: return ExprOp::kPower;
    }
    return ExprOp::kAnd;
  }

  std::optional<BoundExpr> BindArgs(const ast::Expr& e, BoundExpr& out, Scope& scope) {
    for (const auto& arg : e.args) {
      auto bound = Bind(*arg, scope);
      if (!bound) return std::nullopt;
      out.args.push_back(std::move(*bound));
    }
    return std::move(out);
  }

  std::optional<BoundExpr> BindLike(const ast::Expr& e, Scope& scope) {
    BoundExpr out;
    out.negated = e.flag;
    auto subject = Bind(*e.args[0], scope);
    if (!subject) return std::nullopt;
    out.args.push_back(std::move(*subject));
    const ast::Expr& pattern = *e.args[1];
    if (pattern.kind == ExprKind::kRegex) {
      if (!CountRegex(pattern.span)) return std::nullopt;
      auto regex = CompileRegex(pattern.text, pattern.span);
      if (!regex.ok()) {
        Fail(regex.error());
        return std::nullopt;
      }
      out.op = ExprOp::kMatches;
      out.regex = std::move(regex).value();
      return out;
    }
    out.op = ExprOp::kContains;  // a string (or any value): substring match
    auto bound = Bind(pattern, scope);
    if (!bound) return std::nullopt;
    out.args.push_back(std::move(*bound));
    return out;
  }

  std::optional<BoundExpr> BindCall(const ast::Expr& e, Scope& scope) {
    const FunctionSpec* fn = FindFunction(e.text);
    if (!fn) {
      Fail(MakeSyntaxError("unknown function " + e.text, e.span));
      return std::nullopt;
    }
    const int n = static_cast<int>(e.args.size());
    const bool star = n == 1 && e.args[0]->kind == ExprKind::kStar;
    if (n < fn->min_args || (fn->max_args >= 0 && n > fn->max_args)) {
      std::string expected = std::to_string(fn->min_args);
      if (fn->max_args < 0) expected += " or more";
      else if (fn->max_args != fn->min_args) expected += " to " + std::to_string(fn->max_args);
      Fail(MakeSyntaxError(std::string(fn->name) + " takes " + expected + " argument" +
                               (expected == "1" ? "" : "s") + ", found " + std::to_string(n),
                           e.span));
      return std::nullopt;
    }
    if (fn->aggregate) return BindAggregate(e, *fn, star, scope);

    BoundExpr out;
    out.op = ExprOp::kCall;
    out.function = fn;
    switch (fn->form) {
      case FunctionForm::kPeriodOnly: {  // bin(p) = datefloor(@timestamp, p)
        if (!PeriodArg(*e.args[0], out.period)) return std::nullopt;
        BoundExpr timestamp;
        timestamp.op = ExprOp::kField;
        timestamp.slot = plan_.timestamp_slot;
        if (scope.stats && !scope.in_aggregate) {
          Fail(MakeSyntaxError("bin must follow by in stats", e.span));
          return std::nullopt;
        }
        out.args.push_back(std::move(timestamp));
        return out;
      }
      case FunctionForm::kValueAndPeriod: {
        if (!PeriodArg(*e.args[1], out.period)) return std::nullopt;
        auto value = Bind(*e.args[0], scope);
        if (!value) return std::nullopt;
        out.args.push_back(std::move(*value));
        return out;
      }
      case FunctionForm::kValues:
        return BindArgs(e, out, scope);
    }
    return std::nullopt;
  }

  bool PeriodArg(const ast::Expr& arg, Period& period) {
    if (arg.kind != ExprKind::kPeriod) {
      Fail(UnexpectedSymbol(SourceText(arg), arg.span, "expected a time period such as 5m or 1h"));
      return false;
    }
    period = arg.period;
    return true;
  }

  std::optional<BoundExpr> BindAggregate(const ast::Expr& e, const FunctionSpec& fn, bool star,
                                         Scope& scope) {
    if (!scope.stats) {
      Fail(MakeSyntaxError(std::string(fn.name) + " is a stats function; use it in stats", e.span));
      return std::nullopt;
    }
    if (scope.in_aggregate) {
      Fail(MakeSyntaxError("stats functions cannot be nested: " + SourceText(e), e.span));
      return std::nullopt;
    }
    StatsStep::Aggregate aggregate;
    aggregate.kind = fn.aggregate_kind;
    if (fn.aggregate_kind == AggregateKind::kCount && (e.args.empty() || star)) {
      aggregate.kind = AggregateKind::kCountAll;
    } else {
      if (star) {
        Fail(UnexpectedSymbol("*", e.args[0]->span, "only count takes *"));
        return std::nullopt;
      }
      Scope inner = scope;
      inner.in_aggregate = true;
      auto argument = Bind(*e.args[0], inner);
      if (!argument) return std::nullopt;
      aggregate.argument = std::move(*argument);
      if (fn.aggregate_kind == AggregateKind::kPct) {
        const ast::Expr& p = *e.args[1];
        if (p.kind != ExprKind::kNumber || p.number < 0 || p.number > 100) {
          Fail(UnexpectedSymbol(SourceText(p), p.span, "pct takes a percentile from 0 to 100"));
          return std::nullopt;
        }
        aggregate.percentile = p.number;
      }
    }
    scope.stats->aggregates.push_back(std::move(aggregate));
    BoundExpr out;
    out.op = ExprOp::kAggregate;
    out.aggregate = static_cast<int>(scope.stats->aggregates.size()) - 1;
    return out;
  }

  // --- shape -------------------------------------------------------------------------------

  void AddFieldsColumn(const std::string& name) {
    for (const std::string& existing : fields_columns_)
      if (existing == name) return;
    fields_columns_.push_back(name);
  }

  void FinishShape() {
    plan_.barrier = plan_.steps.size();
    for (size_t i = 0; i < plan_.steps.size(); ++i) {
      const Step& step = plan_.steps[i];
      if (std::holds_alternative<LimitStep>(step) || std::holds_alternative<DedupStep>(step) ||
          std::holds_alternative<StatsStep>(step)) {
        plan_.barrier = i;
        break;
      }
      if (const auto* sort = std::get_if<SortStep>(&step)) {
        std::vector<bool> directions = sort->descending;
        directions.insert(directions.end(), plan_.stream_sort_descending.begin(),
                          plan_.stream_sort_descending.end());
        plan_.stream_sort_descending = std::move(directions);
      }
    }
  }

  void ChooseColumns() {
    std::vector<std::string> names;
    if (has_display_ && (!plan_.has_stats || display_after_stats_)) {
      names = display_;
    } else if (plan_.has_stats) {
      names = stats_columns_;
      for (const std::string& name : post_stats_fields_) names.push_back(name);
    } else if (!fields_columns_.empty()) {
      names = fields_columns_;
    } else {
      names = {"@timestamp", "@message"};
    }
    std::vector<std::string> unique;
    for (const std::string& name : names) {
      bool seen = false;
      for (const std::string& u : unique) seen = seen || u == name;
      if (!seen) unique.push_back(name);
    }
    if (!plan_.has_stats) {  // every event row carries its @ptr, as on AWS
      bool seen = false;
      for (const std::string& u : unique) seen = seen || u == "@ptr";
      if (!seen) unique.push_back("@ptr");
    }
    for (std::string& name : unique) {
      const int slot = SlotFor(name);
      plan_.columns.push_back(Column{std::move(name), slot});
    }
  }

  const ast::Query& query_;
  std::string_view text_;
  insights::Plan plan_;
  std::map<std::string, int, std::less<>> slot_by_name_;
  std::optional<SyntaxError> error_;

  int regexes_ = 0;
  bool seen_stats_ = false;
  bool sort_since_stats_ = false;
  bool after_dedup_ = false;
  bool has_display_ = false;
  bool display_after_stats_ = false;
  std::vector<std::string> display_;
  std::vector<std::string> fields_columns_;
  std::vector<std::string> stats_columns_;
  std::vector<std::string> post_stats_fields_;
};

}  // namespace

SortStep LatestFirst(int timestamp_slot) {
  SortStep step;
  BoundExpr timestamp;
  timestamp.op = ExprOp::kField;
  timestamp.slot = timestamp_slot;
  step.keys.push_back(std::move(timestamp));
  step.descending.push_back(true);
  return step;
}

SyntaxResult<Plan> BuildPlan(const ast::Query& query, std::string_view text) {
  return Planner(query, text).Run();
}

}  // namespace berth::services::logs::insights
