#pragma once
// `*` and `?` patterns (Action, Resource, StringLike, ArnLike), matched without regex and
// without backtracking blow-up: the greedy two-pointer walk that remembers only the last `*`,
// O(pattern × subject) at worst, linear for the patterns policies hold. `?` is one character
// (a UTF-8 code point), `*` any run of characters, including none.
//
// A Glob is built from pieces: pattern text (whose * and ? are wildcards) and literal text
// (whose * and ? are themselves: the ${*} and ${?} escapes, and values substituted for policy
// variables). Inside, a wildcard is a byte that never occurs in UTF-8 (0xFF, 0xFE), so the
// compiled pattern is one string.

#include <string>
#include <string_view>

namespace berth::auth::policy {

class Glob {
 public:
  Glob() = default;
  // `pattern`'s * and ? are wildcards.
  static Glob FromPattern(std::string_view pattern) { return Glob().AddPattern(pattern).Done(); }

  Glob& AddPattern(std::string_view pattern);
  Glob& AddLiteral(std::string_view text);
  // Classifies the pattern for the fast paths; call once when built.
  Glob& Done();

  // Case-sensitive: callers fold both sides themselves when they must (actions).
  bool Matches(std::string_view subject) const;

  bool HasWildcards() const { return kind_ != Kind::kExact; }
  // The pattern with its wildcards written as * and ? again (for messages and tests).
  std::string ToString() const;

  // The marker bytes (exposed for ArnLike, which splits a compiled pattern at its colons).
  static constexpr char kStar = static_cast<char>(0xFF);
  static constexpr char kOne = static_cast<char>(0xFE);
  const std::string& compiled() const { return pattern_; }
  // False when built from literal text holding a marker byte (such a glob matches nothing).
  bool matchable() const { return !unmatchable_; }
  // Matches a compiled pattern (or a piece of one) without building a Glob.
  static bool MatchCompiled(std::string_view pattern, std::string_view subject);

 private:
  enum class Kind { kExact, kAny, kPrefix, kGeneral };
  std::string pattern_;
  Kind kind_ = Kind::kExact;
  bool unmatchable_ = false;
};

// ASCII lower case (action names, condition keys, ...IgnoreCase: IAM folds ASCII only).
std::string AsciiLower(std::string_view s);
bool AsciiEqualsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace berth::auth::policy
