#pragma once
// The tokens of CloudWatch Logs filter patterns (what the lexer hands the parser).

#include <cstddef>
#include <string>
#include <string_view>

namespace berth::services::logs::filter {

// Which of AWS's three pattern languages a pattern is written in; decided by its first
// non-blank character: '{' JSON, '[' space-delimited, anything else terms and phrases.
enum class PatternSyntax { kTerms, kJson, kDelimited };

enum class TokenKind {
  kEnd,
  // Terms syntax.
  kTerm,      // a bare word: ERROR
  kPhrase,    // a quoted phrase, unquoted: "INTERNAL SERVER ERROR" → INTERNAL SERVER ERROR
  kOptional,  // '?' before a term
  kExclude,   // '-' before a term
  // Shared by the terms, JSON and delimited syntaxes.
  kRegex,     // %regex%, without the percent signs
  // JSON and delimited syntaxes.
  kString,    // a quoted string, unquoted and unescaped
  kWord,      // a bare value or name: 4*, 123.123.*, status_code, IS, NULL, 1e-3
  kSelector,  // $.a.b[0], $.['x.y'], $.*
  kLBrace, kRBrace, kLParen, kRParen, kLBracket, kRBracket, kComma, kEllipsis,
  kAnd, kOr,
  kEq, kNe, kLt, kLe, kGt, kGe,
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string text;   // the token's value (quotes and percent signs removed, escapes resolved)
  size_t column = 0;  // 1-based position of its first character in the pattern
};

// A short name for messages ("'&&'", "a value", "the end of the pattern").
std::string_view Describe(TokenKind kind);

}  // namespace berth::services::logs::filter
