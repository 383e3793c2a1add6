#include "services/logs/insights/binder.h"

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
      {"@timestamp", FieldSource::kTimestamp},
      {"@ingestionTime", FieldSource::kIngestionTime},
      {"@message", FieldSource::kMessage},
      {"@logStream", FieldSource::kLogStream},
      {"@log", FieldSource::kLog},
      {"@ptr", FieldSource::kPtr},
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

}  // namespace

int Binder::SlotFor(const std::string& name) {
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

void Binder::Fail(SyntaxError e) {
  if (!error_) error_ = std::move(e);
}

std::string Binder::SourceText(const ast::Expr& e) const {
  return std::string(text_.substr(e.span.begin, e.span.end - e.span.begin));
}

bool Binder::CountRegex(const SourceSpan& span) {
  if (++regexes_ <= kMaxRegexes) return true;
  Fail(MakeSyntaxError(
      "a query can hold at most " + std::to_string(kMaxRegexes) + " patterns (like, =~ and parse)",
      span));
  return false;
}

std::optional<BoundExpr> Binder::Bind(const ast::Expr& e, Scope& scope) {
  BoundExpr out;
  switch (e.kind) {
    case ExprKind::kField:
      if (scope.stats && !scope.in_aggregate) {
        Fail(MakeSyntaxError(
            "field " + e.text + " must be inside an aggregate function in stats, or follow by",
            e.span));
        return std::nullopt;
      }
      out.op = ExprOp::kField;
      out.slot = SlotFor(e.text);
      return out;
    case ExprKind::kNumber: out.constant = Value::Number(e.number); return out;
    case ExprKind::kString: out.constant = Value::Owned(e.text); return out;
    case ExprKind::kBool: out.constant = Value::Bool(e.flag); return out;
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
      out.op = ExprOp::kBinary;
      out.binary_op = e.binary_op;
      return BindArgs(e, out, scope);
    case ExprKind::kIn:
      out.op = ExprOp::kIn;
      out.negated = e.flag;
      return BindArgs(e, out, scope);
    case ExprKind::kLike: return BindLike(e, scope);
    case ExprKind::kCall: return BindCall(e, scope);
  }
  return std::nullopt;
}

std::optional<BoundExpr> Binder::BindArgs(const ast::Expr& e, BoundExpr& out, Scope& scope) {
  for (const auto& arg : e.args) {
    auto bound = Bind(*arg, scope);
    if (!bound) return std::nullopt;
    out.args.push_back(std::move(*bound));
  }
  return std::move(out);
}

std::optional<BoundExpr> Binder::BindLike(const ast::Expr& e, Scope& scope) {
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

std::optional<BoundExpr> Binder::BindCall(const ast::Expr& e, Scope& scope) {
  const FunctionSpec* fn = FindFunction(e.text);
  if (!fn) {
    Fail(MakeSyntaxError("unknown function " + e.text, e.span));
    return std::nullopt;
  }
  const int n = static_cast<int>(e.args.size());
  const bool star = n == 1 && e.args[0]->kind == ExprKind::kStar;
  if (n < fn->min_args || (fn->max_args >= 0 && n > fn->max_args)) {
    std::string expected = std::to_string(fn->min_args);
    if (fn->max_args < 0)
      expected += " or more";
    else if (fn->max_args != fn->min_args)
      expected += " to " + std::to_string(fn->max_args);
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
    case FunctionForm::kValues: return BindArgs(e, out, scope);
  }
  return std::nullopt;
}

bool Binder::PeriodArg(const ast::Expr& arg, Period& period) {
  if (arg.kind != ExprKind::kPeriod) {
    Fail(UnexpectedSymbol(SourceText(arg), arg.span, "expected a time period such as 5m or 1h"));
    return false;
  }
  period = arg.period;
  return true;
}

std::optional<BoundExpr> Binder::BindAggregate(const ast::Expr& e, const FunctionSpec& fn,
                                               bool star, Scope& scope) {
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

}  // namespace berth::services::logs::insights
