// Every condition operator family, …IfExists, the set qualifiers and the negated operators'
// treatment of absent keys and of several values, as a table: a statement allowing s3:GetObject
// under one Condition block is asked with a request context; allowed iff the condition holds.

#include "auth/policy/condition.h"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "policy_test_util.h"

namespace berth::auth::policy {
namespace {

using testing::Ask;
using testing::MustCompile;
using testing::OneStatement;

struct ConditionCase {
  const char* name;
  const char* condition;  // the Condition element's JSON
  std::vector<std::pair<std::string, std::string>> context;
  bool holds;
};

// Failures name the case rather than dumping its bytes.
void PrintTo(const ConditionCase& c, std::ostream* os) { *os << c.name; }

const ConditionCase kCases[] = {
    // String
    {"StringEqualsMatches",
     R"({"StringEquals":{"aws:username":"alice"}})",
     {{"aws:username", "alice"}},
     true},
    {"StringEqualsIsCaseSensitive",
     R"({"StringEquals":{"aws:username":"Alice"}})",
     {{"aws:username", "alice"}},
     false},
    {"StringEqualsKeyNameIgnoresCase",
     R"({"StringEquals":{"AWS:UserName":"alice"}})",
     {{"aws:username", "alice"}},
     true},
    {"StringEqualsValuesAreOred",
     R"({"StringEquals":{"aws:username":["bob","alice"]}})",
     {{"aws:username", "alice"}},
     true},
    {"StringEqualsAbsentKeyIsFalse", R"({"StringEquals":{"aws:username":"alice"}})", {}, false},
    {"StringEqualsTreatsStarLiterally",
     R"({"StringEquals":{"aws:username":"al*"}})",
     {{"aws:username", "alice"}},
     false},
    {"StringNotEqualsDifferent",
     R"({"StringNotEquals":{"aws:username":"bob"}})",
     {{"aws:username", "alice"}},
     true},
    {"StringNotEqualsSame",
     R"({"StringNotEquals":{"aws:username":"alice"}})",
     {{"aws:username", "alice"}},
     false},
    {"StringNotEqualsValuesActAsAnd",
     R"({"StringNotEquals":{"aws:username":["bob","alice"]}})",
     {{"aws:username", "alice"}},
     false},
    {"StringNotEqualsAbsentKeyIsTrue", R"({"StringNotEquals":{"aws:username":"bob"}})", {}, true},
    {"StringEqualsIgnoreCase",
     R"({"StringEqualsIgnoreCase":{"aws:username":"ALICE"}})",
     {{"aws:username", "alice"}},
     true},
    {"StringNotEqualsIgnoreCase",
     R"({"StringNotEqualsIgnoreCase":{"aws:username":"ALICE"}})",
     {{"aws:username", "alice"}},
     false},
    {"StringLikeStar",
     R"({"StringLike":{"s3:prefix":"home/*"}})",
     {{"s3:prefix", "home/a/b"}},
     true},
    {"StringLikeQuestionMark", R"({"StringLike":{"s3:prefix":"v?"}})", {{"s3:prefix", "v2"}}, true},
    {"StringLikeQuestionMarkIsOneCharacter",
     R"({"StringLike":{"s3:prefix":"v?"}})",
     {{"s3:prefix", "v22"}},
     false},
    {"StringLikeNoMatch",
     R"({"StringLike":{"s3:prefix":"home/*"}})",
     {{"s3:prefix", "etc/"}},
     false},
    {"StringNotLike",
     R"({"StringNotLike":{"s3:prefix":["home/*","tmp/*"]}})",
     {{"s3:prefix", "etc/"}},
     true},
    {"StringNotLikeOneMatches",
     R"({"StringNotLike":{"s3:prefix":["home/*","tmp/*"]}})",
     {{"s3:prefix", "tmp/x"}},
     false},
    // Numeric
    {"NumericEquals", R"({"NumericEquals":{"s3:max-keys":"10"}})", {{"s3:max-keys", "10"}}, true},
    {"NumericEqualsJsonNumber",
     R"({"NumericEquals":{"s3:max-keys":10}})",
     {{"s3:max-keys", "10.0"}},
     true},
    {"NumericNotEquals",
     R"({"NumericNotEquals":{"s3:max-keys":"10"}})",
     {{"s3:max-keys", "11"}},
     true},
    {"NumericLessThan",
     R"({"NumericLessThan":{"s3:max-keys":"10"}})",
     {{"s3:max-keys", "9"}},
     true},
    {"NumericLessThanAtTheLimit",
     R"({"NumericLessThan":{"s3:max-keys":"10"}})",
     {{"s3:max-keys", "10"}},
     false},
    {"NumericLessThanEquals",
     R"({"NumericLessThanEquals":{"s3:max-keys":"10"}})",
     {{"s3:max-keys", "10"}},
     true},
    {"NumericGreaterThan",
     R"({"NumericGreaterThan":{"s3:max-keys":"10"}})",
     {{"s3:max-keys", "10.5"}},
     true},
    {"NumericGreaterThanEquals",
     R"({"NumericGreaterThanEquals":{"s3:max-keys":"10"}})",
     {{"s3:max-keys", "9"}},
     false},
    {"NumericRequestValueNotANumber",
     R"({"NumericLessThan":{"s3:max-keys":"10"}})",
     {{"s3:max-keys", "ten"}},
     false},
    // Date
    {"DateLessThan",
     R"({"DateLessThan":{"aws:CurrentTime":"2027-01-01T00:00:00Z"}})",
     {{"aws:CurrentTime", "2026-12-07T16:00:00Z"}},
     true},
    {"DateGreaterThan",
     R"({"DateGreaterThan":{"aws:CurrentTime":"2027-01-01T00:00:00Z"}})",
     {{"aws:CurrentTime", "2026-12-07T16:00:00Z"}},
     false},
    {"DateEqualsAcrossFormats",
     R"({"DateEquals":{"aws:CurrentTime":"1765123200"}})",
     {{"aws:CurrentTime", "2025-12-07T16:00:00Z"}},
     true},
    {"DateLessThanEqualsDateOnly",
     R"({"DateLessThanEquals":{"aws:CurrentTime":"2026-12-07"}})",
     {{"aws:CurrentTime", "2026-12-07T00:00:00Z"}},
     true},
    {"DateGreaterThanEqualsWithOffset",
     R"({"DateGreaterThanEquals":{"aws:CurrentTime":"2026-12-07T17:00:00+01:00"}})",
     {{"aws:CurrentTime", "2026-12-07T16:00:00Z"}},
     true},
    {"DateNotEquals",
     R"({"DateNotEquals":{"aws:EpochTime":"1765123200"}})",
     {{"aws:EpochTime", "1765123201"}},
     true},
    // Bool
    {"BoolTrue",
     R"({"Bool":{"aws:SecureTransport":"true"}})",
     {{"aws:SecureTransport", "true"}},
     true},
    {"BoolJsonTrueAgainstFalse",
     R"({"Bool":{"aws:SecureTransport":true}})",
     {{"aws:SecureTransport", "false"}},
     false},
    {"BoolIgnoresCase",
     R"({"Bool":{"aws:MultiFactorAuthPresent":"FALSE"}})",
     {{"aws:MultiFactorAuthPresent", "false"}},
     true},
    {"BoolAbsentKey", R"({"Bool":{"aws:MultiFactorAuthPresent":"false"}})", {}, false},
    // Binary
    {"BinaryEquals",
     R"({"BinaryEquals":{"s3:x-amz-meta-blob":"QmluYXJ5"}})",
     {{"s3:x-amz-meta-blob", "Binary"}},
     true},
    {"BinaryEqualsDifferent",
     R"({"BinaryEquals":{"s3:x-amz-meta-blob":"QmluYXJ5"}})",
     {{"s3:x-amz-meta-blob", "binary"}},
     false},
    // IP addresses
    {"IpAddressInRange",
     R"({"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}})",
     {{"aws:SourceIp", "203.0.113.77"}},
     true},
    {"IpAddressOutOfRange",
     R"({"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}})",
     {{"aws:SourceIp", "203.0.114.1"}},
     false},
    {"IpAddressOddPrefix",
     R"({"IpAddress":{"aws:SourceIp":"10.0.0.0/13"}})",
     {{"aws:SourceIp", "10.7.255.255"}},
     true},
    {"IpAddressOddPrefixOutside",
     R"({"IpAddress":{"aws:SourceIp":"10.0.0.0/13"}})",
     {{"aws:SourceIp", "10.8.0.0"}},
     false},
    {"IpAddressBareAddress",
     R"({"IpAddress":{"aws:SourceIp":"127.0.0.1"}})",
     {{"aws:SourceIp", "127.0.0.1"}},
     true},
    {"IpAddressIpv6",
     R"({"IpAddress":{"aws:SourceIp":"2001:db8::/32"}})",
     {{"aws:SourceIp", "2001:db8:1234::1"}},
     true},
    {"IpAddressIpv6Outside",
     R"({"IpAddress":{"aws:SourceIp":"2001:db8::/32"}})",
     {{"aws:SourceIp", "2001:db9::1"}},
     false},
    {"IpAddressV4RangeV6Caller",
     R"({"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}})",
     {{"aws:SourceIp", "::1"}},
     false},
    {"IpAddressMappedCaller",
     R"({"IpAddress":{"aws:SourceIp":"192.0.2.0/24"}})",
     {{"aws:SourceIp", "::ffff:192.0.2.9"}},
     true},
    {"NotIpAddressOutside",
     R"({"NotIpAddress":{"aws:SourceIp":["10.0.0.0/8","192.168.0.0/16"]}})",
     {{"aws:SourceIp", "203.0.113.1"}},
     true},
    {"NotIpAddressInside",
     R"({"NotIpAddress":{"aws:SourceIp":["10.0.0.0/8","192.168.0.0/16"]}})",
     {{"aws:SourceIp", "192.168.3.4"}},
     false},
    // ARNs
    {"ArnEquals",
     R"({"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::111122223333:user/alice"}})",
     {{"aws:PrincipalArn", "arn:aws:iam::111122223333:user/alice"}},
     true},
    {"ArnLikeAccountWildcard",
     R"({"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/ci-*"}})",
     {{"aws:PrincipalArn", "arn:aws:iam::444455556666:role/ci-build"}},
     true},
    {"ArnLikeStarStaysInItsPart",
     R"({"ArnLike":{"aws:SourceArn":"arn:aws:*:us-east-1:*:*"}})",
     {{"aws:SourceArn", "arn:aws:s3:eu-west-1:111122223333:us-east-1"}},
     false},
    {"ArnLikeResourcePartKeepsColons",
     R"({"ArnLike":{"aws:SourceArn":"arn:aws:logs:*:*:log-group:app:*"}})",
     {{"aws:SourceArn", "arn:aws:logs:us-east-1:111122223333:log-group:app:log-stream:x"}},
     true},
    {"ArnLikeNotAnArn",
     R"({"ArnLike":{"aws:SourceArn":"arn:aws:s3:::*"}})",
     {{"aws:SourceArn", "bucket"}},
     false},
    {"ArnNotLike",
     R"({"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/admin"}})",
     {{"aws:PrincipalArn", "arn:aws:iam::111122223333:user/alice"}},
     true},
    {"ArnNotEqualsAbsent", R"({"ArnNotEquals":{"aws:SourceArn":"arn:aws:s3:::b"}})", {}, true},
    // Null
    {"NullTrueAbsent", R"({"Null":{"aws:TokenIssueTime":"true"}})", {}, true},
    {"NullTruePresent",
     R"({"Null":{"aws:TokenIssueTime":"true"}})",
     {{"aws:TokenIssueTime", "2026-12-07T16:00:00Z"}},
     false},
    {"NullFalsePresent",
     R"({"Null":{"aws:TokenIssueTime":false}})",
     {{"aws:TokenIssueTime", "2026-12-07T16:00:00Z"}},
     true},
    {"NullFalseAbsent", R"({"Null":{"aws:TokenIssueTime":"false"}})", {}, false},
    // …IfExists
    {"IfExistsAbsentKey", R"({"StringEqualsIfExists":{"ecr:ResourceTag/team":"red"}})", {}, true},
    {"IfExistsPresentMatching",
     R"({"StringEqualsIfExists":{"ecr:ResourceTag/team":"red"}})",
     {{"ecr:ResourceTag/team", "red"}},
     true},
    {"IfExistsPresentDifferent",
     R"({"StringEqualsIfExists":{"ecr:ResourceTag/team":"red"}})",
     {{"ecr:ResourceTag/team", "blue"}},
     false},
    {"NumericIfExistsAbsent", R"({"NumericLessThanIfExists":{"s3:max-keys":"10"}})", {}, true},
    {"IpAddressIfExistsAbsent", R"({"IpAddressIfExists":{"aws:SourceIp":"10.0.0.0/8"}})", {}, true},
    {"BoolIfExistsPresentFalse",
     R"({"BoolIfExists":{"aws:SecureTransport":"true"}})",
     {{"aws:SecureTransport", "false"}},
     false},
    // Set qualifiers on multi-valued keys
    {"ForAnyValueOneMatches",
     R"({"ForAnyValue:StringEquals":{"aws:TagKeys":["team","env"]}})",
     {{"aws:TagKeys", "owner"}, {"aws:TagKeys", "env"}},
     true},
    {"ForAnyValueNoneMatches",
     R"({"ForAnyValue:StringEquals":{"aws:TagKeys":["team","env"]}})",
     {{"aws:TagKeys", "owner"}},
     false},
    {"ForAnyValueAbsent", R"({"ForAnyValue:StringEquals":{"aws:TagKeys":"team"}})", {}, false},
    {"ForAllValuesAllMatch",
     R"({"ForAllValues:StringEquals":{"aws:TagKeys":["team","env"]}})",
     {{"aws:TagKeys", "team"}, {"aws:TagKeys", "env"}},
     true},
    {"ForAllValuesOneDoesNot",
     R"({"ForAllValues:StringEquals":{"aws:TagKeys":["team","env"]}})",
     {{"aws:TagKeys", "team"}, {"aws:TagKeys", "owner"}},
     false},
    {"ForAllValuesAbsentIsTrue",
     R"({"ForAllValues:StringEquals":{"aws:TagKeys":"team"}})",
     {},
     true},
    {"ForAllValuesStringLike",
     R"({"ForAllValues:StringLike":{"aws:TagKeys":"app-*"}})",
     {{"aws:TagKeys", "app-a"}, {"aws:TagKeys", "app-b"}},
     true},
    {"ForAnyValueStringNotEquals",
     R"({"ForAnyValue:StringNotEquals":{"aws:TagKeys":["team","env"]}})",
     {{"aws:TagKeys", "team"}, {"aws:TagKeys", "owner"}},
     true},
    {"ForAnyValueStringNotEqualsAllListed",
     R"({"ForAnyValue:StringNotEquals":{"aws:TagKeys":["team","env"]}})",
     {{"aws:TagKeys", "team"}, {"aws:TagKeys", "env"}},
     false},
    {"ForAllValuesStringNotEquals",
     R"({"ForAllValues:StringNotEquals":{"aws:TagKeys":"secret"}})",
     {{"aws:TagKeys", "team"}, {"aws:TagKeys", "env"}},
     true},
    {"ForAllValuesStringNotEqualsOneListed",
     R"({"ForAllValues:StringNotEquals":{"aws:TagKeys":"secret"}})",
     {{"aws:TagKeys", "team"}, {"aws:TagKeys", "secret"}},
     false},
    {"ForAnyValueIfExistsAbsent",
     R"({"ForAnyValue:StringEqualsIfExists":{"aws:TagKeys":"x"}})",
     {},
     true},
    {"PlainOperatorOnMultiValuedKeyIsAnyValue",
     R"({"StringEquals":{"aws:TagKeys":"env"}})",
     {{"aws:TagKeys", "team"}, {"aws:TagKeys", "env"}},
     true},
    // Several keys and several operators are ANDed
    {"KeysAreAnded",
     R"({"StringEquals":{"aws:username":"alice","aws:PrincipalAccount":"111122223333"}})",
     {{"aws:username", "alice"}, {"aws:PrincipalAccount", "444455556666"}},
     false},
    {"OperatorsAreAnded",
     R"({"StringEquals":{"aws:username":"alice"},"Bool":{"aws:SecureTransport":"true"}})",
     {{"aws:username", "alice"}, {"aws:SecureTransport", "true"}},
     true},
    {"OperatorsAreAndedOneFails",
     R"({"StringEquals":{"aws:username":"alice"},"Bool":{"aws:SecureTransport":"true"}})",
     {{"aws:username", "alice"}},
     false},
    // Policy variables in condition values
    {"VariableInStringEquals",
     R"({"StringEquals":{"s3:prefix":"${aws:username}"}})",
     {{"aws:username", "alice"}, {"s3:prefix", "alice"}},
     true},
    {"VariableInStringLike",
     R"({"StringLike":{"s3:prefix":"home/${aws:username}/*"}})",
     {{"aws:username", "alice"}, {"s3:prefix", "home/alice/docs"}},
     true},
    {"VariableOtherUser",
     R"({"StringLike":{"s3:prefix":"home/${aws:username}/*"}})",
     {{"aws:username", "bob"}, {"s3:prefix", "home/alice/docs"}},
     false},
    {"VariableValueIsLiteral",
     R"({"StringLike":{"s3:prefix":"${aws:username}"}})",
     {{"aws:username", "*"}, {"s3:prefix", "anything"}},
     false},
    {"VariableUnresolvedMatchesNothing",
     R"({"StringLike":{"s3:prefix":"${aws:username}*"}})",
     {{"s3:prefix", "x"}},
     false},
    {"VariableWithDefault",
     R"({"StringEquals":{"s3:prefix":"${aws:PrincipalTag/team, 'shared'}"}})",
     {{"s3:prefix", "shared"}},
     true},
    {"PrincipalTagVariable",
     R"({"StringEquals":{"aws:ResourceTag/team":"${aws:PrincipalTag/team}"}})",
     {{"aws:PrincipalTag/team", "red"}, {"aws:ResourceTag/team", "red"}},
     true},
    {"EscapedStarInStringLike",
     R"({"StringLike":{"s3:prefix":"a${*}b"}})",
     {{"s3:prefix", "a*b"}},
     true},
    {"EscapedStarIsNotAWildcard",
     R"({"StringLike":{"s3:prefix":"a${*}b"}})",
     {{"s3:prefix", "axyb"}},
     false},
    {"EscapedDollarAndQuestion",
     R"({"StringEquals":{"s3:prefix":"${$}{x}${?}"}})",
     {{"s3:prefix", "${x}?"}},
     true},
};

class ConditionTable : public ::testing::TestWithParam<ConditionCase> {};

TEST_P(ConditionTable, AllowsExactlyWhenTheConditionHolds) {
  const ConditionCase& c = GetParam();
  auto policy = MustCompile(OneStatement(
      std::string(R"("Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":)") +
      c.condition));
  ASSERT_NE(policy, nullptr);
  RequestContext context;
  for (const auto& [key, value] : c.context) context.Add(key, value);
  Decision decision = Ask({policy.get()}, "s3:GetObject", "arn:aws:s3:::b/k", &context);
  EXPECT_EQ(decision.allowed(), c.holds) << c.condition;
}

INSTANTIATE_TEST_SUITE_P(Cases, ConditionTable, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.name); });

struct BadValueCase {
  const char* name;
  const char* condition;
  const char* message;
};

// Failures name the case rather than dumping its bytes.
void PrintTo(const BadValueCase& c, std::ostream* os) { *os << c.name; }

const BadValueCase kBadValues[] = {
    {"Number", R"({"NumericLessThan":{"s3:max-keys":"ten"}})",
     "Syntax errors in policy. Invalid value \"ten\" for condition operator NumericLessThan."},
    {"Date", R"({"DateLessThan":{"aws:CurrentTime":"tomorrow"}})",
     "The policy failed legacy parsing"},
    {"Bool", R"({"Bool":{"aws:SecureTransport":"yes"}})",
     "Syntax errors in policy. Invalid value \"yes\" for condition operator Bool."},
    {"Cidr", R"({"IpAddress":{"aws:SourceIp":"10.0.0.0/33"}})",
     "Syntax errors in policy. Invalid value \"10.0.0.0/33\" for condition operator IpAddress."},
    {"Address", R"({"NotIpAddress":{"aws:SourceIp":"10.0.0.256"}})",
     "Syntax errors in policy. Invalid value \"10.0.0.256\" for condition operator "
     "NotIpAddress."},
    {"Base64", R"({"BinaryEquals":{"s3:x":"***"}})",
     "Syntax errors in policy. Invalid value \"***\" for condition operator BinaryEquals."},
};

class BadConditionValue : public ::testing::TestWithParam<BadValueCase> {};

TEST_P(BadConditionValue, IsRefusedWhenCompiled) {
  const BadValueCase& c = GetParam();
  auto compiled = CompiledPolicy::FromText(
      OneStatement(std::string(R"("Effect":"Allow","Action":"s3:*","Resource":"*","Condition":)") +
                   c.condition),
      {}, "p");
  ASSERT_FALSE(compiled.ok());
  EXPECT_EQ(compiled.error().code, "MalformedPolicyDocument");
  EXPECT_EQ(compiled.error().message, c.message);
}

INSTANTIATE_TEST_SUITE_P(Cases, BadConditionValue, ::testing::ValuesIn(kBadValues),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(ConditionOperator, DecodesQualifiersAndSuffixes) {
  auto op = ParseConditionOperator("ForAllValues:StringNotLikeIfExists");
  ASSERT_TRUE(op.has_value());
  EXPECT_EQ(op->family, OperatorFamily::kStringLike);
  EXPECT_TRUE(op->negated);
  EXPECT_TRUE(op->if_exists);
  EXPECT_EQ(op->set, SetQualifier::kForAllValues);
  EXPECT_FALSE(ParseConditionOperator("stringequals").has_value());
  EXPECT_FALSE(ParseConditionOperator("ForAnyValue:Null").has_value());
  EXPECT_FALSE(ParseConditionOperator("ForSomeValues:StringEquals").has_value());
}

TEST(ConditionDate, ReadsIsoAndEpochForms) {
  EXPECT_EQ(ParseConditionDate("0"), 0);
  EXPECT_EQ(ParseConditionDate("1765123200"), int64_t{1765123200} * 1000);
  EXPECT_EQ(ParseConditionDate("2025-12-07T16:00:00Z"), int64_t{1765123200} * 1000);
  EXPECT_FALSE(ParseConditionDate("2025-13-07T16:00:00Z").has_value());
  EXPECT_FALSE(ParseConditionDate("").has_value());
}

}  // namespace
}  // namespace berth::auth::policy
