// The filter pattern language stage by stage: the lexer's tokens, the parser's tree, malformed
// patterns with the column of their problem, and matcher behaviour beyond the documented
// examples (CloudTrail records, hostile input).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "services/logs/filter/delimited_fields.h"
#include "services/logs/filter/filter_pattern.h"
#include "services/logs/filter/lexer.h"
#include "services/logs/filter/matcher.h"
#include "services/logs/filter/parser.h"

namespace berth::services::logs::filter {
namespace {

std::vector<TokenKind> Kinds(std::string_view pattern) {
  auto lexed = Lex(pattern);
  EXPECT_TRUE(lexed.ok()) << pattern;
  std::vector<TokenKind> kinds;
  if (lexed.ok())
    for (const Token& t : lexed->tokens) kinds.push_back(t.kind);
  return kinds;
}

TEST(FilterLexer, ReadsTermsPhrasesAndMarkers) {
  auto lexed = Lex(R"(?ERROR -"bad thing" %a.c% plain)");
  ASSERT_TRUE(lexed.ok());
  EXPECT_EQ(lexed->syntax, PatternSyntax::kTerms);
  const auto& t = lexed->tokens;
  ASSERT_EQ(t.size(), 7u);
  EXPECT_EQ(t[0].kind, TokenKind::kOptional);
  EXPECT_EQ(t[1].kind, TokenKind::kTerm);
  EXPECT_EQ(t[1].text, "ERROR");
  EXPECT_EQ(t[2].kind, TokenKind::kExclude);
  EXPECT_EQ(t[3].kind, TokenKind::kPhrase);
  EXPECT_EQ(t[3].text, "bad thing");
  EXPECT_EQ(t[3].column, 9u);
  EXPECT_EQ(t[4].kind, TokenKind::kRegex);
  EXPECT_EQ(t[4].text, "a.c");
  EXPECT_EQ(t[5].text, "plain");
  EXPECT_EQ(t[6].kind, TokenKind::kEnd);
}

TEST(FilterLexer, ReadsJsonOperatorsAndSelectors) {
  using K = TokenKind;
  EXPECT_EQ(Kinds(R"({ $.a.b[0] != "x" && ($.c >= 5 || $.['d.e'] IS NULL) })"),
            (std::vector<K>{K::kLBrace, K::kSelector, K::kNe, K::kString, K::kAnd, K::kLParen,
                            K::kSelector, K::kGe, K::kWord, K::kOr, K::kSelector, K::kWord,
                            K::kWord, K::kRParen, K::kRBrace, K::kEnd}));
  auto lexed = Lex(R"({ $.['a b'] = 1 })");
  ASSERT_TRUE(lexed.ok());
  EXPECT_EQ(lexed->tokens[1].text, "$.['a b']");
}

TEST(FilterLexer, ReadsDelimitedSlots) {
  using K = TokenKind;
  EXPECT_EQ(Kinds("[ip, ..., status=4* || status<=500, size>1000]"),
            (std::vector<K>{K::kLBracket, K::kWord, K::kComma, K::kEllipsis, K::kComma, K::kWord,
                            K::kEq, K::kWord, K::kOr, K::kWord, K::kLe, K::kWord, K::kComma,
                            K::kWord, K::kGt, K::kWord, K::kRBracket, K::kEnd}));
}

TEST(FilterLexer, UnescapesQuotedStrings) {
  auto lexed = Lex(R"({ $.a = "say \"hi\" \\ bye" })");
  ASSERT_TRUE(lexed.ok());
  EXPECT_EQ(lexed->tokens[3].text, R"(say "hi" \ bye)");
}

TEST(FilterParser, BuildsTheTreeOfTheEcrExample) {
  auto lexed = Lex(R"({ $.eventSource = "ecr.amazonaws.com" && ($.errorCode = "AccessDenied*" )"
                   R"(|| $.errorCode = "*Unauthorized*") })");
  ASSERT_TRUE(lexed.ok());
  auto ast = Parse(*lexed);
  ASSERT_TRUE(ast.ok()) << ast.error().message;
  const JsonPattern& json = ast->json;
  const JsonNode& root = json.nodes[static_cast<size_t>(json.root)];
  ASSERT_EQ(root.kind, JsonNode::Kind::kAnd);
  ASSERT_EQ(root.children.size(), 2u);
  const JsonNode& source = json.nodes[static_cast<size_t>(root.children[0])];
  EXPECT_EQ(source.kind, JsonNode::Kind::kCompare);
  ASSERT_EQ(source.selector.steps.size(), 1u);
  EXPECT_EQ(source.selector.steps[0].key, "eventSource");
  EXPECT_EQ(source.value.text, "ecr.amazonaws.com");
  const JsonNode& either = json.nodes[static_cast<size_t>(root.children[1])];
  ASSERT_EQ(either.kind, JsonNode::Kind::kOr);
  const JsonNode& denied = json.nodes[static_cast<size_t>(either.children[0])];
  EXPECT_EQ(denied.value.text, "AccessDenied");
  EXPECT_TRUE(denied.value.starts_with);
  EXPECT_FALSE(denied.value.ends_with);
  const JsonNode& unauthorized = json.nodes[static_cast<size_t>(either.children[1])];
  EXPECT_EQ(unauthorized.value.text, "Unauthorized");
  EXPECT_TRUE(unauthorized.value.starts_with && unauthorized.value.ends_with);
}

TEST(FilterParser, ReadsSelectorSteps) {
  auto lexed = Lex(R"({ $.resources[0].ARN = x && $.a[*].b = y && $.['k.1'][2] = z })");
  ASSERT_TRUE(lexed.ok());
  auto ast = Parse(*lexed);
  ASSERT_TRUE(ast.ok()) << ast.error().message;
  const auto& nodes = ast->json.nodes;
  const auto& arn = nodes[0].selector.steps;
  ASSERT_EQ(arn.size(), 3u);
  EXPECT_EQ(arn[0].key, "resources");
  EXPECT_EQ(arn[1].kind, SelectorStep::Kind::kIndex);
  EXPECT_EQ(arn[1].index, 0u);
  EXPECT_EQ(arn[2].key, "ARN");
  EXPECT_EQ(nodes[1].selector.steps[1].kind, SelectorStep::Kind::kWildcard);
  const auto& quoted = nodes[2].selector.steps;
  ASSERT_EQ(quoted.size(), 2u);
  EXPECT_EQ(quoted[0].key, "k.1");
  EXPECT_EQ(quoted[1].index, 2u);
}

TEST(FilterParser, DropsOptionalTermsBesideOthers) {
  auto ast = Parse(*Lex("?a ?b c"));
  ASSERT_TRUE(ast.ok());
  EXPECT_TRUE(ast->terms.optional.empty());
  ASSERT_EQ(ast->terms.required.size(), 1u);
  auto only_optional = Parse(*Lex("?a ?b"));
  ASSERT_TRUE(only_optional.ok());
  EXPECT_EQ(only_optional->terms.optional.size(), 2u);
}

TEST(FilterParser, NumbersParseAsAwsWritesThem) {
  double v = 0;
  for (auto [text, want] : std::vector<std::pair<const char*, double>>{
           {"400", 400}, {"+1000", 1000}, {"-2.5", -2.5}, {"10e3", 10000}, {"1e-3", 0.001},
           {"1e+3", 1000}, {".5", 0.5}, {"5.", 5}}) {
    ASSERT_TRUE(ParseNumber(text, &v)) << text;
    EXPECT_DOUBLE_EQ(v, want) << text;
  }
  for (const char* text : {"", "+", "e3", "1e", "1.2.3", "123.123.*", "0x10", "12abc", "--1"}) {
    EXPECT_FALSE(ParseNumber(text, &v)) << text;
  }
}

struct Malformed {
  const char* pattern;
  size_t column;
  const char* says;  // a part of the message
};

TEST(FilterParser, RefusesMalformedPatternsWithTheColumn) {
  for (const Malformed& m : std::vector<Malformed>{
           {"{ $.a = }", 9, "expected a value"},
           {R"({ $.a = "x" )", 13, "expected '}'"},
           {"{ a = 1 }", 3, "property selector"},
           {"{ $.a > abc }", 9, "needs a number"},
           {"{ $.a IS MAYBE }", 10, "NULL, TRUE or FALSE"},
           {"{ $.a NOT THERE }", 11, "EXISTS after NOT"},
           {"{ $.a = 1 } extra", 13, "end of the pattern"},
           {"{ $.a & $.b }", 7, "expected '&&'"},
           {"{ $.a = 1 | $.b = 2 }", 11, "expected '||'"},
           {"{ $.a ! 1 }", 7, "expected '!='"},
           {"{ $.a = 1 || }", 14, "property selector"},
           {"{}", 2, "property selector"},
           {"{ $. = 1 }", 5, "empty property name"},
           {"{ $.a[x] = 1 }", 6, "array index"},
           {"{ $.a[1 = 1 }", 6, "unclosed '['"},
           {"{ $ = 1 }", 4, "a property is needed"},
           {"{ ($.a = 1 }", 12, "expected ')'"},
           {"[a, b", 6, "',' or ']'"},
           {"[a = ]", 6, "expected a value"},
           {"[a, b] tail", 8, "end of the pattern"},
           {"[a > x]", 6, "needs a number"},
           {"[a = 1 &&]", 10, "field name"},
           {R"("unterminated)", 1, "unterminated quoted string"},
           {"%unterminated", 1, "no closing '%'"},
           {"%%", 1, "empty regular expression"},
           {"ERROR %a!b%", 9, "'!' is not supported"},
           {"?", 2, "a term after '?'"},
           {"ERROR -", 8, "a term after '-'"},
           {"%a(b%", 3, "'(' is not supported"},
           {"%[a-%", 1, "invalid regular expression"},
       }) {
    auto compiled = FilterPattern::Compile(m.pattern);
    ASSERT_FALSE(compiled.ok()) << m.pattern;
    const Error& e = compiled.error();
    EXPECT_EQ(e.code, "InvalidParameterException");
    EXPECT_EQ(e.http_status, 400);
    EXPECT_NE(e.message.find(m.says), std::string::npos) << m.pattern << " → " << e.message;
    EXPECT_NE(e.message.find("(at column " + std::to_string(m.column) + ")"), std::string::npos)
        << m.pattern << " → " << e.message;
  }
}

TEST(FilterParser, RefusesDeepNestingInsteadOfRecursingWithoutEnd) {
  std::string deep = "{ " + std::string(200, '(') + "$.a = 1" + std::string(200, ')') + " }";
  auto compiled = FilterPattern::Compile(deep);
  ASSERT_FALSE(compiled.ok());
  EXPECT_NE(compiled.error().message.find("nested too deep"), std::string::npos);
  std::string fine = "{ " + std::string(20, '(') + "$.a = 1" + std::string(20, ')') + " }";
  EXPECT_TRUE(FilterPattern::Compile(fine).ok());
}

bool Matches(std::string_view pattern, std::string_view message) {
  auto compiled = FilterPattern::Compile(pattern);
  EXPECT_TRUE(compiled.ok()) << pattern;
  if (!compiled.ok()) return false;
  FilterMatcher matcher(**compiled);
  return matcher.Matches(message);
}

TEST(FilterMatcher, EmptyAndBlankPatternsMatchEverything) {
  for (const char* pattern : {"", "  ", R"("")", R"(" ")"}) {
    auto compiled = FilterPattern::Compile(pattern);
    ASSERT_TRUE(compiled.ok());
    EXPECT_TRUE((*compiled)->MatchesEverything()) << pattern;
    EXPECT_TRUE(Matches(pattern, "anything at all"));
  }
  EXPECT_FALSE((*FilterPattern::Compile("x"))->MatchesEverything());
}

TEST(FilterMatcher, TermsAreCaseSensitiveSubstrings) {
  EXPECT_TRUE(Matches("ERROR", "ERRORCODE 5"));
  EXPECT_FALSE(Matches("ERROR", "error"));
  EXPECT_TRUE(Matches("-DEBUG", "INFO started"));
  EXPECT_FALSE(Matches("-DEBUG", "DEBUG noise"));
  EXPECT_TRUE(Matches("%ERR[A-Z]+% -retry", "ERRFATAL once"));
  EXPECT_FALSE(Matches("%ERR[A-Z]+% -retry", "ERRFATAL retry"));
}

constexpr const char* kCloudTrailRecord =
    R"({"eventVersion":"1.11","userIdentity":{"type":"IAMUser","userName":"alice",)"
    R"("accountId":"123456789012"},"eventTime":"2026-03-01T10:00:00Z",)"
    R"("eventSource":"ecr.amazonaws.com","eventName":"BatchGetImage","awsRegion":"us-east-1",)"
    R"("sourceIPAddress":"10.1.2.3","errorCode":"AccessDeniedException",)"
    R"("requestParameters":{"repositoryName":"app","imageIds":[{"imageTag":"v1"}]},)"
    R"("resources":[{"ARN":"arn:aws:ecr:us-east-1:123456789012:repository/app",)"
    R"("type":"AWS::ECR::Repository"}],"readOnly":true,"responseElements":null})";

TEST(FilterMatcher, MatchesCloudTrailRecords) {
  const char* ecr_denied =
      R"({ $.eventSource = "ecr.amazonaws.com" && ($.errorCode = "AccessDenied*" || )"
      R"($.errorCode = "*Unauthorized*") })";
  EXPECT_TRUE(Matches(ecr_denied, kCloudTrailRecord));
  std::string unauthorized = kCloudTrailRecord;
  unauthorized.replace(unauthorized.find("AccessDeniedException"), 21, "Client.UnauthorizedOp");
  EXPECT_TRUE(Matches(ecr_denied, unauthorized));
  std::string s3 = kCloudTrailRecord;
  s3.replace(s3.find("ecr.amazonaws.com"), 17, "s3.amazonaws.com");
  EXPECT_FALSE(Matches(ecr_denied, s3));
  EXPECT_TRUE(Matches(R"({ $.resources[0].ARN = "arn:aws:ecr:*" })", kCloudTrailRecord));
  EXPECT_TRUE(Matches(R"({ $.requestParameters.imageIds[0].imageTag = v1 })", kCloudTrailRecord));
  EXPECT_TRUE(Matches(R"({ $.userIdentity.userName = alice && $.readOnly IS TRUE })",
                      kCloudTrailRecord));
  EXPECT_TRUE(Matches(R"({ $.responseElements IS NULL })", kCloudTrailRecord));
  EXPECT_TRUE(Matches(R"({ $.additionalEventData NOT EXISTS })", kCloudTrailRecord));
  EXPECT_FALSE(Matches(R"({ $.userIdentity NOT EXISTS })", kCloudTrailRecord));
  // The prefilter must not hide a match spelled with escapes.
  EXPECT_TRUE(Matches(R"({ $.eventSource = "ecr.amazonaws.com" })",
                      R"({"eventSource":"ecr.amazonaws\u002ecom"})"));
  EXPECT_FALSE(Matches(R"({ $.eventSource = "ecr.amazonaws.com" })",
                       R"({"eventSource":"ecr-amazonaws-com"})"));
  // A number in the message against a numeric-looking string pattern.
  EXPECT_TRUE(Matches("{ $.status = 4* }", R"({"status":404})"));
  EXPECT_TRUE(Matches("{ $.status = 400 }", R"({"status":4e2})"));
}

TEST(FilterMatcher, PrefiltersOnLiteralsWithoutChangingAnswers) {
  auto compiled = FilterPattern::Compile(
      R"({ $.src = "ecr.amazonaws.com" && ($.code = "AccessDenied*" || $.code = "*Unauth*") })");
  ASSERT_TRUE(compiled.ok());
  const auto& clauses = (*compiled)->json_prefilter();
  ASSERT_EQ(clauses.size(), 2u);
  EXPECT_EQ(clauses[0], (std::vector<std::string>{"ecr.amazonaws.com"}));
  EXPECT_EQ(clauses[1], (std::vector<std::string>{"AccessDenied", "Unauth"}));
  FilterMatcher matcher(**compiled);
  EXPECT_TRUE(matcher.Matches(R"({"src":"ecr.amazonaws.com","code":"xUnauthorized"})"));
  EXPECT_FALSE(matcher.Matches(R"({"src":"ecr.amazonaws.com","code":"Throttled"})"));
  EXPECT_TRUE(matcher.Matches(R"({"src":"ecr.amazonaws.com","code":"AccessDenied"})"));
  // An OR branch without a literal leaves the OR without a clause: every message is parsed.
  EXPECT_TRUE(Matches(R"({ $.a = "xyz" || $.n > 5 })", R"({"n":6})"));
  EXPECT_TRUE((*FilterPattern::Compile(R"({ $.a = "xyz" || $.n > 5 })"))->json_prefilter().empty());
}

TEST(FilterMatcher, SplitsQuotedAndBracketedFields) {
  std::vector<std::string_view> fields;
  SplitFields(R"(a  "b c" [d e] f"g [unclosed)", fields);
  ASSERT_EQ(fields.size(), 5u);
  EXPECT_EQ(fields[0], "a");
  EXPECT_EQ(fields[1], "b c");
  EXPECT_EQ(fields[2], "d e");
  EXPECT_EQ(fields[3], "f\"g");
  EXPECT_EQ(fields[4], "[unclosed");
  SplitFields("", fields);
  EXPECT_TRUE(fields.empty());
}

TEST(FilterMatcher, LaysFieldsAroundSeveralEllipses) {
  EXPECT_TRUE(Matches("[..., a=x, ..., b=y, ...]", "1 2 x 3 4 y 5"));
  EXPECT_FALSE(Matches("[..., a=x, ..., b=y, ...]", "1 2 y 3 4 x 5"));
  EXPECT_TRUE(Matches("[first, ..., last=end]", "start middle end"));
  EXPECT_TRUE(Matches("[first, ..., last=end]", "start end"));
  // A condition may read another slot's field.
  EXPECT_TRUE(Matches("[a, b = 2 && a = 1]", "1 2"));
  EXPECT_FALSE(Matches("[a, b = 2 && a = 1]", "3 2"));
}

TEST(FilterMatcher, BoundsTheLayoutSearchOnHostileInput) {
  // Many ellipses over many fields would take exponential time without the step bound.
  std::string message;
  for (int i = 0; i < 2000; ++i) message += "x ";
  message += "y";
  EXPECT_FALSE(Matches("[..., a=x, ..., b=x, ..., c=x, ..., d=z]", message));
}

TEST(FilterMatcher, RegexesRunInLinearTime) {
  // A classic catastrophic-backtracking pattern: RE2 answers at once.
  std::string message(50000, 'a');
  message += "!";
  EXPECT_FALSE(FilterPattern::Compile("%^(a+)+$%").ok());  // parentheses are refused…
  EXPECT_FALSE(Matches("%^a*a*a*a*a*a*b$%", message));     // …and stacked stars stay linear
}

}  // namespace
}  // namespace berth::services::logs::filter
