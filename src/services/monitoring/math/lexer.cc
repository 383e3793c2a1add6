#include "services/monitoring/math/lexer.h"

#include <cctype>
#include <charconv>

#include "services/monitoring/model/errors.h"

namespace berth::services::monitoring::math {

Result<std::vector<Token>> Lex(std::string_view text) {
  std::vector<Token> out;
  size_t i = 0;
  auto error = [&](size_t at, std::string what) {
    return errors::InvalidParameterValue(what + " at position " + std::to_string(at + 1) + ".");
  };
  while (i < text.size()) {
    const char c = text[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    Token t{Token::Kind::kEnd, "", 0, i + 1};
    if (std::isdigit(static_cast<unsigned char>(c)) || (c == '.' && i + 1 < text.size() &&
                                                        std::isdigit(static_cast<unsigned char>(text[i + 1])))) {
      size_t j = i;
      while (j < text.size() && (std::isdigit(static_cast<unsigned char>(text[j])) || text[j] == '.'))
        ++j;
      if (j < text.size() && (text[j] == 'e' || text[j] == 'E')) {
        size_t k = j + 1;
        if (k < text.size() && (text[k] == '+' || text[k] == '-')) ++k;
        if (k < text.size() && std::isdigit(static_cast<unsigned char>(text[k]))) {
          j = k;
          while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j]))) ++j;
        }
      }
      auto [p, ec] = std::from_chars(text.data() + i, text.data() + j, t.number);
      if (ec != std::errc() || p != text.data() + j) return error(i, "Invalid number");
      t.kind = Token::Kind::kNumber;
      i = j;
    } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      size_t j = i;
      while (j < text.size() && (std::isalnum(static_cast<unsigned char>(text[j])) || text[j] == '_'))
        ++j;
      t.text = std::string(text.substr(i, j - i));
      t.kind = t.text == "AND" ? Token::Kind::kAnd
               : t.text == "OR" ? Token::Kind::kOr
                                : Token::Kind::kIdent;
      i = j;
    } else if (c == '\'' || c == '"') {
      const size_t close = text.find(c, i + 1);
      if (close == std::string_view::npos) return error(i, "Unterminated string");
      t.kind = Token::Kind::kString;
      t.text = std::string(text.substr(i + 1, close - i - 1));
      i = close + 1;
    } else {
      auto two = text.substr(i, 2);
      using K = Token::Kind;
      if (two == "==") t.kind = K::kEq;
      else if (two == "!=") t.kind = K::kNe;
      else if (two == "<=") t.kind = K::kLe;
      else if (two == ">=") t.kind = K::kGe;
      else if (two == "&&") t.kind = K::kAnd;
      else if (two == "||") t.kind = K::kOr;
      if (t.kind != K::kEnd) {
        i += 2;
      } else {
        switch (c) {
          case '+': t.kind = K::kPlus; break;
          case '-': t.kind = K::kMinus; break;
          case '*': t.kind = K::kStar; break;
          case '/': t.kind = K::kSlash; break;
          case '^': t.kind = K::kCaret; break;
          case '<': t.kind = K::kLt; break;
          case '>': t.kind = K::kGt; break;
          case '(': t.kind = K::kLParen; break;
          case ')': t.kind = K::kRParen; break;
          case ',': t.kind = K::kComma; break;
          default: return error(i, "Unexpected character '" + std::string(1, c) + "'");
        }
        ++i;
      }
    }
    out.push_back(std::move(t));
  }
  out.push_back(Token{Token::Kind::kEnd, "", 0, text.size() + 1});
  return out;
}

}  // namespace berth::services::monitoring::math
