// Policy documents IAM refuses, with IAM's messages, and JSON syntax errors located.

#include "auth/policy/parser.h"

#include <gtest/gtest.h>

#include <ostream>
#include <string>

namespace berth::auth::policy {
namespace {

struct RefusedCase {
  const char* name;
  PolicyKind kind;
  bool require_current_version;
  const char* document;
  const char* message;  // the whole message
};

// Failures name the case rather than dumping its bytes.
void PrintTo(const RefusedCase& c, std::ostream* os) { *os << c.name; }

constexpr const char* kSyntax = "Syntax errors in policy.";

const RefusedCase kRefused[] = {
    {"NotJsonUnclosedObject", PolicyKind::kIdentity, false,
     "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n",
     "Syntax errors in policy. Unexpected end of document at line 4, column 1."},
    {"NotJsonMissingComma", PolicyKind::kIdentity, false,
     "{\n  \"Version\": \"2012-10-17\"\n  \"Statement\": []\n}",
     "Syntax errors in policy. Expected ',' or '}' at line 3, column 3."},
    {"NotJsonTrailingComma", PolicyKind::kIdentity, false,
     "{\"Statement\": [{\"Effect\": \"Allow\",}]}",
     "Syntax errors in policy. Expected a string key at line 1, column 35."},
    {"NotJsonBareWord", PolicyKind::kIdentity, false, "null-ish",
     "Syntax errors in policy. Unexpected content after the document at line 1, column 5."},
    {"NotJsonColumnCountsCharacters", PolicyKind::kIdentity, false,
     "{\"Id\": \"\xC3\xA9\xC3\xA9\" x}",
     "Syntax errors in policy. Expected ',' or '}' at line 1, column 13."},
    {"NotJsonUnterminatedString", PolicyKind::kIdentity, false, "{\"Version\": \"2012",
     "Syntax errors in policy. Unterminated string at line 1, column 18."},
    {"NotAnObject", PolicyKind::kIdentity, false, "[]",
     "Syntax errors in policy. A policy document must be a JSON object."},
    {"NoStatement", PolicyKind::kIdentity, false, R"({"Version":"2012-10-17"})",
     "Syntax errors in policy. A policy document must have a Statement."},
    {"UnknownTopElement", PolicyKind::kIdentity, false, R"({"Version":"2012-10-17","Statment":[]})",
     "Syntax errors in policy. Unknown element \"Statment\" in the document."},
    {"BadVersion", PolicyKind::kIdentity, false,
     R"({"Version":"2012-10-18","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}})",
     "Syntax errors in policy. Version must be \"2012-10-17\" or \"2008-10-17\"."},
    {"OldVersionForManagedPolicy", PolicyKind::kIdentity, true,
     R"({"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}})",
     "Policy document must be version 2012-10-17 or greater."},
    {"NoVersionForManagedPolicy", PolicyKind::kIdentity, true,
     R"({"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}})",
     "Policy document must be version 2012-10-17 or greater."},
    {"EmptyStatementList", PolicyKind::kIdentity, false,
     R"({"Version":"2012-10-17","Statement":[]})",
     "Syntax errors in policy. Statement must not be empty."},
    {"StatementNotObject", PolicyKind::kIdentity, false,
     R"({"Version":"2012-10-17","Statement":["x"]})",
     "Syntax errors in policy. Each statement must be an object."},
    {"UnknownStatementElement", PolicyKind::kIdentity, false,
     R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Actions":"s3:*","Resource":"*"}})",
     "Syntax errors in policy. Unknown element \"Actions\" in a statement."},
    {"DuplicateElement", PolicyKind::kIdentity, false,
     R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Effect":"Deny","Action":"s3:*","Resource":"*"}})",
     "Syntax errors in policy. Duplicate element \"Effect\" in a statement."},
    {"LowerCaseEffect", PolicyKind::kIdentity, false,
     R"({"Version":"2012-10-17","Statement":{"Effect":"allow","Action":"s3:*","Resource":"*"}})",
     "Syntax errors in policy. Effect must be \"Allow\" or \"Deny\"."},
    {"NoEffect", PolicyKind::kIdentity, false,
     R"({"Version":"2012-10-17","Statement":{"Action":"s3:*","Resource":"*"}})",
     "Syntax errors in policy. A statement must have an Effect."},
    {"ActionAndNotAction", PolicyKind::kIdentity, false,
     R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","NotAction":"iam:*","Resource":"*"}})",
     "Syntax errors in policy. A statement has either Action or NotAction."},
    {"ResourceAndNotResource", PolicyKind::kIdentity, false,
     R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","NotResource":"*"}})",
     "Syntax errors in policy. A statement has either Resource or NotResource."},
    {"ActionNotString", PolicyKind::kIdentity, false,
     R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":[5],"Resource":"*"}})",
     "Syntax errors in policy. Action must be a string or a list of strings."},
    {"NoAction", PolicyKind::kIdentity, false,
     R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Resource":"*"}})",
     "Policy statement must contain actions."},
    {"EmptyActionList", PolicyKind::kIdentity, false,
     R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":[],"Resource":"*"}})",
     "Policy statement must contain actions."},
    {"NoResourceInIdentityPolicy", PolicyKind::kIdentity, false,
     R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*"}})",
     "Policy statement must contain resources."},
    {"PrincipalInIdentityPolicy", PolicyKind::kIdentity, false,
     R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}})",
     "Policy document should not specify a principal."},
    {"InvalidPrincipalInIdentityPolicy", PolicyKind::kIdentity, false,
     R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","NotPrincipal":{"AWS":"x"},"Action":"s3:*","Resource":"*"}})",
     "Policy document should not specify a principal."},
    {"ActionWithoutVendor", PolicyKind::kIdentity, false,
     R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"PutImage","Resource":"*"}})",
     "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."},
    {"ActionTwoColons", PolicyKind::kIdentity, false,
     R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ecr:Put:Image","Resource":"*"}})",
     "Actions/Condition can contain only one colon."},
    {"ActionBadVendor", PolicyKind::kIdentity, false,
     R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ec r:PutImage","Resource":"*"}})",
     "Vendor ec r is not valid"},
    {"ResourceNotArn", PolicyKind::kIdentity, false,
     R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ecr:*","Resource":"my-repo"}})",
     "Resource my-repo must be in ARN format or \"*\"."},
    {"DuplicateSid", PolicyKind::kIdentity, false,
     R"({"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":"s3:*","Resource":"*"},{"Sid":"A","Effect":"Deny","Action":"s3:*","Resource":"*"}]})",
     "Statement IDs (SID) in a single policy must be unique."},
    {"SidNotAlphanumeric", PolicyKind::kIdentity, false,
     R"({"Version":"2012-10-17","Statement":{"Sid":"allow pull","Effect":"Allow","Action":"s3:*","Resource":"*"}})",
     "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular "
     "expression [0-9A-Za-z]*"},
    {"UnknownConditionOperator", PolicyKind::kIdentity, false,
     R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEqualz":{"aws:username":"a"}}}})",
     "Syntax errors in policy. Unknown condition operator \"StringEqualz\"."},
    {"NullIfExistsIsNoOperator", PolicyKind::kIdentity, false,
     R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"NullIfExists":{"aws:username":"true"}}}})",
     "Syntax errors in policy. Unknown condition operator \"NullIfExists\"."},
    {"ConditionKeyWithoutVendor", PolicyKind::kIdentity, false,
     R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"username":"a"}}}})",
     "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."},
    {"ConditionValueObject", PolicyKind::kIdentity, false,
     R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:username":{"a":1}}}}})",
     "Syntax errors in policy. Condition values must be strings, numbers or booleans."},
    {"ResourcePolicyWithoutPrincipal", PolicyKind::kResource, false,
     R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ecr:BatchGetImage"}})",
     "Missing required field Principal."},
    {"InvalidAwsPrincipal", PolicyKind::kResource, false,
     R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"alice"},"Action":"ecr:*"}})",
     "Invalid principal in policy: \"AWS\":\"alice\""},
    {"InvalidPrincipalType", PolicyKind::kResource, false,
     R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Robot":"x"},"Action":"ecr:*"}})",
     "Invalid principal in policy: \"Robot\""},
    {"PrincipalNotStar", PolicyKind::kResource, false,
     R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"someone","Action":"ecr:*"}})",
     "Invalid principal in policy: \"someone\""},
    {"TrustPolicyWithResource", PolicyKind::kTrust, false,
     R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole","Resource":"*"}})",
     "Has prohibited field Resource."},
    {"TrustPolicyOtherAction", PolicyKind::kTrust, false,
     R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"ecr:*"}})",
     "Trust Policy statement actions can only be sts:AssumeRole, sts:AssumeRoleWithSAML,  and "
     "sts:AssumeRoleWithWebIdentity"},
};

class RefusedDocument : public ::testing::TestWithParam<RefusedCase> {};

TEST_P(RefusedDocument, IsMalformedPolicyDocumentWithIamsMessage) {
  const RefusedCase& c = GetParam();
  auto parsed = ParsePolicy(c.document, ParseOptions{c.kind, c.require_current_version});
  ASSERT_FALSE(parsed.ok()) << c.document;
  EXPECT_EQ(parsed.error().code, "MalformedPolicyDocument");
  EXPECT_EQ(parsed.error().http_status, 400);
  EXPECT_EQ(parsed.error().message, c.message);
}

INSTANTIATE_TEST_SUITE_P(Cases, RefusedDocument, ::testing::ValuesIn(kRefused),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(ParsePolicy, AcceptsAStatementObjectAndAList) {
  auto one = ParsePolicy(
      R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}})");
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->statements.size(), 1u);
  auto two = ParsePolicy(R"({"Version":"2012-10-17","Id":"x","Statement":[
      {"Sid":"One","Effect":"Allow","Action":["s3:Get*","s3:List*"],"Resource":["*"]},
      {"Sid":"Two","Effect":"Deny","NotAction":"iam:*","NotResource":"arn:aws:s3:::b/*"}]})");
  ASSERT_TRUE(two.ok()) << two.error().message;
  ASSERT_EQ(two->statements.size(), 2u);
  EXPECT_EQ(two->id, "x");
  EXPECT_EQ(two->statements[0].actions.size(), 2u);
  EXPECT_TRUE(two->statements[1].not_action);
  EXPECT_TRUE(two->statements[1].not_resource);
  EXPECT_EQ(two->statements[1].effect, Effect::kDeny);
  EXPECT_EQ(two->statements[1].index, 1);
}

TEST(ParsePolicy, DefaultsToTheOldVersionWhenNoneIsGiven) {
  auto doc = ParsePolicy(R"({"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}})");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->version, "2008-10-17");
  EXPECT_FALSE(doc->variables_enabled());
}

TEST(ParsePolicy, ReadsResourcePolicyPrincipals) {
  auto doc = ParsePolicy(R"({"Version":"2008-10-17","Statement":[
      {"Sid":"pull for everyone","Effect":"Allow","Principal":"*","Action":"ecr:BatchGetImage"},
      {"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::444455556666:root","111122223333",
        "arn:aws:iam::111122223333:user/bob","arn:aws:iam::111122223333:role/ci",
        "arn:aws:sts::111122223333:assumed-role/ci/build-7"],
        "Service":"codebuild.amazonaws.com"},"Action":"ecr:*"}]})",
                         ParseOptions{PolicyKind::kResource, false});
  ASSERT_TRUE(doc.ok()) << doc.error().message;
  EXPECT_TRUE(doc->statements[0].principal.any);
  EXPECT_EQ(doc->statements[1].principal.aws.size(), 5u);
  EXPECT_EQ(doc->statements[1].principal.service.size(), 1u);
  EXPECT_FALSE(doc->statements[1].has_resource);
}

TEST(ParsePolicy, KeepsConditionValuesOfEveryScalarTypeAsText) {
  auto doc = ParsePolicy(R"({"Version":"2012-10-17","Statement":{"Effect":"Allow",
      "Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":true},
      "NumericLessThan":{"s3:max-keys":[10, 2.5]}}}})");
  ASSERT_TRUE(doc.ok()) << doc.error().message;
  const auto& conditions = doc->statements[0].conditions;
  ASSERT_EQ(conditions.size(), 2u);
  EXPECT_EQ(conditions[0].values, std::vector<std::string>{"true"});
  EXPECT_EQ(conditions[1].values, (std::vector<std::string>{"10", "2.5"}));
}

TEST(ParsePolicy, SurvivesDeepNestingWithoutRecursing) {
  std::string deep(100000, '[');
  auto doc = ParsePolicy(deep);
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.error().message.rfind("Syntax errors in policy.", 0), 0u);
}

}  // namespace
}  // namespace berth::auth::policy
