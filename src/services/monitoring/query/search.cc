#include "services/monitoring/query/search.h"

#include <algorithm>
#include <cctype>

#include "services/monitoring/model/errors.h"

namespace berth::services::monitoring::search {
namespace {

bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool IsUpper(char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; }
bool IsLower(char c) { return std::islower(static_cast<unsigned char>(c)) != 0; }
bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return out;
}

Error Bad(std::string what) {
  return errors::InvalidParameterValue("Invalid search expression: " + std::move(what) + ".");
}

// The query string as words: a schema `{…}` is read separately; here come words, quoted
// words, `=`, parentheses and the operators.
struct Lexeme {
  enum class Kind { kWord, kQuoted, kEquals, kLParen, kRParen, kAnd, kOr, kNot, kEnd } kind;
  std::string text;
};

class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  // `{ns, dim, …}` when the text (after blanks) starts with one.
  Status Schema(Query& q) {
    SkipBlanks();
    if (pos_ >= text_.size() || text_[pos_] != '{') return Ok();
    ++pos_;
    std::vector<std::string> names;
    while (true) {
      SkipBlanks();
      if (pos_ >= text_.size()) return Bad("the metric schema is missing its closing '}'");
      std::string name;
      if (text_[pos_] == '"') {
        BERTH_ASSIGN_OR_RETURN(name, Quoted());
      } else {
        const size_t from = pos_;
        while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '}') ++pos_;
        name = std::string(text_.substr(from, pos_ - from));
        while (!name.empty() && std::isspace(static_cast<unsigned char>(name.back())))
          name.pop_back();
      }
      if (name.empty()) return Bad("the metric schema has an empty name");
      names.push_back(std::move(name));
      SkipBlanks();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == '}') {
        ++pos_;
        break;
      }
      return Bad("the metric schema is missing its closing '}'");
    }
    q.ns = names.front();
    q.dimensions.assign(names.begin() + 1, names.end());
    std::sort(q.dimensions.begin(), q.dimensions.end());
    return Ok();
  }

  Result<std::vector<Lexeme>> Lexemes() {
    std::vector<Lexeme> out;
    while (true) {
      SkipBlanks();
      // A comma after the schema is allowed (AWS's own examples write one).
      while (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        SkipBlanks();
      }
      if (pos_ >= text_.size()) break;
      const char c = text_[pos_];
      if (c == '"') {
        BERTH_ASSIGN_OR_RETURN(std::string word, Quoted());
        out.push_back({Lexeme::Kind::kQuoted, std::move(word)});
      } else if (c == '(' || c == ')') {
        ++pos_;
        out.push_back({c == '(' ? Lexeme::Kind::kLParen : Lexeme::Kind::kRParen, ""});
      } else if (c == '=') {
        ++pos_;
        out.push_back({Lexeme::Kind::kEquals, ""});
      } else if (c == '{' || c == '}') {
        return Bad("the metric schema must come first");
      } else {
        const size_t from = pos_;
        while (pos_ < text_.size() && !std::isspace(static_cast<unsigned char>(text_[pos_])) &&
               text_[pos_] != '(' && text_[pos_] != ')' && text_[pos_] != '=' &&
               text_[pos_] != '"' && text_[pos_] != ',')
          ++pos_;
        std::string word(text_.substr(from, pos_ - from));
        // Operators are case-sensitive: `and` is a word.
        Lexeme::Kind kind = word == "AND"  ? Lexeme::Kind::kAnd
                            : word == "OR" ? Lexeme::Kind::kOr
                            : word == "NOT" ? Lexeme::Kind::kNot
                                            : Lexeme::Kind::kWord;
        out.push_back({kind, std::move(word)});
      }
    }
    out.push_back({Lexeme::Kind::kEnd, ""});
    return out;
  }

 private:
  void SkipBlanks() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }

  // A "…" string with \" \\ \( \) escapes; pos_ is at the opening quote.
  Result<std::string> Quoted() {
    std::string out;
    for (size_t i = pos_ + 1; i < text_.size(); ++i) {
      if (text_[i] == '\\' && i + 1 < text_.size()) {
        out.push_back(text_[++i]);
      } else if (text_[i] == '"') {
        pos_ = i + 1;
        return out;
      } else {
        out.push_back(text_[i]);
      }
    }
    return Bad("a double quote is not closed");
  }

  std::string_view text_;
  size_t pos_ = 0;
};

class TermParser {
 public:
  explicit TermParser(std::vector<Lexeme> lexemes) : lx_(std::move(lexemes)) {}

  Result<std::unique_ptr<const Term>> Parse() {
    BERTH_ASSIGN_OR_RETURN(auto term, Or());
    if (Peek().kind == Lexeme::Kind::kRParen) return Bad("a ')' has no matching '('");
    if (Peek().kind != Lexeme::Kind::kEnd) return Bad("unexpected '" + Peek().text + "'");
    return term;
  }

 private:
  static constexpr int kMaxDepth = 32;
  const Lexeme& Peek() const { return lx_[pos_]; }
  const Lexeme& Next() { return lx_[pos_ < lx_.size() - 1 ? pos_++ : pos_]; }

  static std::unique_ptr<const Term> Join(Term::Kind kind,
                                          std::vector<std::unique_ptr<const Term>> parts) {
    if (parts.size() == 1) return std::move(parts.front());
    auto t = std::make_unique<Term>();
    t->kind = kind;
    t->children = std::move(parts);
    return t;
  }

  Result<std::unique_ptr<const Term>> Or() {
    std::vector<std::unique_ptr<const Term>> parts;
    BERTH_ASSIGN_OR_RETURN(auto first, And());
    parts.push_back(std::move(first));
    while (Peek().kind == Lexeme::Kind::kOr) {
      Next();
      BERTH_ASSIGN_OR_RETURN(auto next, And());
      parts.push_back(std::move(next));
    }
    return Join(Term::Kind::kOr, std::move(parts));
  }

  // Words side by side are ANDed as if AND were written between them.
  Result<std::unique_ptr<const Term>> And() {
    std::vector<std::unique_ptr<const Term>> parts;
    while (true) {
      if (Peek().kind == Lexeme::Kind::kAnd) {
        if (parts.empty()) return Bad("AND needs a term on each side");
        Next();
      }
      const Lexeme::Kind k = Peek().kind;
      if (k == Lexeme::Kind::kEnd || k == Lexeme::Kind::kRParen || k == Lexeme::Kind::kOr) {
        if (parts.empty() || lx_[pos_ - 1].kind == Lexeme::Kind::kAnd)
          return Bad(k == Lexeme::Kind::kOr ? "OR needs a term on each side"
                                            : "a search term is missing");
        break;
      }
      BERTH_ASSIGN_OR_RETURN(auto unary, Unary());
      parts.push_back(std::move(unary));
    }
    return Join(Term::Kind::kAnd, std::move(parts));
  }

  Result<std::unique_ptr<const Term>> Unary() {
    if (++depth_ > kMaxDepth) return Bad("the search term is nested too deeply");
    std::unique_ptr<const Term> out;
    if (Peek().kind == Lexeme::Kind::kNot) {
      Next();
      BERTH_ASSIGN_OR_RETURN(auto operand, Unary());
      auto t = std::make_unique<Term>();
      t->kind = Term::Kind::kNot;
      t->children.push_back(std::move(operand));
      out = std::move(t);
    } else if (Peek().kind == Lexeme::Kind::kLParen) {
      Next();
      BERTH_ASSIGN_OR_RETURN(out, Or());
      if (Peek().kind != Lexeme::Kind::kRParen) return Bad("a '(' is not closed");
      Next();
    } else {
      BERTH_ASSIGN_OR_RETURN(out, Word());
    }
    --depth_;
    return out;
  }

  Result<std::unique_ptr<const Term>> Word() {
    const Lexeme& first = Next();
    if (first.kind != Lexeme::Kind::kWord && first.kind != Lexeme::Kind::kQuoted)
      return Bad(first.kind == Lexeme::Kind::kEquals ? "'=' needs a property name before it"
                                                     : "a search term is missing");
    auto t = std::make_unique<Term>();
    t->text = first.text;
    t->exact = first.kind == Lexeme::Kind::kQuoted;
    if (Peek().kind == Lexeme::Kind::kEquals) {
      Next();
      const Lexeme& value = Next();
      if (value.kind != Lexeme::Kind::kWord && value.kind != Lexeme::Kind::kQuoted)
        return Bad("'" + first.text + "=' needs a value");
      t->property = std::move(t->text);
      t->text = value.text;
      t->exact = value.kind == Lexeme::Kind::kQuoted;
    }
    if (!t->exact && Tokens(t->text).empty()) {
      // A word of delimiters only (`-`) can match nothing: AWS refuses it.
      return Bad("'" + t->text + "' has no letters or digits to search for");
    }
    return std::unique_ptr<const Term>(std::move(t));
  }

  std::vector<Lexeme> lx_;
  size_t pos_ = 0;
  int depth_ = 0;
};

// Does the name hold the word's tokens consecutively (case-insensitively), or equal it with
// both's delimiters and humps run together ("customcount1" for CustomCount1)?
bool PartialMatch(const std::vector<std::string>& word, const std::string& word_joined,
                  std::string_view name) {
  const std::vector<std::string> tokens = Tokens(name);
  std::string joined;
  for (const std::string& t : tokens) joined += t;
  if (joined == word_joined) return true;
  if (word.size() > tokens.size()) return false;
  for (size_t i = 0; i + word.size() <= tokens.size(); ++i) {
    if (std::equal(word.begin(), word.end(), tokens.begin() + static_cast<long>(i))) return true;
  }
  return false;
}

bool WordMatches(const Term& t, const MetricKey& key) {
  std::vector<std::string_view> candidates;
  if (t.property.empty()) {
    candidates.push_back(key.ns);
    candidates.push_back(key.name);
    for (const Dimension& d : key.dimensions) {
      candidates.push_back(d.name);
      candidates.push_back(d.value);
    }
  } else if (t.property == "MetricName") {
    candidates.push_back(key.name);
  } else if (t.property == "Namespace") {
    candidates.push_back(key.ns);
  } else {
    for (const Dimension& d : key.dimensions)
      if (d.name == t.property) candidates.push_back(d.value);
  }
  if (t.exact) {
    return std::find(candidates.begin(), candidates.end(), t.text) != candidates.end();
  }
  const std::vector<std::string> word = Tokens(t.text);
  std::string joined;
  for (const std::string& w : word) joined += w;
  return std::any_of(candidates.begin(), candidates.end(),
                     [&](std::string_view c) { return PartialMatch(word, joined, c); });
}

bool TermMatches(const Term& t, const MetricKey& key) {
  switch (t.kind) {
    case Term::Kind::kWord: return WordMatches(t, key);
    case Term::Kind::kNot: return !TermMatches(*t.children[0], key);
    case Term::Kind::kAnd:
      return std::all_of(t.children.begin(), t.children.end(),
                         [&](const auto& c) { return TermMatches(*c, key); });
    case Term::Kind::kOr:
      return std::any_of(t.children.begin(), t.children.end(),
                         [&](const auto& c) { return TermMatches(*c, key); });
  }
  return false;
}

}  // namespace

std::vector<std::string> Tokens(std::string_view text) {
  std::vector<std::string> out;
  std::string current;
  auto flush = [&] {
    if (!current.empty()) out.push_back(Lower(current));
    current.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (!IsAlnum(c)) {
      flush();
      continue;
    }
    if (!current.empty()) {
      const char prev = current.back();
      const bool next_lower = i + 1 < text.size() && IsLower(text[i + 1]);
      // A hump (fooBar), the last capital of a run before lower case (SDBFailure), or a change
      // between digits and letters (Count1, 2trial) starts a token.
      if ((IsUpper(c) && IsLower(prev)) || (IsUpper(c) && IsUpper(prev) && next_lower) ||
          (IsDigit(c) != IsDigit(prev)))
        flush();
    }
    current.push_back(c);
  }
  flush();
  return out;
}

Result<std::shared_ptr<const Query>> Parse(std::string_view text) {
  if (text.size() > kMaxQueryLength) {
    return Bad("the query is longer than " + std::to_string(kMaxQueryLength) + " characters");
  }
  auto q = std::make_shared<Query>();
  Reader reader(text);
  BERTH_RETURN_IF_ERROR(reader.Schema(*q));
  BERTH_ASSIGN_OR_RETURN(std::vector<Lexeme> lexemes, reader.Lexemes());
  if (lexemes.size() > 1) {
    TermParser parser(std::move(lexemes));
    BERTH_ASSIGN_OR_RETURN(q->term, parser.Parse());
  }
  if (!q->ns && !q->term) return Bad("it needs a metric schema, a search term or both");
  return std::shared_ptr<const Query>(std::move(q));
}

bool Matches(const Query& query, const MetricKey& key) {
  if (query.ns) {
    if (key.ns != *query.ns || key.dimensions.size() != query.dimensions.size()) return false;
    // Dimensions are kept sorted by name, like the schema's.
    for (size_t i = 0; i < key.dimensions.size(); ++i)
      if (key.dimensions[i].name != query.dimensions[i]) return false;
  }
  return !query.term || TermMatches(*query.term, key);
}

}  // namespace berth::services::monitoring::search
