#pragma once
// Metric math, stage 1: expression text → tokens, each with its position (1-based column).

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace berth::services::monitoring::math {

struct Token {
  enum class Kind {
    kNumber, kIdent, kString, kPlus, kMinus, kStar, kSlash, kCaret, kEq, kNe, kLe, kGe, kLt,
    kGt, kAnd, kOr, kLParen, kRParen, kComma, kEnd
  } kind;
  std::string text;  // identifiers (as written), strings (unquoted)
  double number = 0;
  size_t position = 0;
};

// Errors: InvalidParameterValue naming the position of the first character it cannot read.
Result<std::vector<Token>> Lex(std::string_view text);

}  // namespace berth::services::monitoring::math
