#pragma once
// Tokens → Ast for the three filter pattern syntaxes:
//
//   terms      := (['?' | '-'] (TERM | PHRASE | REGEX))*
//   json       := '{' or '}'
//     or       := and ('||' and)*
//     and      := unary ('&&' unary)*
//     unary    := '(' or ')' | SELECTOR op value | SELECTOR IS (NULL|TRUE|FALSE)
//               | SELECTOR NOT EXISTS
//   delimited  := '[' slot (',' slot)* ']'
//     slot     := '...' | field_or | <nothing: an unnamed field>
//     field_or := field_and ('||' field_and)* ;  field_and := field ('&&' field)*
//     field    := NAME [op value]
//   op := '=' | '!=' | '<' | '<=' | '>' | '>=' ;  value := STRING | REGEX | WORD
//
// The slot's name is the first name written in it. A condition naming another slot's field
// reads that field; a name no slot declares (AWS's own example
// `[…, request, status_code = 4* && bytes > 1000]`) reads the slot it is written in.
//
// Limits AWS documents are enforced: at most two %regex% in a JSON or delimited pattern, at
// most one wildcard step per selector and three per pattern; `IS NOT` and a bare `EXISTS`
// are refused. Errors are InvalidParameterException "Invalid filter pattern: …", with the
// column of the offending token.

#include "core/result.h"
#include "services/logs/filter/ast.h"
#include "services/logs/filter/lexer.h"

namespace berth::services::logs::filter {

Result<Ast> Parse(const Lexed& lexed);

// Words that read as numbers: [+-]digits[.digits][e[+-]digits] (also ".5" and "5.").
bool ParseNumber(std::string_view text, double* out);

}  // namespace berth::services::logs::filter
