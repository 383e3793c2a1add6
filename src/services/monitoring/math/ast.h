#pragma once
// Metric math, stage 2's output: the syntax tree of one expression. Immutable once parsed.

#include <memory>
#include <string>
#include <vector>

namespace berth::services::monitoring::math {

struct Node {
  enum class Kind { kNumber, kString, kRef, kCall, kUnary, kBinary } kind;
  double number = 0;
  std::string text;  // string literal, referenced query id, function name (upper-case), operator
  std::vector<std::unique_ptr<const Node>> args;  // call arguments; unary: 1; binary: 2
  size_t position = 0;
};

}  // namespace berth::services::monitoring::math
