#include "services/logs/insights/patterns.h"

#include <re2/re2.h>

namespace berth::services::logs::insights {
namespace {

bool IsNameStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }

// Rewrites Java's named groups `(?<name>` as `(?P<name>`, leaving escapes and character
// classes alone (inside them the same characters are literal).
std::string TranslateNamedGroups(std::string_view pattern) {
  std::string out;
  out.reserve(pattern.size() + 8);
  bool in_class = false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      out += c;
      out += pattern[++i];
      continue;
    }
    if (in_class) {
      if (c == ']') in_class = false;
      out += c;
      continue;
    }
    if (c == '[') {
      in_class = true;
      out += c;
      if (i + 1 < pattern.size() && pattern[i + 1] == ']') out += pattern[++i];  // []] is literal
      continue;
    }
    if (c == '(' && pattern.substr(i, 3) == "(?<" && i + 3 < pattern.size() &&
        IsNameStart(pattern[i + 3])) {
      out += "(?P<";
      i += 2;
      continue;
    }
    out += c;
  }
  return out;
}

SyntaxResult<std::shared_ptr<const re2::RE2>> Build(const std::string& regex,
                                                    const std::string& what,
                                                    const SourceSpan& span) {
  re2::RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(kRegexMemory);
  auto compiled = std::make_shared<const re2::RE2>(regex, options);
  if (!compiled->ok()) return MakeSyntaxError(what + ": " + compiled->error(), span);
  return std::shared_ptr<const re2::RE2>(std::move(compiled));
}

}  // namespace

SyntaxResult<std::shared_ptr<const re2::RE2>> CompileRegex(std::string_view pattern,
                                                           const SourceSpan& span) {
  return Build(TranslateNamedGroups(pattern),
               "invalid regular expression /" + std::string(pattern) + "/", span);
}

SyntaxResult<std::shared_ptr<const re2::RE2>> CompileGlob(std::string_view glob,
                                                          const SourceSpan& span) {
  return Build(GlobToRegex(glob), "invalid parse pattern", span);
}

size_t CountGlobStars(std::string_view glob) {
  size_t n = 0;
  for (char c : glob) n += c == '*';
  return n;
}

std::string GlobToRegex(std::string_view glob) {
  std::string out = "(?s)";
  const size_t stars = CountGlobStars(glob);
  size_t seen = 0, literal_start = 0;
  for (size_t i = 0; i <= glob.size(); ++i) {
    if (i < glob.size() && glob[i] != '*') continue;
    out += re2::RE2::QuoteMeta(glob.substr(literal_start, i - literal_start));
    if (i < glob.size()) {
      ++seen;
      const bool last_at_end = seen == stars && i + 1 == glob.size();
      out += last_at_end ? "(.*)" : "(.*?)";
    }
    literal_start = i + 1;
  }
  return out;
}

}  // namespace berth::services::logs::insights
