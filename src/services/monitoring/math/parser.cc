#include "services/monitoring/math/parser.h"

#include <algorithm>
#include <cctype>

#include "services/monitoring/math/lexer.h"
#include "services/monitoring/model/errors.h"

namespace berth::services::monitoring::math {
namespace {

using K = Token::Kind;
constexpr int kMaxDepth = 64;

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  Result<std::unique_ptr<const Node>> Parse() {
    BERTH_ASSIGN_OR_RETURN(auto root, Binary(0));
    if (Peek().kind != K::kEnd) return Fail("Unexpected token");
    return root;
  }

 private:
  const Token& Peek() const { return tokens_[pos_]; }
  const Token& Next() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }
  Error Fail(std::string what) const {
    return errors::InvalidParameterValue(what + " at position " +
                                         std::to_string(Peek().position) + ".");
  }

  // Precedence of a binary operator (higher binds tighter), or -1.
  static int Precedence(K k) {
    switch (k) {
      case K::kOr: return 1;
      case K::kAnd: return 2;
      case K::kEq: case K::kNe: case K::kLt: case K::kLe: case K::kGt: case K::kGe: return 3;
      case K::kPlus: case K::kMinus: return 4;
      case K::kStar: case K::kSlash: return 5;
      case K::kCaret: return 6;
      default: return -1;
    }
  }
  static const char* OpName(K k) {
    switch (k) {
      case K::kOr: return "OR";
      case K::kAnd: return "AND";
      case K::kEq: return "==";
      case K::kNe: return "!=";
      case K::kLt: return "<";
      case K::kLe: return "<=";
      case K::kGt: return ">";
      case K::kGe: return ">=";
      case K::kPlus: return "+";
      case K::kMinus: return "-";
      case K::kStar: return "*";
      case K::kSlash: return "/";
      case K::kCaret: return "^";
      default: return "?";
    }
  }

  Result<std::unique_ptr<const Node>> Binary(int min_prec) {
    if (++depth_ > kMaxDepth) return Fail("Expression nested too deeply");
    BERTH_ASSIGN_OR_RETURN(auto left, Unary());
    while (true) {
      const Token& op = Peek();
      const int prec = Precedence(op.kind);
      if (prec < 0 || prec < min_prec) break;
      Next();
      // ^ is right-associative: its right side may hold another ^.
      BERTH_ASSIGN_OR_RETURN(auto right, Binary(op.kind == K::kCaret ? prec : prec + 1));
      auto node = std::make_unique<Node>();
      node->kind = Node::Kind::kBinary;
      node->text = OpName(op.kind);
      node->position = op.position;
      node->args.push_back(std::move(left));
      node->args.push_back(std::move(right));
      left = std::move(node);
    }
    --depth_;
    return left;
  }

  Result<std::unique_ptr<const Node>> Unary() {
    if (Peek().kind == K::kMinus) {
      const size_t position = Next().position;
      if (++depth_ > kMaxDepth) return Fail("Expression nested too deeply");
      // -2^2 is -(2^2): the operand is a whole ^ chain.
      BERTH_ASSIGN_OR_RETURN(auto operand, Binary(Precedence(K::kCaret)));
      --depth_;
      auto node = std::make_unique<Node>();
      node->kind = Node::Kind::kUnary;
      node->text = "-";
      node->position = position;
      node->args.push_back(std::move(operand));
      return std::unique_ptr<const Node>(std::move(node));
    }
    return Primary();
  }

  Result<std::unique_ptr<const Node>> Primary() {
    const Token& t = Peek();
    auto node = std::make_unique<Node>();
    node->position = t.position;
    switch (t.kind) {
      case K::kNumber:
        node->kind = Node::Kind::kNumber;
        node->number = Next().number;
        return std::unique_ptr<const Node>(std::move(node));
      case K::kString:
        node->kind = Node::Kind::kString;
        node->text = Next().text;
        return std::unique_ptr<const Node>(std::move(node));
      case K::kLParen: {
        Next();
        BERTH_ASSIGN_OR_RETURN(auto inner, Binary(0));
        if (Peek().kind != K::kRParen) return Fail("Expected ')'");
        Next();
        return inner;
      }
      case K::kIdent: {
        std::string name = Next().text;
        if (Peek().kind != K::kLParen) {
          node->kind = Node::Kind::kRef;
          node->text = std::move(name);
          return std::unique_ptr<const Node>(std::move(node));
        }
        Next();
        node->kind = Node::Kind::kCall;
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char c) { return std::toupper(c); });
        node->text = std::move(name);
        if (Peek().kind != K::kRParen) {
          while (true) {
            BERTH_ASSIGN_OR_RETURN(auto arg, Binary(0));
            node->args.push_back(std::move(arg));
            if (Peek().kind == K::kComma) {
              Next();
              continue;
            }
            break;
          }
        }
        if (Peek().kind != K::kRParen) return Fail("Expected ')'");
        Next();
        return std::unique_ptr<const Node>(std::move(node));
      }
      default:
        return Fail("Unexpected token");
    }
  }

  std::vector<Token> tokens_;
  size_t pos_ = 0;
  int depth_ = 0;
};

}  // namespace

Result<std::shared_ptr<const Expression>> Compile(std::string_view text) {
  BERTH_ASSIGN_OR_RETURN(std::vector<Token> tokens, Lex(text));
  Parser parser(std::move(tokens));
  BERTH_ASSIGN_OR_RETURN(auto root, parser.Parse());
  auto expr = std::make_shared<Expression>();
  expr->root = std::move(root);
  return std::shared_ptr<const Expression>(std::move(expr));
}

}  // namespace berth::services::monitoring::math
