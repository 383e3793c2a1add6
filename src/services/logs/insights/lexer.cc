#include "services/logs/insights/lexer.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <string>

#include "services/logs/insights/ascii.h"

namespace berth::services::logs::insights {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsNameStart(char c) { return IsLetter(c) || c == '_' || c == '@'; }
bool IsNameChar(char c) { return IsNameStart(c) || IsDigit(c) || c == '.'; }

// Words after which an operand (and so a regex) is due, not an operator.
bool IsOperatorWord(std::string_view word) {
  for (std::string_view w : {"and", "or", "not", "like", "in", "by", "as", "filter", "parse",
                             "fields", "stats", "sort", "display", "dedup", "limit"})
    if (EqualsIgnoreCase(word, w)) return true;
  return false;
}

// Shows a symbol in an error message the way AWS quotes it: as written, at most 20 bytes.
std::string Shown(std::string_view text) {
  if (text.size() > 20) return std::string(text.substr(0, 20)) + "…";
  return std::string(text);
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  SyntaxResult<std::vector<Token>> Run() {
    if (text_.size() > kMaxQueryLength)
      return MakeSyntaxError(
          "query is longer than " + std::to_string(kMaxQueryLength) + " characters",
          SpanAt(static_cast<int>(kMaxQueryLength), 1));
    while (true) {
      SkipBlanksAndComments();
      if (pos_ >= text_.size()) break;
      auto error = Next();
      if (error) return std::move(*error);
    }
    Token end;
    end.kind = TokenKind::kEnd;
    end.span = SpanAt(static_cast<int>(pos_), 0);
    tokens_.push_back(std::move(end));
    return std::move(tokens_);
  }

 private:
  // Line and column of `begin`. Spans are asked for in text order, so the line count advances
  // with a cursor instead of rescanning from the start.
  SourceSpan SpanAt(int begin, int length) {
    const int limit = std::min(begin, static_cast<int>(text_.size()));
    for (; scan_ < limit; ++scan_)
      if (text_[scan_] == '\n') ++line_, line_start_ = scan_ + 1;
    return SourceSpan{begin, begin + length, line_, begin - line_start_};
  }

  void SkipBlanksAndComments() {
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') {
        ++pos_;
      } else if (c == '#') {
        while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
      } else {
        return;
      }
    }
  }

  void Push(TokenKind kind, size_t begin, std::string text) {
    Token t;
    t.kind = kind;
    t.text = std::move(text);
    t.span = SpanAt(static_cast<int>(begin), static_cast<int>(pos_ - begin));
    tokens_.push_back(std::move(t));
  }

  bool SlashOpensRegex() const {
    if (tokens_.empty()) return true;
    const Token& prev = tokens_.back();
    switch (prev.kind) {
      case TokenKind::kIdentifier:
        if (IsOperatorWord(prev.text)) return true;
        [[fallthrough]];
      case TokenKind::kQuotedIdentifier:
        // `parse @message /…/`: the pattern follows the field.
        return tokens_.size() >= 2 && tokens_[tokens_.size() - 2].kind == TokenKind::kIdentifier &&
               EqualsIgnoreCase(tokens_[tokens_.size() - 2].text, "parse");
      case TokenKind::kNumber:
      case TokenKind::kString:
      case TokenKind::kRegex:
      case TokenKind::kPeriod:
      case TokenKind::kRightParen:
      case TokenKind::kRightBracket: return false;
      default: return true;
    }
  }

  std::optional<SyntaxError> Next() {
    const size_t begin = pos_;
    const char c = text_[pos_];
    if (IsNameStart(c)) {
      while (pos_ < text_.size() && IsNameChar(text_[pos_])) ++pos_;
      Push(TokenKind::kIdentifier, begin, std::string(text_.substr(begin, pos_ - begin)));
      return std::nullopt;
    }
    if (IsDigit(c)) return LexNumber();
    switch (c) {
      case '"':
      case '\'': return LexString(c);
      case '`': return LexQuotedName();
      case '/':
        if (SlashOpensRegex()) return LexRegex();
        ++pos_;
        Push(TokenKind::kSlash, begin, "/");
        return std::nullopt;
      case '|': return Single(TokenKind::kPipe);
      case ',': return Single(TokenKind::kComma);
      case '(': return Single(TokenKind::kLeftParen);
      case ')': return Single(TokenKind::kRightParen);
      case '[': return Single(TokenKind::kLeftBracket);
      case ']': return Single(TokenKind::kRightBracket);
      case '+': return Single(TokenKind::kPlus);
      case '-': return Single(TokenKind::kMinus);
      case '*': return Single(TokenKind::kStar);
      case '%': return Single(TokenKind::kPercent);
      case '^': return Single(TokenKind::kCaret);
      case '=':
        if (Peek(1) == '~') return Double(TokenKind::kRegexMatch);
        if (Peek(1) == '=') break;  // `==` is not in the language
        return Single(TokenKind::kEqual);
      case '!':
        if (Peek(1) == '=') return Double(TokenKind::kNotEqual);
        break;
      case '<':
        if (Peek(1) == '=') return Double(TokenKind::kLessEqual);
        return Single(TokenKind::kLess);
      case '>':
        if (Peek(1) == '=') return Double(TokenKind::kGreaterEqual);
        return Single(TokenKind::kGreater);
      default: break;
    }
    // One UTF-8 character, for the message.
    size_t length = 1;
    while (begin + length < text_.size() && (text_[begin + length] & 0xC0) == 0x80) ++length;
    if (c == '=' || c == '!') length = std::min<size_t>(2, text_.size() - begin);
    return UnexpectedSymbol(Shown(text_.substr(begin, length)),
                            SpanAt(static_cast<int>(begin), static_cast<int>(length)));
  }

  char Peek(size_t ahead) const { return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0'; }

  std::optional<SyntaxError> Single(TokenKind kind) {
    const size_t begin = pos_++;
    Push(kind, begin, std::string(text_.substr(begin, 1)));
    return std::nullopt;
  }

  std::optional<SyntaxError> Double(TokenKind kind) {
    const size_t begin = pos_;
    pos_ += 2;
    Push(kind, begin, std::string(text_.substr(begin, 2)));
    return std::nullopt;
  }

  std::optional<SyntaxError> LexNumber() {
    const size_t begin = pos_;
    bool integral = true;
    while (pos_ < text_.size() && IsDigit(text_[pos_])) ++pos_;
    if (Peek(0) == '.' && IsDigit(Peek(1))) {
      integral = false;
      ++pos_;
      while (pos_ < text_.size() && IsDigit(text_[pos_])) ++pos_;
    }
    if ((Peek(0) == 'e' || Peek(0) == 'E') &&
        (IsDigit(Peek(1)) || ((Peek(1) == '+' || Peek(1) == '-') && IsDigit(Peek(2))))) {
      integral = false;
      pos_ += 2;
      while (pos_ < text_.size() && IsDigit(text_[pos_])) ++pos_;
    }
    const std::string_view digits = text_.substr(begin, pos_ - begin);
    // Letters right after the digits make a time period (5m) or a mistake (5x).
    if (pos_ < text_.size() && IsNameChar(text_[pos_]) && text_[pos_] != '.') {
      const size_t unit_begin = pos_;
      while (pos_ < text_.size() && IsLetter(text_[pos_])) ++pos_;
      const std::string_view unit_text = text_.substr(unit_begin, pos_ - unit_begin);
      auto unit = ParsePeriodUnit(unit_text);
      const bool glued = pos_ < text_.size() && IsNameChar(text_[pos_]);
      if (!unit || !integral || glued) {
        size_t end = pos_;
        while (end < text_.size() && IsNameChar(text_[end])) ++end;
        return UnexpectedSymbol(Shown(text_.substr(begin, end - begin)),
                                SpanAt(static_cast<int>(begin), static_cast<int>(end - begin)),
                                "a time period is a whole number and a unit such as 5m or 1h");
      }
      int64_t count = 0;
      auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), count);
      if (ec != std::errc() || count <= 0)
        return MakeSyntaxError(
            "time period " + std::string(text_.substr(begin, pos_ - begin)) + " is out of range",
            SpanAt(static_cast<int>(begin), static_cast<int>(pos_ - begin)));
      Token t;
      t.kind = TokenKind::kPeriod;
      t.text = std::string(text_.substr(begin, pos_ - begin));
      t.period = Period{count, *unit};
      t.span = SpanAt(static_cast<int>(begin), static_cast<int>(pos_ - begin));
      tokens_.push_back(std::move(t));
      return std::nullopt;
    }
    double value = 0;
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec != std::errc())
      return MakeSyntaxError("number " + Shown(digits) + " is out of range",
                             SpanAt(static_cast<int>(begin), static_cast<int>(digits.size())));
    Token t;
    t.kind = TokenKind::kNumber;
    t.text = std::string(digits);
    t.number = value;
    t.integral = integral;
    t.span = SpanAt(static_cast<int>(begin), static_cast<int>(digits.size()));
    tokens_.push_back(std::move(t));
    return std::nullopt;
  }

  std::optional<SyntaxError> LexString(char quote) {
    const size_t begin = pos_++;
    std::string value;
    while (pos_ < text_.size() && text_[pos_] != quote) {
      char c = text_[pos_++];
      if (c == '\\' && pos_ < text_.size()) {
        const char e = text_[pos_++];
        switch (e) {
          case 'n': c = '\n'; break;
          case 't': c = '\t'; break;
          case 'r': c = '\r'; break;
          case '\\':
          case '"':
          case '\'': c = e; break;
          default:
            value += '\\';
            c = e;
            break;  // kept as written: `like "a\d"` means a\d
        }
      }
      value += c;
    }
    if (pos_ >= text_.size())
      return MakeSyntaxError("unterminated string starting with " + std::string(1, quote),
                             SpanAt(static_cast<int>(begin), 1));
    ++pos_;
    Push(TokenKind::kString, begin, std::move(value));
    return std::nullopt;
  }

  std::optional<SyntaxError> LexRegex() {
    const size_t begin = pos_++;
    std::string value;
    while (pos_ < text_.size() && text_[pos_] != '/') {
      if (text_[pos_] == '\\' && Peek(1) == '/') {
        value += '/';
        pos_ += 2;
        continue;
      }
      if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) value += text_[pos_++];
      value += text_[pos_++];
    }
    if (pos_ >= text_.size())
      return MakeSyntaxError("unterminated regular expression starting with /",
                             SpanAt(static_cast<int>(begin), 1));
    ++pos_;
    Push(TokenKind::kRegex, begin, std::move(value));
    return std::nullopt;
  }

  std::optional<SyntaxError> LexQuotedName() {
    const size_t begin = pos_++;
    const size_t close = text_.find('`', pos_);
    if (close == std::string_view::npos)
      return MakeSyntaxError("unterminated field name starting with `",
                             SpanAt(static_cast<int>(begin), 1));
    if (close == pos_)
      return UnexpectedSymbol("``", SpanAt(static_cast<int>(begin), 2),
                              "a quoted field name cannot be empty");
    std::string name(text_.substr(pos_, close - pos_));
    pos_ = close + 1;
    Push(TokenKind::kQuotedIdentifier, begin, std::move(name));
    return std::nullopt;
  }

  std::string_view text_;
  size_t pos_ = 0;
  int scan_ = 0;  // SpanAt's cursor
  int line_ = 1;
  int line_start_ = 0;
  std::vector<Token> tokens_;
};

}  // namespace

SyntaxResult<std::vector<Token>> Lex(std::string_view text) { return Lexer(text).Run(); }

}  // namespace berth::services::logs::insights
