#include "services/monitoring/query/insights.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>

#include "services/monitoring/model/errors.h"

namespace berth::services::monitoring::insights {
namespace {

std::string Upper(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return std::toupper(c); });
  return out;
}

Error Bad(std::string what) {
  return errors::InvalidParameterValue("Metrics Insights query: " + std::move(what) + ".");
}

struct Tok {
  enum class Kind { kWord, kName, kValue, kNumber, kPunct, kEnd } kind;
  std::string text;  // kWord as written; kName/kValue unquoted; kPunct the symbol
};

Result<std::vector<Tok>> Lex(std::string_view s) {
  std::vector<Tok> out;
  size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '"' || c == '\'') {
      std::string text;
      size_t j = i + 1;
      for (; j < s.size() && s[j] != c; ++j) {
        if (s[j] == '\\' && j + 1 < s.size()) ++j;
        text.push_back(s[j]);
      }
      if (j >= s.size()) return Bad(std::string("a ") + (c == '"' ? "double" : "single") +
                                    " quotation mark is not closed");
      out.push_back({c == '"' ? Tok::Kind::kName : Tok::Kind::kValue, std::move(text)});
      i = j + 1;
    } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      size_t j = i;
      while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_')) ++j;
      out.push_back({Tok::Kind::kWord, std::string(s.substr(i, j - i))});
      i = j;
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      size_t j = i;
      while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
      out.push_back({Tok::Kind::kNumber, std::string(s.substr(i, j - i))});
      i = j;
    } else if (s.substr(i, 2) == "!=" || s.substr(i, 2) == "<>") {
      out.push_back({Tok::Kind::kPunct, "!="});
      i += 2;
    } else if (c == '(' || c == ')' || c == ',' || c == '=' || c == '*') {
      out.push_back({Tok::Kind::kPunct, std::string(1, c)});
      ++i;
    } else {
      return Bad("unexpected character '" + std::string(1, c) + "'");
    }
  }
  out.push_back({Tok::Kind::kEnd, ""});
  return out;
}

const std::set<std::string, std::less<>>& Keywords() {
  static const std::set<std::string, std::less<>> k = {
      "SELECT", "FROM", "WHERE", "GROUP", "BY", "ORDER", "LIMIT", "ASC", "DESC", "AND", "OR",
      "NOT", "LIKE", "IN", "SCHEMA", "HAVING", "JOIN", "AS", "UNION", "OFFSET", "DISTINCT"};
  return k;
}

bool IsFunction(std::string_view f) {
  return f == "AVG" || f == "COUNT" || f == "MAX" || f == "MIN" || f == "SUM";
}

class Parser {
 public:
  explicit Parser(std::vector<Tok> toks) : t_(std::move(toks)) {}

  Result<std::shared_ptr<const Query>> Parse() {
    auto q = std::make_shared<Query>();
    BERTH_RETURN_IF_ERROR(Expect("SELECT"));
    if (Peek().kind != Tok::Kind::kWord) return Bad("SELECT needs AVG, COUNT, MAX, MIN or SUM");
    q->function = Upper(Next().text);
    if (!IsFunction(q->function)) {
      return Bad("the function " + q->function +
                 " is not supported; use AVG, COUNT, MAX, MIN or SUM");
    }
    q->stat = *ParseBasicStatistic(q->function == "AVG"     ? "Average"
                                   : q->function == "COUNT" ? "SampleCount"
                                   : q->function == "MAX"   ? "Maximum"
                                   : q->function == "MIN"   ? "Minimum"
                                                            : "Sum");
    BERTH_RETURN_IF_ERROR(Punct("("));
    if (PeekPunct("*")) return Bad("SELECT needs a metric name, not *");
    BERTH_ASSIGN_OR_RETURN(q->metric, Name("a metric name"));
    BERTH_RETURN_IF_ERROR(Punct(")"));
    if (PeekPunct(",")) return Bad("only one function can be selected");
    BERTH_RETURN_IF_ERROR(Expect("FROM"));
    if (IsKeyword("SCHEMA")) {
      Next();
      q->schema = true;
      BERTH_RETURN_IF_ERROR(Punct("("));
      BERTH_ASSIGN_OR_RETURN(q->ns, Name("a namespace"));
      while (PeekPunct(",")) {
        Next();
        BERTH_ASSIGN_OR_RETURN(std::string dim, Name("a dimension name"));
        q->dimensions.push_back(std::move(dim));
      }
      BERTH_RETURN_IF_ERROR(Punct(")"));
      std::sort(q->dimensions.begin(), q->dimensions.end());
    } else {
      BERTH_ASSIGN_OR_RETURN(q->ns, Name("a namespace or SCHEMA(…)"));
    }
    if (IsKeyword("WHERE")) {
      Next();
      BERTH_ASSIGN_OR_RETURN(q->where, Or());
    }
    if (IsKeyword("GROUP")) {
      Next();
      BERTH_RETURN_IF_ERROR(Expect("BY"));
      do {
        if (!q->group_by.empty()) Next();
        BERTH_ASSIGN_OR_RETURN(std::string key, Name("a dimension name"));
        q->group_by.push_back(std::move(key));
      } while (PeekPunct(","));
    }
    if (IsKeyword("ORDER")) {
      Next();
      BERTH_RETURN_IF_ERROR(Expect("BY"));
      if (Peek().kind != Tok::Kind::kWord || !IsFunction(Upper(Peek().text)))
        return Bad("ORDER BY needs AVG(), COUNT(), MAX(), MIN() or SUM()");
      q->order_by = Upper(Next().text);
      BERTH_RETURN_IF_ERROR(Punct("("));
      BERTH_RETURN_IF_ERROR(Punct(")"));
      if (IsKeyword("ASC") || IsKeyword("DESC")) q->descending = Upper(Next().text) == "DESC";
    }
    if (IsKeyword("LIMIT")) {
      Next();
      if (Peek().kind != Tok::Kind::kNumber) return Bad("LIMIT needs a number");
      size_t n = 0;
      const std::string& digits = Next().text;
      auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
      if (ec != std::errc() || n < 1 || n > kMaxSeries)
        return Bad("LIMIT must be between 1 and " + std::to_string(kMaxSeries));
      q->limit = n;
    }
    if (Peek().kind != Tok::Kind::kEnd) {
      const std::string what = Peek().kind == Tok::Kind::kWord ? Upper(Peek().text) : Peek().text;
      return Bad("unexpected '" + Peek().text + "'" +
                 (what == "HAVING" || what == "JOIN" || what == "OFFSET" || what == "UNION"
                      ? " (" + what + " is not supported)"
                      : ""));
    }
    return std::shared_ptr<const Query>(std::move(q));
  }

 private:
  const Tok& Peek() const { return t_[pos_]; }
  const Tok& Next() { return t_[pos_ < t_.size() - 1 ? pos_++ : pos_]; }
  bool IsKeyword(std::string_view k) const {
    return Peek().kind == Tok::Kind::kWord && Upper(Peek().text) == k;
  }
  bool PeekPunct(std::string_view p) const {
    return Peek().kind == Tok::Kind::kPunct && Peek().text == p;
  }
  std::string Shown() const { return Peek().kind == Tok::Kind::kEnd ? "the end" : "'" + Peek().text + "'"; }
  Status Expect(std::string_view keyword) {
    if (!IsKeyword(keyword)) return Bad("expected " + std::string(keyword) + " but found " + Shown());
    Next();
    return Ok();
  }
  Status Punct(std::string_view p) {
    if (!PeekPunct(p)) return Bad("expected '" + std::string(p) + "' but found " + Shown());
    Next();
    return Ok();
  }
  // A namespace, metric or dimension name: a bare word that is no keyword, or "quoted".
  Result<std::string> Name(std::string_view what) {
    if (Peek().kind == Tok::Kind::kName) return Next().text;
    if (Peek().kind == Tok::Kind::kWord && !Keywords().count(Upper(Peek().text))) return Next().text;
    if (Peek().kind == Tok::Kind::kValue)
      return Bad("names are written in double quotation marks, not single: '" + Peek().text + "'");
    return Bad("expected " + std::string(what) + " but found " + Shown());
  }

  Result<std::unique_ptr<const Condition>> Combine(Condition::Kind kind, bool (Parser::*more)() const,
                                                   Result<std::unique_ptr<const Condition>> (Parser::*part)()) {
    BERTH_ASSIGN_OR_RETURN(auto left, (this->*part)());
    while ((this->*more)()) {
      Next();
      BERTH_ASSIGN_OR_RETURN(auto right, (this->*part)());
      auto node = std::make_unique<Condition>();
      node->kind = kind;
      node->children.push_back(std::move(left));
      node->children.push_back(std::move(right));
      left = std::move(node);
    }
    return left;
  }
  bool AtOr() const { return IsKeyword("OR"); }
  bool AtAnd() const { return IsKeyword("AND"); }
  Result<std::unique_ptr<const Condition>> Or() { return Combine(Condition::Kind::kOr, &Parser::AtOr, &Parser::And); }
  Result<std::unique_ptr<const Condition>> And() { return Combine(Condition::Kind::kAnd, &Parser::AtAnd, &Parser::Unary); }

  Result<std::unique_ptr<const Condition>> Unary() {
    if (++depth_ > 32) return Bad("the WHERE clause is nested too deeply");
    std::unique_ptr<const Condition> out;
    if (IsKeyword("NOT")) {
      Next();
      BERTH_ASSIGN_OR_RETURN(auto operand, Unary());
      auto node = std::make_unique<Condition>();
      node->kind = Condition::Kind::kNot;
      node->children.push_back(std::move(operand));
      out = std::move(node);
    } else if (PeekPunct("(")) {
      Next();
      BERTH_ASSIGN_OR_RETURN(out, Or());
      BERTH_RETURN_IF_ERROR(Punct(")"));
    } else {
      BERTH_ASSIGN_OR_RETURN(out, Comparison());
    }
    --depth_;
    return out;
  }

  Result<std::unique_ptr<const Condition>> Comparison() {
    auto c = std::make_unique<Condition>();
    BERTH_ASSIGN_OR_RETURN(c->key, Name("a dimension name"));
    bool negated = false;
    if (IsKeyword("NOT")) {
      Next();
      negated = true;
    }
    if (!negated && PeekPunct("=")) {
      c->kind = Condition::Kind::kEq;
    } else if (!negated && PeekPunct("!=")) {
      c->kind = Condition::Kind::kNe;
    } else if (IsKeyword("LIKE")) {
      c->kind = negated ? Condition::Kind::kNotLike : Condition::Kind::kLike;
    } else if (IsKeyword("IN")) {
      c->kind = negated ? Condition::Kind::kNotIn : Condition::Kind::kIn;
    } else {
      return Bad("expected =, !=, LIKE or IN after " + c->key + " but found " + Shown());
    }
    Next();
    if (c->kind == Condition::Kind::kIn || c->kind == Condition::Kind::kNotIn) {
      BERTH_RETURN_IF_ERROR(Punct("("));
      do {
        if (!c->values.empty()) Next();
        BERTH_ASSIGN_OR_RETURN(std::string v, Value());
        c->values.push_back(std::move(v));
      } while (PeekPunct(","));
      BERTH_RETURN_IF_ERROR(Punct(")"));
    } else {
      BERTH_ASSIGN_OR_RETURN(std::string v, Value());
      c->values.push_back(std::move(v));
    }
    return std::unique_ptr<const Condition>(std::move(c));
  }

  Result<std::string> Value() {
    if (Peek().kind == Tok::Kind::kValue) return Next().text;
    return Bad("label values are written in single quotation marks; found " + Shown());
  }

  std::vector<Tok> t_;
  size_t pos_ = 0;
  int depth_ = 0;
};

// SQL LIKE: % is any run of characters, _ any one character.
bool Like(std::string_view text, std::string_view pattern) {
  size_t t = 0, p = 0, star_p = std::string_view::npos, star_t = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '_' || pattern[p] == text[t])) {
      ++t;
      ++p;
    } else if (p < pattern.size() && pattern[p] == '%') {
      star_p = p++;
      star_t = t;
    } else if (star_p != std::string_view::npos) {
      p = star_p + 1;
      t = ++star_t;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '%') ++p;
  return p == pattern.size();
}

const std::string* ValueOf(const MetricKey& key, std::string_view name) {
  for (const Dimension& d : key.dimensions)
    if (d.name == name) return &d.value;
  return nullptr;
}

bool Holds(const Condition& c, const MetricKey& key) {
  const std::string* v = c.key.empty() ? nullptr : ValueOf(key, c.key);
  auto in = [&] { return v && std::find(c.values.begin(), c.values.end(), *v) != c.values.end(); };
  switch (c.kind) {
    case Condition::Kind::kEq: return v && *v == c.values[0];
    case Condition::Kind::kNe: return !v || *v != c.values[0];
    case Condition::Kind::kLike: return v && Like(*v, c.values[0]);
    case Condition::Kind::kNotLike: return !v || !Like(*v, c.values[0]);
    case Condition::Kind::kIn: return in();
    case Condition::Kind::kNotIn: return !in();
    case Condition::Kind::kAnd: return Holds(*c.children[0], key) && Holds(*c.children[1], key);
    case Condition::Kind::kOr: return Holds(*c.children[0], key) || Holds(*c.children[1], key);
    case Condition::Kind::kNot: return !Holds(*c.children[0], key);
  }
  return false;
}

}  // namespace

bool IsInsightsQuery(std::string_view expression) {
  size_t i = 0;
  while (i < expression.size() && std::isspace(static_cast<unsigned char>(expression[i]))) ++i;
  return expression.size() - i > 6 && Upper(expression.substr(i, 6)) == "SELECT" &&
         !std::isalnum(static_cast<unsigned char>(expression[i + 6]));
}

Result<std::shared_ptr<const Query>> Parse(std::string_view text) {
  BERTH_ASSIGN_OR_RETURN(std::vector<Tok> toks, Lex(text));
  Parser parser(std::move(toks));
  return parser.Parse();
}

bool Matches(const Query& q, const MetricKey& key) {
  if (key.ns != q.ns || key.name != q.metric) return false;
  if (q.schema) {
    if (key.dimensions.size() != q.dimensions.size()) return false;
    for (size_t i = 0; i < key.dimensions.size(); ++i)
      if (key.dimensions[i].name != q.dimensions[i]) return false;
  }
  return !q.where || Holds(*q.where, key);
}

std::vector<std::string> GroupOf(const Query& q, const MetricKey& key) {
  std::vector<std::string> out;
  out.reserve(q.group_by.size());
  for (const std::string& k : q.group_by) {
    const std::string* v = ValueOf(key, k);
    out.push_back(v ? *v : "Other");
  }
  return out;
}

double OrderValue(std::string_view f, const std::vector<double>& values) {
  if (f == "COUNT") return static_cast<double>(values.size());
  if (values.empty()) return 0;
  double sum = 0, mn = values[0], mx = values[0];
  for (double v : values) {
    sum += v;
    mn = std::min(mn, v);
    mx = std::max(mx, v);
  }
  if (f == "SUM") return sum;
  if (f == "MIN") return mn;
  if (f == "MAX") return mx;
  return sum / static_cast<double>(values.size());
}

}  // namespace berth::services::monitoring::insights
