#pragma once
// A compiled CloudWatch Logs filter pattern: lexed, parsed and its %regex% compiled with RE2,
// once. Immutable after Compile, so one compiled pattern serves any number of threads; each
// match runs in a FilterMatcher (matcher.h), which holds the per-run state.
//
//   auto pattern = FilterPattern::Compile(R"({ $.eventSource = "ecr.amazonaws.com" })");
//   FilterMatcher matcher(**pattern);
//   if (matcher.Matches(message)) …
//
// AWS's syntax: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "services/logs/filter/ast.h"

namespace re2 {
class RE2;
}

namespace berth::services::logs::filter {

class FilterPattern {
 public:
  // Errors: InvalidParameterException "Invalid filter pattern: … (at column N)".
  static Result<std::shared_ptr<const FilterPattern>> Compile(std::string_view text);
  ~FilterPattern();
  FilterPattern(const FilterPattern&) = delete;
  FilterPattern& operator=(const FilterPattern&) = delete;

  const std::string& text() const { return text_; }
  const Ast& ast() const { return ast_; }
  // True for the empty pattern and for patterns of blank phrases only (AWS's `" "`).
  bool MatchesEverything() const;
  const re2::RE2& regex(int index) const { return *regexes_[static_cast<size_t>(index)]; }
  // What every JSON message the pattern matches holds as written, unless it holds a '\' (an
  // escape could spell a literal differently): for each clause, one of its literals. Empty
  // when the pattern gives none. Lets the matcher skip parsing most messages a selective
  // pattern does not match.
  const std::vector<std::vector<std::string>>& json_prefilter() const { return json_prefilter_; }

 private:
  FilterPattern() = default;
  std::string text_;
  Ast ast_;
  std::vector<std::unique_ptr<re2::RE2>> regexes_;
  std::vector<std::vector<std::string>> json_prefilter_;
};

}  // namespace berth::services::logs::filter
