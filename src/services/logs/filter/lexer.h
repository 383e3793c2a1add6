#pragma once
// Filter pattern text → tokens. The three syntaxes lex differently (a term may hold '=' or
// ',', a JSON value may not), so the lexer first decides the syntax and then reads tokens
// by its rules. Never throws; every malformed input (an unclosed quote or regex, a stray '&')
// is an InvalidParameterException "Invalid filter pattern: …" naming the column.

#include <string_view>
#include <vector>

#include "core/result.h"
#include "services/logs/filter/token.h"

namespace berth::services::logs::filter {

struct Lexed {
  PatternSyntax syntax = PatternSyntax::kTerms;
  std::vector<Token> tokens;  // ends with a kEnd token
};

Result<Lexed> Lex(std::string_view pattern);

}  // namespace berth::services::logs::filter
