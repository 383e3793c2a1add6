#include "services/logs/insights/evaluator.h"

#include <re2/re2.h>

#include <array>
#include <cmath>
#include <string>

namespace berth::services::logs::insights {
namespace {

Value LoadSource(const Slot& slot, EvalContext& ctx) {
  const RecordView& r = *ctx.record;
  switch (slot.source) {
    case FieldSource::kTimestamp: return Value::Time(r.timestamp_ms);
    case FieldSource::kIngestionTime: return Value::Time(r.ingestion_ms);
    case FieldSource::kMessage: return Value::View(r.message);
    case FieldSource::kLogStream: return Value::View(r.log_stream);
    case FieldSource::kLog: return Value::View(r.log_group);
    case FieldSource::kPtr: return r.ptr.empty() ? Value() : Value::View(r.ptr);
    case FieldSource::kJson: return ctx.json->Lookup(slot.json_path);
    case FieldSource::kNone: return Value();
  }
  return Value();
}

// Three-valued truth: nullopt is "unknown" (a null operand).
std::optional<bool> Truth(const Value& v) {
  if (v.is_null()) return std::nullopt;
  return IsTruthy(v);
}

Value Arithmetic(ast::BinaryOp op, const Value& a, const Value& b) {
  auto x = ToNumber(a), y = ToNumber(b);
  if (!x || !y) return Value();
  double r = 0;
  switch (op) {
    case ast::BinaryOp::kAdd: r = *x + *y; break;
    case ast::BinaryOp::kSubtract: r = *x - *y; break;
    case ast::BinaryOp::kMultiply: r = *x * *y; break;
    case ast::BinaryOp::kDivide:
      if (*y == 0) return Value();
      r = *x / *y;
      break;
    case ast::BinaryOp::kModulo:
      if (*y == 0) return Value();
      r = std::fmod(*x, *y);
      break;
    default: r = std::pow(*x, *y); break;
  }
  return std::isfinite(r) ? Value::Number(r) : Value();
}

Value Compare(ast::BinaryOp op, const Value& a, const Value& b) {
  if (op == ast::BinaryOp::kEqual || op == ast::BinaryOp::kNotEqual) {
    auto eq = ValuesEqual(a, b);
    if (!eq) return Value();
    return Value::Bool(op == ast::BinaryOp::kEqual ? *eq : !*eq);
  }
  auto c = CompareValues(a, b);
  if (!c) return Value();
  switch (op) {
    case ast::BinaryOp::kLess: return Value::Bool(*c < 0);
    case ast::BinaryOp::kLessEqual: return Value::Bool(*c <= 0);
    case ast::BinaryOp::kGreater: return Value::Bool(*c > 0);
    default: return Value::Bool(*c >= 0);
  }
}

Value Call(const BoundExpr& e, EvalContext& ctx) {
  constexpr size_t kInline = 4;
  const size_t n = e.args.size();
  if (n <= kInline) {
    std::array<Value, kInline> args;
    for (size_t i = 0; i < n; ++i) args[i] = Evaluate(e.args[i], ctx);
    return e.function->scalar(std::span<const Value>(args.data(), n), e.period);
  }
  std::vector<Value> args;
  args.reserve(n);
  for (const BoundExpr& arg : e.args) args.push_back(Evaluate(arg, ctx));
  return e.function->scalar(args, e.period);
}

// The submatches of one regex match, on the stack when there are few groups.
class Submatches {
 public:
  explicit Submatches(size_t n) : n_(n) {
    if (n > inline_.size()) heap_.resize(n);
  }
  re2::StringPiece* data() { return n_ > inline_.size() ? heap_.data() : inline_.data(); }

 private:
  size_t n_;
  std::array<re2::StringPiece, 16> inline_;
  std::vector<re2::StringPiece> heap_;
};

void ApplyParse(const ParseStep& step, EvalContext& ctx) {
  const Value source = Evaluate(step.source, ctx);
  const size_t groups = step.capture_slots.size();
  if (source.is_null()) {
    for (int slot : step.capture_slots)
      if (slot >= 0) AssignSlot(slot, Value(), ctx);
    return;
  }
  std::string scratch;
  const std::string_view text = TextOf(source, scratch);
  const bool viewable = source.is_string() && !source.owns_string();
  Submatches match(groups + 1);
  const bool matched = step.pattern->Match(text, 0, text.size(), re2::RE2::UNANCHORED, match.data(),
                                           static_cast<int>(groups + 1));
  for (size_t i = 0; i < groups; ++i) {
    const int slot = step.capture_slots[i];
    if (slot < 0) continue;
    const re2::StringPiece piece = match.data()[i + 1];
    if (!matched || piece.data() == nullptr) {
      AssignSlot(slot, Value(), ctx);
      continue;
    }
    const std::string_view captured(piece.data(), piece.size());
    AssignSlot(slot, viewable ? Value::View(captured) : Value::Owned(std::string(captured)), ctx);
  }
}

// and/or short-circuit with three-valued logic; comparisons and arithmetic are null when a
// side is.
Value EvaluateBinary(const BoundExpr& e, EvalContext& ctx) {
  switch (e.binary_op) {
    case ast::BinaryOp::kAnd: {
      const auto left = Truth(Evaluate(e.args[0], ctx));
      if (left == false) return Value::Bool(false);
      const auto right = Truth(Evaluate(e.args[1], ctx));
      if (right == false) return Value::Bool(false);
      return left && right ? Value::Bool(true) : Value();
    }
    case ast::BinaryOp::kOr: {
      const auto left = Truth(Evaluate(e.args[0], ctx));
      if (left == true) return Value::Bool(true);
      const auto right = Truth(Evaluate(e.args[1], ctx));
      if (right == true) return Value::Bool(true);
      return left && right ? Value::Bool(false) : Value();
    }
    case ast::BinaryOp::kEqual:
    case ast::BinaryOp::kNotEqual:
    case ast::BinaryOp::kLess:
    case ast::BinaryOp::kLessEqual:
    case ast::BinaryOp::kGreater:
    case ast::BinaryOp::kGreaterEqual:
      return Compare(e.binary_op, Evaluate(e.args[0], ctx), Evaluate(e.args[1], ctx));
    default: return Arithmetic(e.binary_op, Evaluate(e.args[0], ctx), Evaluate(e.args[1], ctx));
  }
}

}  // namespace

Value& ResolveSlot(int slot, EvalContext& ctx) {
  if (ctx.resolved && !(*ctx.resolved)[slot]) {
    ctx.row[slot] = LoadSource(ctx.plan.slots[slot], ctx);
    (*ctx.resolved)[slot] = 1;
  }
  return ctx.row[slot];
}

void AssignSlot(int slot, Value value, EvalContext& ctx) {
  ctx.row[slot] = std::move(value);
  if (ctx.resolved) (*ctx.resolved)[slot] = 1;
}

void Materialize(EvalContext& ctx) {
  for (size_t slot = 0; slot < ctx.row.size(); ++slot)
    ResolveSlot(static_cast<int>(slot), ctx).MakeOwned();
}

Value Evaluate(const BoundExpr& e, EvalContext& ctx) {
  switch (e.op) {
    case ExprOp::kConstant:
      // The plan outlives every run: its strings can be viewed.
      return e.constant.is_string() ? Value::View(e.constant.as_string()) : e.constant;
    case ExprOp::kField: {
      const Value& v = ResolveSlot(e.slot, ctx);
      // A slot's own string may be replaced before a view of it is used: copy it.
      return v.owns_string() ? Value::Owned(std::string(v.as_string())) : v;
    }
    case ExprOp::kBinary: return EvaluateBinary(e, ctx);
    case ExprOp::kNot: {
      const auto t = Truth(Evaluate(e.args[0], ctx));
      return t ? Value::Bool(!*t) : Value();
    }
    case ExprOp::kNegate: {
      auto x = ToNumber(Evaluate(e.args[0], ctx));
      return x ? Value::Number(-*x) : Value();
    }
    case ExprOp::kContains: {
      const Value subject = Evaluate(e.args[0], ctx);
      const Value pattern = Evaluate(e.args[1], ctx);
      if (subject.is_null() || pattern.is_null()) return Value();
      std::string a, b;
      const bool found = TextOf(subject, a).find(TextOf(pattern, b)) != std::string_view::npos;
      return Value::Bool(found != e.negated);
    }
    case ExprOp::kMatches: {
      const Value subject = Evaluate(e.args[0], ctx);
      if (subject.is_null()) return Value();
      std::string scratch;
      const bool found = re2::RE2::PartialMatch(TextOf(subject, scratch), *e.regex);
      return Value::Bool(found != e.negated);
    }
    case ExprOp::kIn: {
      const Value subject = Evaluate(e.args[0], ctx);
      if (subject.is_null()) return Value();
      for (size_t i = 1; i < e.args.size(); ++i)
        if (ValuesEqual(subject, Evaluate(e.args[i], ctx)) == true) return Value::Bool(!e.negated);
      return Value::Bool(e.negated);
    }
    case ExprOp::kCall: return Call(e, ctx);
    case ExprOp::kAggregate: return ctx.aggregates ? (*ctx.aggregates)[e.aggregate] : Value();
  }
  return Value();
}

bool ApplyRowStep(const Step& step, EvalContext& ctx) {
  if (const auto* fields = std::get_if<FieldsStep>(&step)) {
    for (const FieldsStep::Assignment& a : fields->assignments)
      AssignSlot(a.slot, Evaluate(a.value, ctx), ctx);
    return true;
  }
  if (const auto* filter = std::get_if<FilterStep>(&step))
    return IsTruthy(Evaluate(filter->condition, ctx));
  if (const auto* parse = std::get_if<ParseStep>(&step)) ApplyParse(*parse, ctx);
  return true;
}

}  // namespace berth::services::logs::insights
