#include "services/logs/filter/filter_pattern.h"

#include <re2/re2.h>

#include <algorithm>

#include "services/logs/filter/lexer.h"
#include "services/logs/filter/parser.h"
#include "services/logs/model/errors.h"

namespace berth::services::logs::filter {
namespace {

// RE2 runs in time linear in the input whatever the expression; its memory is capped too, so
// a hostile expression fails to compile instead of exhausting the server.
constexpr int64_t kRegexMemoryBytes = 1 << 20;

constexpr size_t kMaxPrefilterClauses = 3;

// The literal a comparison requires to appear in the message as written, or "" (a
// numeric-looking literal may match a number written otherwise — 4e2 for 400 — so none).
std::string ComparedLiteral(const JsonNode& n) {
  if (n.kind == JsonNode::Kind::kCompare && n.op == CompareOp::kEq &&
      n.value.kind == ValuePattern::Kind::kText &&
      n.value.text.find_first_not_of("0123456789.eE+-") != std::string::npos) {
    return n.value.text;
  }
  return "";
}

size_t Shortest(const std::vector<std::string>& clause) {
  size_t shortest = std::string::npos;
  for (const auto& literal : clause) shortest = std::min(shortest, literal.size());
  return shortest;
}

// Clauses every message the expression at `node` matches satisfies: each clause lists
// literals one of which appears. AND joins its children's clauses; OR makes one clause of
// one clause from each child (when every child has one); a comparison gives its literal.
std::vector<std::vector<std::string>> Clauses(const JsonPattern& json, int node) {
  const JsonNode& n = json.nodes[static_cast<size_t>(node)];
  std::vector<std::vector<std::string>> out;
  if (n.kind == JsonNode::Kind::kAnd) {
    for (int child : n.children) {
      for (auto& clause : Clauses(json, child)) out.push_back(std::move(clause));
    }
  } else if (n.kind == JsonNode::Kind::kOr) {
    std::vector<std::string> either;
    for (int child : n.children) {
      auto clauses = Clauses(json, child);
      if (clauses.empty()) return {};
      // The clause whose shortest literal is longest rejects the most.
      auto best = std::max_element(clauses.begin(), clauses.end(), [](const auto& a, const auto& b) {
        return Shortest(a) < Shortest(b);
      });
      either.insert(either.end(), best->begin(), best->end());
    }
    out.push_back(std::move(either));
  } else if (std::string literal = ComparedLiteral(n); !literal.empty()) {
    out.push_back({std::move(literal)});
  }
  // Checking a few selective clauses is enough; more would cost more than it saves.
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return Shortest(a) > Shortest(b); });
  if (out.size() > kMaxPrefilterClauses) out.resize(kMaxPrefilterClauses);
  return out;
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
    pattern->json_prefilter_ = Clauses(ast.json, ast.json.root);
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
