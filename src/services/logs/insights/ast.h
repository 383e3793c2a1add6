#pragma once
// Stage 3's input: the query as written, a list of commands holding expression trees. Names
// are not resolved and functions not looked up yet — that is the planner's work. Every node
// keeps its span, so later errors point at the text and unaliased columns are named by it.

#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "services/logs/insights/errors.h"
#include "services/logs/insights/time_period.h"

namespace berth::services::logs::insights::ast {

enum class ExprKind {
  kField,   // text = name
  kNumber,  // number
  kString,  // text = value
  kRegex,   // text = pattern
  kPeriod,  // period
  kBool,    // flag = value
  kStar,    // the `*` of count(*)
  kCall,    // text = function name as written; args
  kUnary,   // unary_op; args[0]
  kBinary,  // binary_op; args[0], args[1]
  kLike,    // `like` or `=~`: args[0] subject, args[1] pattern; flag = negated (`not like`)
  kIn,      // args[0] subject, args[1..] the list; flag = negated (`not in`)
};

enum class UnaryOp { kNot, kNegate };
enum class BinaryOp {
  kOr,
  kAnd,
  kEqual,
  kNotEqual,
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,
  kAdd,
  kSubtract,
  kMultiply,
  kDivide,
  kModulo,
  kPower,
};

struct Expr {
  ExprKind kind = ExprKind::kField;
  SourceSpan span;
  std::string text;
  double number = 0;
  Period period;
  bool flag = false;
  UnaryOp unary_op = UnaryOp::kNot;
  BinaryOp binary_op = BinaryOp::kAnd;
  int depth = 1;  // height of the tree below and including this node
  std::vector<std::unique_ptr<Expr>> args;
};
using ExprPtr = std::unique_ptr<Expr>;

// `expr [as alias]`
struct NamedExpr {
  ExprPtr expr;
  std::string alias;  // empty when none was given
};

struct Name {
  std::string name;
  SourceSpan span;
};

struct Fields {
  std::vector<NamedExpr> items;
};
struct Display {
  std::vector<Name> fields;
};
struct Filter {
  ExprPtr condition;
};
struct Stats {
  std::vector<NamedExpr> items;
  std::vector<NamedExpr> by;
};
struct SortKey {
  ExprPtr expr;
  bool descending = false;
};
struct Sort {
  std::vector<SortKey> keys;
};
struct Limit {
  int64_t count = 0;
  SourceSpan count_span;
};
struct Parse {
  ExprPtr source;  // null: @message
  bool is_regex = false;
  std::string pattern;
  SourceSpan pattern_span;
  std::vector<Name> names;  // glob only
};
struct Dedup {
  std::vector<Name> fields;
};

struct Command {
  SourceSpan span;  // the command word
  std::variant<Fields, Display, Filter, Stats, Sort, Limit, Parse, Dedup> body;
};

struct Query {
  std::vector<Command> commands;
};

}  // namespace berth::services::logs::insights::ast
