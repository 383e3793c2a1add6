#pragma once
// Where a query went wrong, and the one error every compile failure becomes:
// MalformedQueryException (400), worded as AWS words it ("unexpected symbol found … at line L
// and position P"). Lines count from 1, positions (columns) from 0, as ANTLR reports them;
// offsets are bytes into the query text, for the queryCompileError location on the wire.

#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "core/result.h"

namespace berth::services::logs::insights {

// A stretch of the query text: [begin, end) byte offsets, and where `begin` sits.
struct SourceSpan {
  int begin = 0;
  int end = 0;
  int line = 1;
  int column = 0;
};

// The location half of MalformedQueryException's queryCompileError.
struct CompileErrorLocation {
  int line = 1;
  int column = 0;
  int start_char_offset = 0;
  int end_char_offset = 0;
};

// A compile failure before it becomes an Error: what, and where.
struct SyntaxError {
  std::string message;  // already carries "at line L and position P"
  SourceSpan span;

  Error ToError() const { return Error{"MalformedQueryException", message, 400}; }
  CompileErrorLocation Location() const {
    return {span.line, span.column, span.begin, span.end > span.begin ? span.end - 1 : span.begin};
  }
};

// What each compile stage (lexer, parser, planner) returns: its product or where it failed.
template <class T>
class [[nodiscard]] SyntaxResult {
 public:
  SyntaxResult(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit
  SyntaxResult(SyntaxError error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  T& value() & { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const SyntaxError& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, SyntaxError> v_;
};

// "<what> at line L and position P" — the sentence every syntax error ends with.
SyntaxError MakeSyntaxError(std::string_view what, const SourceSpan& span);
// "unexpected symbol found <symbol> at line L and position P[; <hint>]"
SyntaxError UnexpectedSymbol(std::string_view symbol, const SourceSpan& span,
                             std::string_view hint = {});

}  // namespace berth::services::logs::insights
