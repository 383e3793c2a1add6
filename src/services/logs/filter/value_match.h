#pragma once
// One comparison of a filter pattern against one value of a message: a space-delimited field
// or a JSON string (text), or a JSON number.
//
// Text against a number pattern compares numerically when the text reads as a number, else
// as text (= and != only; an ordering operator is then false). A number against a text,
// wildcard or regex pattern compares its shortest decimal spelling.

#include <string_view>

#include "services/logs/filter/ast.h"
#include "services/logs/filter/filter_pattern.h"

namespace berth::services::logs::filter {

bool CompareText(const FilterPattern& pattern, const ValuePattern& value, CompareOp op,
                 std::string_view text);
bool CompareNumber(const FilterPattern& pattern, const ValuePattern& value, CompareOp op,
                   double number);

}  // namespace berth::services::logs::filter
