#include "services/logs/insights/plan.h"

#include <re2/re2.h>

#include <optional>

#include "services/logs/insights/binder.h"
#include "services/logs/insights/patterns.h"

namespace berth::services::logs::insights {
namespace {

using ast::ExprKind;

class Planner {
 public:
  Planner(const ast::Query& query, std::string_view text)
      : query_(query), text_(text), binder_(plan_, text) {}

  SyntaxResult<Plan> Run() {
    plan_.timestamp_slot = SlotFor("@timestamp");
    plan_.ptr_slot = SlotFor("@ptr");
    for (size_t i = 0; i < query_.commands.size(); ++i) {
      const ast::Command& command = query_.commands[i];
      if (after_dedup_ && !std::holds_alternative<ast::Limit>(command.body))
        return UnexpectedSymbol(CommandWord(command), command.span, "only limit can follow dedup");
      std::visit([&](const auto& body) { Add(command, body); }, command.body);
      if (binder_.error()) return std::move(*binder_.error());
    }
    FinishShape();
    ChooseColumns();
    return std::move(plan_);
  }

 private:
  std::string CommandWord(const ast::Command& command) const {
    return std::string(text_.substr(command.span.begin, command.span.end - command.span.begin));
  }

  int SlotFor(const std::string& name) { return binder_.SlotFor(name); }
  void Fail(SyntaxError e) { binder_.Fail(std::move(e)); }
  std::string SourceText(const ast::Expr& e) const { return binder_.SourceText(e); }
  std::optional<BoundExpr> Bind(const ast::Expr& e, Scope& scope) { return binder_.Bind(e, scope); }
  bool CountRegex(const SourceSpan& span) { return binder_.CountRegex(span); }

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
      if (!seen_stats_)
        AddFieldsColumn(name);
      else
        post_stats_fields_.push_back(name);
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
        return Fail(MakeSyntaxError(
            "stats needs an aggregate function such as count(*), found " + SourceText(*item.expr),
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
        return Fail(MakeSyntaxError("the parse pattern has " + std::to_string(stars) + " * but " +
                                        std::to_string(parse.names.size()) + " names follow as",
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
    if (!sort_since_stats_ && !seen_stats_)
      plan_.steps.push_back(LatestFirst(plan_.timestamp_slot));
    DedupStep step;
    for (const ast::Name& name : dedup.fields) step.slots.push_back(SlotFor(name.name));
    plan_.steps.push_back(std::move(step));
    after_dedup_ = true;
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
  Binder binder_;

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
