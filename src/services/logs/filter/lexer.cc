#include "services/logs/filter/lexer.h"

#include <string>

#include "services/logs/model/errors.h"

namespace berth::services::logs::filter {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool IsAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// What AWS lets a %regex% hold: alphanumerics, the symbols : _ # = @ / ; , - and space, and
// the operators ^ $ ? [ ] { } | \ * + . — no parentheses, no multi-byte characters.
bool IsRegexCharacter(char c) {
  if (IsAlnum(c)) return true;
  switch (c) {
    case ':': case '_': case '#': case '=': case '@': case '/': case ';': case ',': case '-':
    case ' ': case '^': case '$': case '?': case '[': case ']': case '{': case '}': case '|':
    case '\\': case '*': case '+': case '.':
      return true;
    default:
      return false;
  }
}

// Ends a bare value or name in the JSON and delimited syntaxes.
bool EndsWord(char c) {
  switch (c) {
    case ',': case '[': case ']': case '(': case ')': case '{': case '}': case '"': case '=':
    case '!': case '<': case '>': case '&': case '|':
      return true;
    default:
      return IsBlank(c);
  }
}

// Ends a property selector: the operators and grouping around it, never its own brackets.
bool EndsSelector(char c) {
  switch (c) {
    case '=': case '!': case '<': case '>': case '&': case '|': case '(': case ')': case '{':
    case '}': case ',':
      return true;
    default:
      return IsBlank(c);
  }
}

std::string Quoted(char c) {
  if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) {
    return "a non-printable or multi-byte character";
  }
  return std::string("'") + c + "'";
}

class Lexer {
 public:
  explicit Lexer(std::string_view p) : p_(p) {}

  Result<Lexed> Run() {
    Lexed out;
    const size_t first = p_.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos && p_[first] == '{') out.syntax = PatternSyntax::kJson;
    if (first != std::string_view::npos && p_[first] == '[') {
      out.syntax = PatternSyntax::kDelimited;
    }
    syntax_ = out.syntax;
    for (;;) {
      while (i_ < p_.size() && IsBlank(p_[i_])) ++i_;
      if (i_ >= p_.size()) break;
      BERTH_ASSIGN_OR_RETURN(Token token,
                             syntax_ == PatternSyntax::kTerms ? NextTerm() : NextStructured());
      out.tokens.push_back(std::move(token));
    }
    out.tokens.push_back(Token{TokenKind::kEnd, "", p_.size() + 1});
    return out;
  }

 private:
  Token Make(TokenKind kind, size_t start, std::string text = {}) {
    return Token{kind, std::move(text), start + 1};
  }

  Result<Token> NextTerm() {
    const size_t start = i_;
    const char c = p_[i_];
    if (c == '?') {
      ++i_;
      return Make(TokenKind::kOptional, start);
    }
    if (c == '-') {
      ++i_;
      return Make(TokenKind::kExclude, start);
    }
    if (c == '"') return QuotedText(TokenKind::kPhrase);
    if (c == '%') return Regex();
    while (i_ < p_.size() && !IsBlank(p_[i_])) ++i_;
    return Make(TokenKind::kTerm, start, std::string(p_.substr(start, i_ - start)));
  }

  Result<Token> NextStructured() {
    const size_t start = i_;
    const char c = p_[i_];
    auto one = [&](TokenKind kind) {
      ++i_;
      return Make(kind, start);
    };
    auto two = [&](char second, TokenKind pair, TokenKind single) -> Result<Token> {
      if (i_ + 1 < p_.size() && p_[i_ + 1] == second) {
        i_ += 2;
        return Make(pair, start);
      }
      if (single == TokenKind::kEnd) {
        return errors::InvalidFilterPattern(
            "expected '" + std::string(1, c) + std::string(1, second) + "'", start + 1);
      }
      return one(single);
    };
    switch (c) {
      case '{': return one(TokenKind::kLBrace);
      case '}': return one(TokenKind::kRBrace);
      case '(': return one(TokenKind::kLParen);
      case ')': return one(TokenKind::kRParen);
      case '[': return one(TokenKind::kLBracket);
      case ']': return one(TokenKind::kRBracket);
      case ',': return one(TokenKind::kComma);
      case '&': return two('&', TokenKind::kAnd, TokenKind::kEnd);
      case '|': return two('|', TokenKind::kOr, TokenKind::kEnd);
      case '!': return two('=', TokenKind::kNe, TokenKind::kEnd);
      case '=': return one(TokenKind::kEq);
      case '<': return two('=', TokenKind::kLe, TokenKind::kLt);
      case '>': return two('=', TokenKind::kGe, TokenKind::kGt);
      case '"': return QuotedText(TokenKind::kString);
      case '%': return Regex();
      default: break;
    }
    if (p_.compare(i_, 3, "...") == 0 || p_.compare(i_, 3, "\xE2\x80\xA6") == 0) {
      i_ += 3;
      return Make(TokenKind::kEllipsis, start);
    }
    if (c == '$' && syntax_ == PatternSyntax::kJson) return Selector();
    while (i_ < p_.size() && !EndsWord(p_[i_])) ++i_;
    return Make(TokenKind::kWord, start, std::string(p_.substr(start, i_ - start)));
  }

  // "…" with \" and \\ as escapes.
  Result<Token> QuotedText(TokenKind kind) {
    const size_t start = i_++;
    std::string text;
    while (i_ < p_.size()) {
      const char c = p_[i_++];
      if (c == '"') return Make(kind, start, std::move(text));
      if (c == '\\' && i_ < p_.size() && (p_[i_] == '"' || p_[i_] == '\\')) {
        text.push_back(p_[i_++]);
        continue;
      }
      text.push_back(c);
    }
    return errors::InvalidFilterPattern("unterminated quoted string", start + 1);
  }

  Result<Token> Regex() {
    const size_t start = i_++;
    const size_t close = p_.find('%', i_);
    if (close == std::string_view::npos) {
      return errors::InvalidFilterPattern("unterminated regular expression (no closing '%')",
                                          start + 1);
    }
    for (size_t k = i_; k < close; ++k) {
      if (!IsRegexCharacter(p_[k])) {
        return errors::InvalidFilterPattern(
            Quoted(p_[k]) + " is not supported in a regular expression", k + 1);
      }
    }
    if (close == i_) return errors::InvalidFilterPattern("empty regular expression", start + 1);
    std::string text(p_.substr(i_, close - i_));
    i_ = close + 1;
    return Make(TokenKind::kRegex, start, std::move(text));
  }

  // $ then .name, .*, [n], [*], ['key'] in any order; the parser splits it into steps.
  Result<Token> Selector() {
    const size_t start = i_++;
    while (i_ < p_.size() && !EndsSelector(p_[i_])) {
      if (p_[i_] == '[') {
        // Inside brackets a quoted key may hold anything, operators and blanks included.
        const size_t open = i_++;
        char quote = 0;
        while (i_ < p_.size() && (quote != 0 || p_[i_] != ']')) {
          if (quote == 0 && (p_[i_] == '\'' || p_[i_] == '"')) {
            quote = p_[i_];
          } else if (quote != 0 && p_[i_] == quote) {
            quote = 0;
          }
          ++i_;
        }
        if (i_ >= p_.size()) return errors::InvalidFilterPattern("unclosed '['", open + 1);
      }
      ++i_;
    }
    return Make(TokenKind::kSelector, start, std::string(p_.substr(start, i_ - start)));
  }

  std::string_view p_;
  size_t i_ = 0;
  PatternSyntax syntax_ = PatternSyntax::kTerms;
};

}  // namespace

std::string_view Describe(TokenKind kind) {
  switch (kind) {
    case TokenKind::kEnd: return "the end of the pattern";
    case TokenKind::kTerm: return "a term";
    case TokenKind::kPhrase: return "a quoted phrase";
    case TokenKind::kOptional: return "'?'";
    case TokenKind::kExclude: return "'-'";
    case TokenKind::kRegex: return "a regular expression";
    case TokenKind::kString: return "a quoted string";
    case TokenKind::kWord: return "a word";
    case TokenKind::kSelector: return "a property selector";
    case TokenKind::kLBrace: return "'{'";
    case TokenKind::kRBrace: return "'}'";
    case TokenKind::kLParen: return "'('";
    case TokenKind::kRParen: return "')'";
    case TokenKind::kLBracket: return "'['";
    case TokenKind::kRBracket: return "']'";
    case TokenKind::kComma: return "','";
    case TokenKind::kEllipsis: return "'...'";
    case TokenKind::kAnd: return "'&&'";
    case TokenKind::kOr: return "'||'";
    case TokenKind::kEq: return "'='";
    case TokenKind::kNe: return "'!='";
    case TokenKind::kLt: return "'<'";
    case TokenKind::kLe: return "'<='";
    case TokenKind::kGt: return "'>'";
    case TokenKind::kGe: return "'>='";
  }
  return "a token";
}

Result<Lexed> Lex(std::string_view pattern) { return Lexer(pattern).Run(); }

}  // namespace berth::services::logs::filter
