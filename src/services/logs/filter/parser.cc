#include "services/logs/filter/parser.h"

#include <charconv>
#include <cstdlib>
#include <map>
#include <string>

#include "services/logs/model/errors.h"

namespace berth::services::logs::filter {
namespace {

constexpr int kMaxRegexes = 2;            // per JSON or delimited pattern (AWS's quota)
constexpr int kMaxWildcardsPerPattern = 3;
constexpr int kMaxNesting = 32;            // parentheses deep

bool IsBlankText(std::string_view s) {
  return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const char x = (a[i] >= 'a' && a[i] <= 'z') ? static_cast<char>(a[i] - 32) : a[i];
    if (x != b[i]) return false;
  }
  return true;
}

class Parser {
 public:
  explicit Parser(const Lexed& lexed) : tokens_(lexed.tokens) { ast_.syntax = lexed.syntax; }

  Result<Ast> Run() {
    switch (ast_.syntax) {
      case PatternSyntax::kTerms: BERTH_RETURN_IF_ERROR(Terms()); break;
      case PatternSyntax::kJson: BERTH_RETURN_IF_ERROR(Json()); break;
      case PatternSyntax::kDelimited: BERTH_RETURN_IF_ERROR(Delimited()); break;
    }
    return std::move(ast_);
  }

 private:
  const Token& Peek() const { return tokens_[pos_]; }
  const Token& Take() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }
  bool Accept(TokenKind kind) {
    if (Peek().kind != kind) return false;
    ++pos_;
    return true;
  }
  Error Unexpected(std::string_view wanted) const {
    return errors::InvalidFilterPattern(
        "expected " + std::string(wanted) + " but found " + std::string(Describe(Peek().kind)),
        Peek().column);
  }
  Status Expect(TokenKind kind) {
    if (Accept(kind)) return Ok();
    return Unexpected(Describe(kind));
  }

  int AddRegex(const Token& token) {
    ast_.regexes.push_back(token.text);
    return static_cast<int>(ast_.regexes.size()) - 1;
  }
  Status CountRegex(const Token& token) {
    if (static_cast<int>(ast_.regexes.size()) >= kMaxRegexes) {
      return errors::InvalidFilterPattern("a JSON or space-delimited pattern may hold at most 2 "
                                          "regular expressions", token.column);
    }
    return Ok();
  }

  // ---- terms ----

  Status Terms() {
    TermsPattern& out = ast_.terms;
    while (Peek().kind != TokenKind::kEnd) {
      const Token& first = Take();
      std::vector<Term>* into = &out.required;
      const Token* term = &first;
      if (first.kind == TokenKind::kOptional || first.kind == TokenKind::kExclude) {
        into = first.kind == TokenKind::kOptional ? &out.optional : &out.excluded;
        const TokenKind next = Peek().kind;
        if (next != TokenKind::kTerm && next != TokenKind::kPhrase && next != TokenKind::kRegex) {
          return Unexpected(std::string("a term after ") + std::string(Describe(first.kind)));
        }
        term = &Take();
      }
      if (term->kind == TokenKind::kRegex) {
        into->push_back(Term{term->text, AddRegex(*term)});
      } else if (!IsBlankText(term->text)) {  // " " matches everything: it adds nothing
        into->push_back(Term{term->text, -1});
      }
    }
    // AWS: "If you combine '?' with other filter patterns, all question mark terms will be
    // ignored."
    if (!out.required.empty() || !out.excluded.empty()) out.optional.clear();
    return Ok();
  }

  // ---- values shared by JSON and delimited patterns ----

  static bool IsOperator(TokenKind kind) {
    return kind == TokenKind::kEq || kind == TokenKind::kNe || kind == TokenKind::kLt ||
           kind == TokenKind::kLe || kind == TokenKind::kGt || kind == TokenKind::kGe;
  }
  static CompareOp OperatorOf(TokenKind kind) {
    switch (kind) {
      case TokenKind::kNe: return CompareOp::kNe;
      case TokenKind::kLt: return CompareOp::kLt;
      case TokenKind::kLe: return CompareOp::kLe;
      case TokenKind::kGt: return CompareOp::kGt;
      case TokenKind::kGe: return CompareOp::kGe;
      default: return CompareOp::kEq;
    }
  }

  static ValuePattern TextValue(std::string text) {
    ValuePattern v;
    v.kind = ValuePattern::Kind::kText;
    v.starts_with = !text.empty() && text.back() == '*';
    if (v.starts_with) text.pop_back();
    v.ends_with = !text.empty() && text.front() == '*';
    if (v.ends_with) text.erase(0, 1);
    if ((v.starts_with || v.ends_with) && text.empty()) v.kind = ValuePattern::Kind::kAny;
    v.text = std::move(text);
    return v;
  }

  // The value after an operator.
  Result<ValuePattern> Value(CompareOp op) {
    const Token& token = Peek();
    ValuePattern v;
    switch (token.kind) {
      case TokenKind::kString:
        v = TextValue(token.text);
        break;
      case TokenKind::kWord:
        if (ParseNumber(token.text, &v.number)) {
          v.kind = ValuePattern::Kind::kNumber;
          v.text = token.text;
        } else {
          v = TextValue(token.text);
        }
        break;
      case TokenKind::kRegex:
        BERTH_RETURN_IF_ERROR(CountRegex(token));
        v.kind = ValuePattern::Kind::kRegex;
        v.text = token.text;
        v.regex = AddRegex(token);
        break;
      default:
        return Unexpected("a value");
    }
    if (op != CompareOp::kEq && op != CompareOp::kNe && v.kind != ValuePattern::Kind::kNumber) {
      return errors::InvalidFilterPattern("a numeric comparison needs a number", token.column);
    }
    ++pos_;
    return v;
  }

  // ---- JSON ----

  Status Json() {
    BERTH_RETURN_IF_ERROR(Expect(TokenKind::kLBrace));
    BERTH_ASSIGN_OR_RETURN(ast_.json.root, JsonOr(0));
    BERTH_RETURN_IF_ERROR(Expect(TokenKind::kRBrace));
    if (Peek().kind != TokenKind::kEnd) return Unexpected("the end of the pattern after '}'");
    return Ok();
  }

  int AddJson(JsonNode node) {
    ast_.json.nodes.push_back(std::move(node));
    return static_cast<int>(ast_.json.nodes.size()) - 1;
  }

  // Left-associative chains: a || b || c is one node of kind `kind` with three children.
  template <class Node, class Operand, class Add>
  Result<int> Chain(TokenKind op, typename Node::Kind kind, const Operand& operand,
                    const Add& add) {
    BERTH_ASSIGN_OR_RETURN(int first, operand());
    if (Peek().kind != op) return first;
    Node node;
    node.kind = kind;
    node.children.push_back(first);
    while (Accept(op)) {
      BERTH_ASSIGN_OR_RETURN(int next, operand());
      node.children.push_back(next);
    }
    return add(std::move(node));
  }

  Result<int> JsonOr(int depth) {
    return Chain<JsonNode>(TokenKind::kOr, JsonNode::Kind::kOr, [&] { return JsonAnd(depth); },
                           [&](JsonNode n) { return AddJson(std::move(n)); });
  }

  Result<int> JsonAnd(int depth) {
    return Chain<JsonNode>(TokenKind::kAnd, JsonNode::Kind::kAnd,
                           [&] { return JsonUnary(depth); },
                           [&](JsonNode n) { return AddJson(std::move(n)); });
  }

  Result<int> JsonUnary(int depth) {
    if (Peek().kind == TokenKind::kLParen) {
      if (depth >= kMaxNesting) {
        return errors::InvalidFilterPattern("parentheses nested too deep", Peek().column);
      }
      ++pos_;
      BERTH_ASSIGN_OR_RETURN(int inner, JsonOr(depth + 1));
      BERTH_RETURN_IF_ERROR(Expect(TokenKind::kRParen));
      return inner;
    }
    if (Peek().kind != TokenKind::kSelector) return Unexpected("a property selector like $.name");
    const Token& selector_token = Take();
    JsonNode node;
    BERTH_ASSIGN_OR_RETURN(node.selector, ParseSelector(selector_token));
    const Token& next = Peek();
    if (IsOperator(next.kind)) {
      ++pos_;
      node.kind = JsonNode::Kind::kCompare;
      node.op = OperatorOf(next.kind);
      BERTH_ASSIGN_OR_RETURN(node.value, Value(node.op));
      return AddJson(std::move(node));
    }
    if (next.kind == TokenKind::kWord && EqualsIgnoreCase(next.text, "IS")) {
      ++pos_;
      const Token& what = Peek();
      if (what.kind == TokenKind::kWord && EqualsIgnoreCase(what.text, "NULL")) {
        node.kind = JsonNode::Kind::kIsNull;
      } else if (what.kind == TokenKind::kWord && EqualsIgnoreCase(what.text, "TRUE")) {
        node.kind = JsonNode::Kind::kIsTrue;
      } else if (what.kind == TokenKind::kWord && EqualsIgnoreCase(what.text, "FALSE")) {
        node.kind = JsonNode::Kind::kIsFalse;
      } else if (what.kind == TokenKind::kWord && EqualsIgnoreCase(what.text, "NOT")) {
        return errors::InvalidFilterPattern("IS NOT is not supported", what.column);
      } else {
        return Unexpected("NULL, TRUE or FALSE after IS");
      }
      ++pos_;
      return AddJson(std::move(node));
    }
    if (next.kind == TokenKind::kWord && EqualsIgnoreCase(next.text, "NOT")) {
      ++pos_;
      if (Peek().kind != TokenKind::kWord || !EqualsIgnoreCase(Peek().text, "EXISTS")) {
        return Unexpected("EXISTS after NOT");
      }
      ++pos_;
      node.kind = JsonNode::Kind::kNotExists;
      return AddJson(std::move(node));
    }
    if (next.kind == TokenKind::kWord && EqualsIgnoreCase(next.text, "EXISTS")) {
      return errors::InvalidFilterPattern("EXISTS is not supported (NOT EXISTS is)", next.column);
    }
    return Unexpected("a comparison, IS or NOT EXISTS after " + selector_token.text);
  }

  // $ .key .* [n] [*] ['key'] ["key"]
  Result<Selector> ParseSelector(const Token& token) {
    const std::string& s = token.text;
    Selector out;
    out.text = s;
    auto fail = [&](std::string_view why, size_t at) {
      return errors::InvalidFilterPattern(std::string(why) + " in selector " + s,
                                          token.column + at);
    };
    size_t i = 1;  // past '$'
    int wildcards = 0;
    while (i < s.size()) {
      SelectorStep step;
      if (s[i] == '.') {
        ++i;
        if (i < s.size() && s[i] == '[') continue;  // $.['key']
        if (i < s.size() && s[i] == '*') {
          step.kind = SelectorStep::Kind::kWildcard;
          ++i;
        } else {
          const size_t start = i;
          while (i < s.size() && s[i] != '.' && s[i] != '[') ++i;
          if (i == start) return fail("an empty property name", start);
          step.key = s.substr(start, i - start);
        }
      } else if (s[i] == '[') {
        const size_t close = s.find(']', i + 1);
        std::string_view inside(s.data() + i + 1, close == std::string::npos ? 0 : close - i - 1);
        if (close == std::string::npos) return fail("unclosed '['", i);
        if (inside == "*") {
          step.kind = SelectorStep::Kind::kWildcard;
        } else if (inside.size() >= 2 && (inside.front() == '\'' || inside.front() == '"') &&
                   inside.back() == inside.front()) {
          step.key = std::string(inside.substr(1, inside.size() - 2));
        } else {
          size_t index = 0;
          auto [end, ec] = std::from_chars(inside.data(), inside.data() + inside.size(), index);
          if (ec != std::errc() || end != inside.data() + inside.size() || inside.empty()) {
            return fail("expected an array index, '*' or a quoted key inside '[]'", i);
          }
          step.kind = SelectorStep::Kind::kIndex;
          step.index = index;
        }
        i = close + 1;
      } else {
        return fail("unexpected character '" + std::string(1, s[i]) + "'", i);
      }
      if (step.kind == SelectorStep::Kind::kWildcard && ++wildcards > 1) {
        return fail("only one wildcard is allowed", i - 1);
      }
      out.steps.push_back(std::move(step));
    }
    if (out.steps.empty()) return fail("a property is needed after '$'", 1);
    if (wildcards > 0 && (wildcards_ += wildcards) > kMaxWildcardsPerPattern) {
      return errors::InvalidFilterPattern("at most 3 wildcard selectors are allowed",
                                          token.column);
    }
    return out;
  }

  // ---- space-delimited ----

  Status Delimited() {
    DelimitedPattern& out = ast_.delimited;
    BERTH_RETURN_IF_ERROR(Expect(TokenKind::kLBracket));
    std::vector<std::string> referenced;  // per kCompare node: the name it was written with
    for (;;) {
      Slot slot;
      if (Accept(TokenKind::kEllipsis)) {
        slot.ellipsis = true;
      } else if (Peek().kind != TokenKind::kComma && Peek().kind != TokenKind::kRBracket) {
        BERTH_ASSIGN_OR_RETURN(slot.condition, FieldOr(out.slots.size(), referenced, &slot.name));
      }
      if (!(slot.ellipsis && !out.slots.empty() && out.slots.back().ellipsis)) {
        out.slots.push_back(std::move(slot));  // '..., ...' is one ellipsis
      }
      if (Accept(TokenKind::kComma)) continue;
      if (Accept(TokenKind::kRBracket)) break;
      return Unexpected("',' or ']'");
    }
    if (Peek().kind != TokenKind::kEnd) return Unexpected("the end of the pattern after ']'");
    // Resolve names: a condition reads the slot that declares its name, else its own slot.
    std::map<std::string, size_t, std::less<>> declared;
    for (size_t i = 0; i < out.slots.size(); ++i) {
      if (!out.slots[i].name.empty()) declared.emplace(out.slots[i].name, i);
      if (!out.slots[i].ellipsis) ++out.fixed_slots;
    }
    for (size_t n = 0; n < out.nodes.size(); ++n) {
      FieldNode& node = out.nodes[n];
      if (node.kind != FieldNode::Kind::kCompare) continue;
      const size_t own = node.slot;
      if (auto it = declared.find(referenced[n]); it != declared.end()) node.slot = it->second;
      if (node.slot != own) out.slots[own].self_contained = false;
    }
    return Ok();
  }

  int AddField(FieldNode node, std::vector<std::string>& referenced, std::string name) {
    ast_.delimited.nodes.push_back(std::move(node));
    referenced.push_back(std::move(name));
    return static_cast<int>(ast_.delimited.nodes.size()) - 1;
  }

  Result<int> FieldOr(size_t slot, std::vector<std::string>& referenced, std::string* name) {
    return Chain<FieldNode>(
        TokenKind::kOr, FieldNode::Kind::kOr,
        [&] { return FieldAnd(slot, referenced, name); },
        [&](FieldNode n) { return AddField(std::move(n), referenced, ""); });
  }

  Result<int> FieldAnd(size_t slot, std::vector<std::string>& referenced, std::string* name) {
    return Chain<FieldNode>(
        TokenKind::kAnd, FieldNode::Kind::kAnd, [&] { return Field(slot, referenced, name); },
        [&](FieldNode n) { return AddField(std::move(n), referenced, ""); });
  }

  Result<int> Field(size_t slot, std::vector<std::string>& referenced, std::string* name) {
    if (Peek().kind != TokenKind::kWord) return Unexpected("a field name");
    const Token& field = Take();
    if (name->empty()) *name = field.text;
    FieldNode node;
    node.slot = slot;
    if (IsOperator(Peek().kind)) {
      node.kind = FieldNode::Kind::kCompare;
      node.op = OperatorOf(Take().kind);
      BERTH_ASSIGN_OR_RETURN(node.value, Value(node.op));
    }
    return AddField(std::move(node), referenced, field.text);
  }

  const std::vector<Token>& tokens_;
  size_t pos_ = 0;
  int wildcards_ = 0;
  Ast ast_;
};

}  // namespace

bool ParseNumber(std::string_view text, double* out) {
  std::string_view s = text;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) s.remove_prefix(1);
  size_t i = 0, digits = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    const size_t exponent = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == exponent) return false;
  }
  if (i != s.size()) return false;
  // from_chars takes no leading '+'.
  std::string_view parse = text.front() == '+' ? text.substr(1) : text;
  double value = 0;
  auto [end, ec] = std::from_chars(parse.data(), parse.data() + parse.size(), value);
  if (ec == std::errc::result_out_of_range) {
    // Past double's range: strtod rounds to infinity or zero, which still compares right.
    value = std::strtod(std::string(parse).c_str(), nullptr);
  } else if (ec != std::errc() || end != parse.data() + parse.size()) {
    return false;
  }
  *out = value;
  return true;
}

Result<Ast> Parse(const Lexed& lexed) { return Parser(lexed).Run(); }

}  // namespace berth::services::logs::filter
