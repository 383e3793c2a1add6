#pragma once
// User patterns on RE2, which matches in time linear in the input whatever the pattern, so no
// query can hang the server. Logs Insights takes Java-style regexes; RE2 accepts the same
// syntax except backreferences and lookaround, which are refused at compile time.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "services/logs/insights/errors.h"

namespace re2 {
class RE2;
}

namespace berth::services::logs::insights {

// Memory bounds: each compiled pattern may use kRegexMemory (its program and its DFA cache,
// after which RE2 falls back to its slower, still linear, NFA), and a query holds at most
// kMaxRegexes patterns.
inline constexpr int64_t kRegexMemory = int64_t{1} << 20;
inline constexpr int kMaxRegexes = 50;

// Compiles a /regex/ as written in a query; `(?<name>…)` groups become RE2's `(?P<name>…)`.
SyntaxResult<std::shared_ptr<const re2::RE2>> CompileRegex(std::string_view pattern,
                                                           const SourceSpan& span);

// Compiles a parse glob (see GlobToRegex).
SyntaxResult<std::shared_ptr<const re2::RE2>> CompileGlob(std::string_view glob,
                                                          const SourceSpan& span);

// A parse glob ("user=* id=*") as a regex with one capture group per `*`: the text between
// stars must appear literally; each star takes as little as it can, the last one at the end of
// the pattern everything that is left.
std::string GlobToRegex(std::string_view glob);

// How many `*` a glob holds.
size_t CountGlobStars(std::string_view glob);

}  // namespace berth::services::logs::insights
