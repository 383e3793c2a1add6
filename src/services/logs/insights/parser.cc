#include "services/logs/insights/parser.h"

#include <optional>
#include <string>

#include "services/logs/insights/ascii.h"

namespace berth::services::logs::insights {
namespace {

using ast::BinaryOp;
using ast::Expr;
using ast::ExprKind;
using ast::ExprPtr;

// Parsing and evaluation recurse, and a hostile query must not exhaust the stack: brackets,
// calls and prefix operators nest at most kMaxNesting deep (each level is several parser
// frames), and an expression tree — long operator chains included — is at most kMaxExprDepth
// high.
constexpr int kMaxNesting = 100;
constexpr int kMaxExprDepth = 1000;
constexpr int64_t kMaxLimit = 10'000;

bool IsWord(const Token& t, std::string_view word) {
  return t.kind == TokenKind::kIdentifier && EqualsIgnoreCase(t.text, word);
}

// Words that can never be a bare field name.
bool IsReserved(const Token& t) {
  for (std::string_view w : {"and", "or", "not", "like", "in", "as", "by", "asc", "desc"})
    if (IsWord(t, w)) return true;
  return false;
}

std::string Describe(const Token& t) {
  switch (t.kind) {
    case TokenKind::kEnd: return "<EOF>";
    case TokenKind::kString: return "\"" + t.text + "\"";
    case TokenKind::kRegex: return "/" + t.text + "/";
    case TokenKind::kQuotedIdentifier: return "`" + t.text + "`";
    default: return t.text;
  }
}

constexpr std::string_view kCommands =
    "expected a command: fields, filter, stats, sort, limit, parse, dedup or display";

class Parser {
 public:
  explicit Parser(const std::vector<Token>& tokens) : tokens_(tokens) {}

  SyntaxResult<ast::Query> Run() {
    ast::Query query;
    if (Peek().kind == TokenKind::kEnd)
      return MakeSyntaxError("the query is empty; " + std::string(kCommands), Peek().span);
    while (true) {
      auto command = ParseCommand();
      if (error_) return std::move(*error_);
      query.commands.push_back(std::move(*command));
      if (Peek().kind == TokenKind::kPipe) {
        Advance();
        continue;
      }
      if (Peek().kind == TokenKind::kEnd) break;
      return Unexpected("expected | between commands");
    }
    return query;
  }

 private:
  const Token& Peek(size_t ahead = 0) const {
    const size_t i = std::min(pos_ + ahead, tokens_.size() - 1);
    return tokens_[i];
  }
  const Token& Advance() {
    const Token& t = tokens_[pos_];
    if (pos_ + 1 < tokens_.size()) ++pos_;
    last_end_ = t.span.end;
    return t;
  }
  bool AcceptWord(std::string_view word) {
    if (!IsWord(Peek(), word)) return false;
    Advance();
    return true;
  }
  bool Accept(TokenKind kind) {
    if (Peek().kind != kind) return false;
    Advance();
    return true;
  }

  SyntaxError Unexpected(std::string_view hint = {}) {
    SyntaxError e = UnexpectedSymbol(Describe(Peek()), Peek().span, hint);
    if (!error_) error_ = e;
    return e;
  }
  std::nullptr_t Fail(SyntaxError e) {
    if (!error_) error_ = std::move(e);
    return nullptr;
  }
  std::nullptr_t FailUnexpected(std::string_view hint = {}) {
    Unexpected(hint);
    return nullptr;
  }

  // A node spanning from `start` to the last consumed token.
  ExprPtr Node(ExprKind kind, const SourceSpan& start) {
    auto e = std::make_unique<Expr>();
    e->kind = kind;
    e->span = start;
    e->span.end = last_end_;
    return e;
  }
  ExprPtr WithArgs(ExprPtr node, ExprPtr a, ExprPtr b = nullptr) {
    node->depth = 1 + std::max(a->depth, b ? b->depth : 0);
    node->args.push_back(std::move(a));
    if (b) node->args.push_back(std::move(b));
    if (node->depth > kMaxExprDepth)
      return Fail(MakeSyntaxError("expression is nested too deeply", node->span));
    return node;
  }
  ExprPtr Binary(BinaryOp op, ExprPtr left, ExprPtr right) {
    SourceSpan start = left->span;
    auto node = Node(ExprKind::kBinary, start);
    node->binary_op = op;
    return WithArgs(std::move(node), std::move(left), std::move(right));
  }

  std::optional<ast::Command> ParseCommand() {
    const Token& word = Peek();
    ast::Command command;
    command.span = word.span;
    if (word.kind != TokenKind::kIdentifier) {
      Unexpected(kCommands);
      return std::nullopt;
    }
    Advance();
    if (IsWord(word, "fields")) {
      ast::Fields fields;
      if (!ParseNamedList(fields.items)) return std::nullopt;
      command.body = std::move(fields);
    } else if (IsWord(word, "display")) {
      ast::Display display;
      if (!ParseNameList(display.fields)) return std::nullopt;
      command.body = std::move(display);
    } else if (IsWord(word, "filter")) {
      ast::Filter filter;
      filter.condition = ParseExpr();
      if (!filter.condition) return std::nullopt;
      command.body = std::move(filter);
    } else if (IsWord(word, "stats")) {
      ast::Stats stats;
      if (!ParseNamedList(stats.items)) return std::nullopt;
      if (AcceptWord("by") && !ParseNamedList(stats.by)) return std::nullopt;
      command.body = std::move(stats);
    } else if (IsWord(word, "sort")) {
      ast::Sort sort;
      do {
        ast::SortKey key;
        key.expr = ParseExpr();
        if (!key.expr) return std::nullopt;
        if (AcceptWord("desc"))
          key.descending = true;
        else
          AcceptWord("asc");
        sort.keys.push_back(std::move(key));
      } while (Accept(TokenKind::kComma));
      command.body = std::move(sort);
    } else if (IsWord(word, "limit")) {
      const Token& count = Peek();
      if (count.kind != TokenKind::kNumber || !count.integral || count.number < 1 ||
          count.number > kMaxLimit) {
        Unexpected("limit takes a whole number from 1 to 10000");
        return std::nullopt;
      }
      Advance();
      command.body = ast::Limit{static_cast<int64_t>(count.number), count.span};
    } else if (IsWord(word, "parse")) {
      auto parse = ParseParse();
      if (!parse) return std::nullopt;
      command.body = std::move(*parse);
    } else if (IsWord(word, "dedup")) {
      ast::Dedup dedup;
      if (!ParseNameList(dedup.fields)) return std::nullopt;
      command.body = std::move(dedup);
    } else {
      pos_ -= 1;  // point the error at the word itself
      Unexpected(kCommands);
      return std::nullopt;
    }
    return command;
  }

  std::optional<ast::Parse> ParseParse() {
    ast::Parse parse;
    if (Peek().kind != TokenKind::kString && Peek().kind != TokenKind::kRegex) {
      parse.source = ParseExpr();
      if (!parse.source) return std::nullopt;
    }
    const Token& pattern = Peek();
    if (pattern.kind != TokenKind::kString && pattern.kind != TokenKind::kRegex) {
      Unexpected("parse takes a \"glob * pattern\" with `as` names, or a /regex/");
      return std::nullopt;
    }
    Advance();
    parse.is_regex = pattern.kind == TokenKind::kRegex;
    parse.pattern = pattern.text;
    parse.pattern_span = pattern.span;
    if (!parse.is_regex) {
      if (!AcceptWord("as")) {
        Unexpected("a glob pattern needs `as` and a name for each *");
        return std::nullopt;
      }
      if (!ParseNameList(parse.names)) return std::nullopt;
    }
    return parse;
  }

  bool ParseName(ast::Name& out) {
    const Token& t = Peek();
    if ((t.kind != TokenKind::kIdentifier && t.kind != TokenKind::kQuotedIdentifier) ||
        (t.kind == TokenKind::kIdentifier && IsReserved(t))) {
      Unexpected("expected a field name");
      return false;
    }
    Advance();
    out = ast::Name{t.text, t.span};
    return true;
  }

  bool ParseNameList(std::vector<ast::Name>& out) {
    do {
      ast::Name name;
      if (!ParseName(name)) return false;
      out.push_back(std::move(name));
    } while (Accept(TokenKind::kComma));
    return true;
  }

  bool ParseNamedList(std::vector<ast::NamedExpr>& out) {
    do {
      ast::NamedExpr item;
      item.expr = ParseExpr();
      if (!item.expr) return false;
      if (AcceptWord("as")) {
        ast::Name alias;
        if (!ParseName(alias)) return false;
        item.alias = std::move(alias.name);
      }
      out.push_back(std::move(item));
    } while (Accept(TokenKind::kComma));
    return true;
  }

  // Counts how deep the parser has recursed; refuses past kMaxNesting.
  class Nesting {
   public:
    explicit Nesting(Parser& p) : p_(p) { ++p_.nesting_; }
    ~Nesting() { --p_.nesting_; }
    bool ok() const { return p_.nesting_ <= kMaxNesting; }

   private:
    Parser& p_;
  };

  ExprPtr TooDeep() {
    return Fail(MakeSyntaxError("expression is nested too deeply", Peek().span));
  }

  ExprPtr ParseExpr() {
    Nesting nesting(*this);
    if (!nesting.ok()) return TooDeep();
    return ParseOr();
  }

  ExprPtr ParseOr() {
    ExprPtr left = ParseAnd();
    while (left && IsWord(Peek(), "or")) {
      Advance();
      ExprPtr right = ParseAnd();
      if (!right) return nullptr;
      left = Binary(BinaryOp::kOr, std::move(left), std::move(right));
    }
    return left;
  }

  ExprPtr ParseAnd() {
    ExprPtr left = ParseNot();
    while (left && IsWord(Peek(), "and")) {
      Advance();
      ExprPtr right = ParseNot();
      if (!right) return nullptr;
      left = Binary(BinaryOp::kAnd, std::move(left), std::move(right));
    }
    return left;
  }

  ExprPtr ParseNot() {
    if (IsWord(Peek(), "not")) {
      Nesting nesting(*this);
      if (!nesting.ok()) return TooDeep();
      const SourceSpan start = Advance().span;
      ExprPtr operand = ParseNot();
      if (!operand) return nullptr;
      auto node = Node(ast::ExprKind::kUnary, start);
      node->unary_op = ast::UnaryOp::kNot;
      return WithArgs(std::move(node), std::move(operand));
    }
    return ParseComparison();
  }

  ExprPtr ParseComparison() {
    ExprPtr left = ParseAdditive();
    if (!left) return nullptr;
    const Token& op = Peek();
    std::optional<BinaryOp> binary;
    switch (op.kind) {
      case TokenKind::kEqual: binary = BinaryOp::kEqual; break;
      case TokenKind::kNotEqual: binary = BinaryOp::kNotEqual; break;
      case TokenKind::kLess: binary = BinaryOp::kLess; break;
      case TokenKind::kLessEqual: binary = BinaryOp::kLessEqual; break;
      case TokenKind::kGreater: binary = BinaryOp::kGreater; break;
      case TokenKind::kGreaterEqual: binary = BinaryOp::kGreaterEqual; break;
      default: break;
    }
    if (binary) {
      Advance();
      ExprPtr right = ParseAdditive();
      if (!right) return nullptr;
      return Binary(*binary, std::move(left), std::move(right));
    }
    bool negated = false;
    if (IsWord(op, "not") && (IsWord(Peek(1), "like") || IsWord(Peek(1), "in"))) {
      Advance();
      negated = true;
    }
    if (IsWord(Peek(), "like") || (!negated && Peek().kind == TokenKind::kRegexMatch)) {
      Advance();
      ExprPtr pattern = ParseAdditive();
      if (!pattern) return nullptr;
      auto node = Node(ExprKind::kLike, left->span);
      node->flag = negated;
      return WithArgs(std::move(node), std::move(left), std::move(pattern));
    }
    if (IsWord(Peek(), "in")) {
      Advance();
      return ParseInList(std::move(left), negated);
    }
    return left;
  }

  ExprPtr ParseInList(ExprPtr subject, bool negated) {
    if (!Accept(TokenKind::kLeftBracket)) return FailUnexpected("`in` takes a [list, of, values]");
    auto node = Node(ExprKind::kIn, subject->span);
    node->flag = negated;
    node->depth = subject->depth + 1;
    node->args.push_back(std::move(subject));
    if (!Accept(TokenKind::kRightBracket)) {
      do {
        ExprPtr item = ParseAdditive();
        if (!item) return nullptr;
        node->depth = std::max(node->depth, item->depth + 1);
        node->args.push_back(std::move(item));
      } while (Accept(TokenKind::kComma));
      if (!Accept(TokenKind::kRightBracket)) return FailUnexpected("expected , or ]");
    }
    node->span.end = last_end_;
    if (node->depth > kMaxExprDepth)
      return Fail(MakeSyntaxError("expression is nested too deeply", node->span));
    return node;
  }

  ExprPtr ParseAdditive() {
    ExprPtr left = ParseMultiplicative();
    while (left && (Peek().kind == TokenKind::kPlus || Peek().kind == TokenKind::kMinus)) {
      const BinaryOp op = Advance().kind == TokenKind::kPlus ? BinaryOp::kAdd : BinaryOp::kSubtract;
      ExprPtr right = ParseMultiplicative();
      if (!right) return nullptr;
      left = Binary(op, std::move(left), std::move(right));
    }
    return left;
  }

  ExprPtr ParseMultiplicative() {
    ExprPtr left = ParseUnary();
    while (left && (Peek().kind == TokenKind::kStar || Peek().kind == TokenKind::kSlash ||
                    Peek().kind == TokenKind::kPercent)) {
      const TokenKind kind = Advance().kind;
      const BinaryOp op = kind == TokenKind::kStar    ? BinaryOp::kMultiply
                          : kind == TokenKind::kSlash ? BinaryOp::kDivide
                                                      : BinaryOp::kModulo;
      ExprPtr right = ParseUnary();
      if (!right) return nullptr;
      left = Binary(op, std::move(left), std::move(right));
    }
    return left;
  }

  ExprPtr ParseUnary() {
    if (Peek().kind == TokenKind::kMinus) {
      Nesting nesting(*this);
      if (!nesting.ok()) return TooDeep();
      const SourceSpan start = Advance().span;
      ExprPtr operand = ParseUnary();
      if (!operand) return nullptr;
      auto node = Node(ExprKind::kUnary, start);
      node->unary_op = ast::UnaryOp::kNegate;
      return WithArgs(std::move(node), std::move(operand));
    }
    if (Peek().kind == TokenKind::kPlus) Advance();
    return ParsePower();
  }

  ExprPtr ParsePower() {
    ExprPtr base = ParsePrimary();
    if (base && Peek().kind == TokenKind::kCaret) {
      Nesting nesting(*this);
      if (!nesting.ok()) return TooDeep();
      Advance();
      ExprPtr exponent = ParseUnary();  // right-associative: 2^3^2 = 2^9
      if (!exponent) return nullptr;
      return Binary(BinaryOp::kPower, std::move(base), std::move(exponent));
    }
    return base;
  }

  ExprPtr ParsePrimary() {
    const Token& t = Peek();
    const SourceSpan start = t.span;
    switch (t.kind) {
      case TokenKind::kNumber: {
        Advance();
        auto node = Node(ExprKind::kNumber, start);
        node->number = t.number;
        node->text = t.text;
        return node;
      }
      case TokenKind::kString:
      case TokenKind::kRegex: {
        Advance();
        auto node =
            Node(t.kind == TokenKind::kString ? ExprKind::kString : ExprKind::kRegex, start);
        node->text = t.text;
        return node;
      }
      case TokenKind::kPeriod: {
        Advance();
        auto node = Node(ExprKind::kPeriod, start);
        node->period = t.period;
        node->text = t.text;
        return node;
      }
      case TokenKind::kQuotedIdentifier: {
        Advance();
        auto node = Node(ExprKind::kField, start);
        node->text = t.text;
        return node;
      }
      case TokenKind::kLeftParen: {
        Advance();
        ExprPtr inner = ParseExpr();
        if (!inner) return nullptr;
        if (!Accept(TokenKind::kRightParen)) return FailUnexpected("expected )");
        return inner;
      }
      case TokenKind::kIdentifier: break;
      default: return FailUnexpected("expected a value, a field name or a function call");
    }
    if (IsReserved(t)) return FailUnexpected("expected a value, a field name or a function call");
    Advance();
    if (Peek().kind == TokenKind::kLeftParen) return ParseCall(t, start);
    if (IsWord(t, "true") || IsWord(t, "false")) {
      auto node = Node(ExprKind::kBool, start);
      node->flag = IsWord(t, "true");
      node->text = t.text;
      return node;
    }
    auto node = Node(ExprKind::kField, start);
    node->text = t.text;
    return node;
  }

  ExprPtr ParseCall(const Token& name, const SourceSpan& start) {
    Advance();  // (
    auto node = Node(ExprKind::kCall, start);
    node->text = name.text;
    if (Peek().kind == TokenKind::kStar && Peek(1).kind == TokenKind::kRightParen) {
      const SourceSpan star_span = Advance().span;
      auto star = Node(ExprKind::kStar, star_span);
      star->text = "*";
      node->args.push_back(std::move(star));
    } else if (Peek().kind != TokenKind::kRightParen) {
      do {
        ExprPtr arg = ParseExpr();
        if (!arg) return nullptr;
        node->depth = std::max(node->depth, arg->depth + 1);
        node->args.push_back(std::move(arg));
      } while (Accept(TokenKind::kComma));
    }
    if (!Accept(TokenKind::kRightParen)) return FailUnexpected("expected , or )");
    node->span.end = last_end_;
    if (node->depth > kMaxExprDepth)
      return Fail(MakeSyntaxError("expression is nested too deeply", node->span));
    return node;
  }

  const std::vector<Token>& tokens_;
  size_t pos_ = 0;
  int last_end_ = 0;
  int nesting_ = 0;
  std::optional<SyntaxError> error_;
};

}  // namespace

SyntaxResult<ast::Query> Parse(const std::vector<Token>& tokens) { return Parser(tokens).Run(); }

}  // namespace berth::services::logs::insights
