#pragma once
// The lexer's output: one token per word, literal or operator, with where it sits.

#include <cstdint>
#include <string>

#include "services/logs/insights/errors.h"
#include "services/logs/insights/time_period.h"

namespace berth::services::logs::insights {

enum class TokenKind {
  kIdentifier,        // a bare word: command, keyword, function or field name (parser decides)
  kQuotedIdentifier,  // `any text` — always a field name
  kNumber,
  kString,  // "…" or '…', escapes resolved
  kRegex,   // /…/, `\/` resolved to `/`
  kPeriod,  // 5m, 1h, 30sec
  kPipe,
  kComma,
  kLeftParen,
  kRightParen,
  kLeftBracket,
  kRightBracket,
  kPlus,
  kMinus,
  kStar,
  kSlash,
  kPercent,
  kCaret,
  kEqual,
  kNotEqual,
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,
  kRegexMatch,  // =~
  kEnd,
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string text;       // identifier name, literal value, or the operator as written
  double number = 0;      // kNumber
  bool integral = false;  // kNumber written without fraction or exponent
  Period period;          // kPeriod
  SourceSpan span;
};

}  // namespace berth::services::logs::insights
