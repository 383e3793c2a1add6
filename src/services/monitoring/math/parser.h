#pragma once
// Metric math, stage 2: tokens → syntax tree, by precedence climbing:
//   OR < AND < comparisons (== != < <= > >=) < + - < * / < ^ (right-associative) < unary -.
// Function names are upper-cased (AWS's are case-insensitive); query ids are kept as written.

#include <memory>
#include <string_view>

#include "core/result.h"
#include "services/monitoring/math/ast.h"

namespace berth::services::monitoring::math {

// A compiled expression: immutable, evaluated any number of times (evaluator.h).
struct Expression {
  std::unique_ptr<const Node> root;
};

// Lexes and parses. Errors: InvalidParameterValue naming the position.
Result<std::shared_ptr<const Expression>> Compile(std::string_view text);

}  // namespace berth::services::monitoring::math
