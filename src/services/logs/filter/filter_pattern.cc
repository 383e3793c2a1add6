#include "services/logs/filter/filter_pattern.h"

#include <re2/re2.h>

#include "services/logs/filter/lexer.h"
#include "services/logs/filter/parser.h"
#include "services/logs/model/errors.h"

namespace berth::services::logs::filter {
namespace {

// RE2 runs in time linear in the input whatever the expression; its memory is capped too, so
// a hostile expression fails to compile instead of exhausting the server.
constexpr int64_t kRegexMemoryBytes = 1 << 20;

// The longest literal an equality in the AND-chain at `node` requires, or "".
std::string RequiredLiteral(const JsonPattern& json, int node) {
  const JsonNode& n = json.nodes[static_cast<size_t>(node)];
  if (n.kind == JsonNode::Kind::kAnd) {
    std::string best;
    for (int child : n.children) {
      std::string literal = RequiredLiteral(json, child);
      if (literal.size() > best.size()) best = std::move(literal);
    }
    return best;
  }
  // A numeric-looking literal may match a number written otherwise (4e2 for 400): no use.
  if (n.kind == JsonNode::Kind::kCompare && n.op == CompareOp::kEq &&
      n.value.kind == ValuePattern::Kind::kText &&
      n.value.text.find_first_not_of("0123456789.eE+-") != std::string::npos) {
    return n.value.text;
  }
  return "";
}

}  // namespace

FilterPattern::~FilterPattern() = default;

Result<std::shared_ptr<const FilterPattern>> FilterPattern::Compile(std::string_view text) {
  BERTH_ASSIGN_OR_RETURN(Lexed lexed, Lex(text));
  BERTH_ASSIGN_OR_RETURN(Ast ast, Parse(lexed));
  std::shared_ptr<FilterPattern> pattern(new FilterPattern());
  pattern->text_ = std::string(text);
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(kRegexMemoryBytes);
  for (const std::string& source : ast.regexes) {
    auto regex = std::make_unique<RE2>(source, options);
    if (!regex->ok()) {
      // The lexer keeps no columns for regexes past this point; name the expression instead.
      return errors::InvalidFilterPattern(
          "invalid regular expression %" + source + "%: " + regex->error(),
          text.find(source) == std::string_view::npos ? 1 : text.find(source));
    }
    pattern->regexes_.push_back(std::move(regex));
  }
  if (ast.syntax == PatternSyntax::kJson) {
    pattern->json_prefilter_ = RequiredLiteral(ast.json, ast.json.root);
  }
  pattern->ast_ = std::move(ast);
  return std::shared_ptr<const FilterPattern>(std::move(pattern));
}

bool FilterPattern::MatchesEverything() const {
  const TermsPattern& t = ast_.terms;
  return ast_.syntax == PatternSyntax::kTerms && t.required.empty() && t.excluded.empty() &&
         t.optional.empty();
}

}  // namespace berth::services::logs::filter
