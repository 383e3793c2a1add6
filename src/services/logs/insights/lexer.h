#pragma once
// Stage 1: query text → tokens. Comments run from `#` to the end of the line. A `/` opens a
// regex unless it follows an operand (a name, literal or closing bracket), where it divides —
// except right after `parse <field>`, where a pattern is due. Never throws; the first bad
// character is a SyntaxError with its line and position.

#include <string_view>
#include <vector>

#include "services/logs/insights/errors.h"
#include "services/logs/insights/token.h"

namespace berth::services::logs::insights {

// Longest query text accepted (AWS's StartQuery allows 10,000 characters).
inline constexpr size_t kMaxQueryLength = 10'000;

// The tokens of `text`, ending with one kEnd token.
SyntaxResult<std::vector<Token>> Lex(std::string_view text);

}  // namespace berth::services::logs::insights
