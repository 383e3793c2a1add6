#pragma once
// Stage 2: tokens → syntax tree. Recursive descent; precedence from loosest to tightest:
//   or · and · not · comparison (= != < <= > >=, [not] like, =~, [not] in) · + - · * / % ·
//   unary - · ^ (right-associative) · literals, names, calls, ( … ).
// Keywords and command names are matched case-insensitively. The first thing that does not
// fit is a SyntaxError pointing at it.

#include <vector>

#include "services/logs/insights/ast.h"
#include "services/logs/insights/errors.h"
#include "services/logs/insights/token.h"

namespace berth::services::logs::insights {

// `tokens` ends with kEnd, as Lex returns them.
SyntaxResult<ast::Query> Parse(const std::vector<Token>& tokens);

}  // namespace berth::services::logs::insights
