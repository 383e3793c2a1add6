#include "services/logs/insights/errors.h"

namespace berth::services::logs::insights {

SyntaxError MakeSyntaxError(std::string_view what, const SourceSpan& span) {
  std::string message(what);
  message +=
      " at line " + std::to_string(span.line) + " and position " + std::to_string(span.column);
  return SyntaxError{std::move(message), span};
}

SyntaxError UnexpectedSymbol(std::string_view symbol, const SourceSpan& span,
                             std::string_view hint) {
  std::string what = "unexpected symbol found ";
  what += symbol;
  SyntaxError error = MakeSyntaxError(what, span);
  if (!hint.empty()) {
    error.message += "; ";
    error.message += hint;
  }
  return error;
}

}  // namespace berth::services::logs::insights
