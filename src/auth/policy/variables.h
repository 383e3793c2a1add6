#pragma once
// Policy strings with variables: `arn:aws:s3:::bucket/${aws:username}/*`. In a Version
// 2012-10-17 document, `${key}` is replaced at evaluation by the request's (single) value of
// condition key `key` (any case), `${key, 'default'}` by `default` when the key has none, and
// `${*}`, `${?}`, `${$}` stand for a literal *, ? and $. A variable whose key has no single
// value and no default leaves the string unresolved: a Resource or condition value that holds
// it matches nothing. Substituted values are literal: a `*` in a user's tag is not a wildcard.
// In 2008-10-17 documents `${…}` is plain text.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/policy/request_context.h"
#include "auth/policy/wildcard.h"

namespace berth::auth::policy {

class Template {
 public:
  static Template Parse(std::string_view text, bool variables_enabled);

  bool has_variables() const { return has_variables_; }

  // With no variables: the text (escapes resolved) and its glob, computed once.
  const std::string& constant_text() const { return constant_text_; }
  const Glob& constant_glob() const { return constant_glob_; }

  // The text with variables replaced (* and ? as written), or nullopt when one has no value.
  std::optional<std::string> ResolveText(const RequestContext& context) const;
  // The glob with variables replaced (their values literal), or nullopt likewise.
  std::optional<Glob> ResolveGlob(const RequestContext& context) const;

 private:
  struct Piece {
    enum class Kind { kPattern, kLiteral, kVariable } kind;
    std::string text;  // pattern or literal text; for a variable its key, lowered
    std::optional<std::string> default_value;
  };

  std::vector<Piece> pieces_;
  bool has_variables_ = false;
  std::string constant_text_;
  Glob constant_glob_;
};

}  // namespace berth::auth::policy
