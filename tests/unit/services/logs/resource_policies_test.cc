// CloudWatch Logs resource policies through the operation table, and their compiled form for
// the authorizer: every policy of an account and region merged into one.
#include "auth/policy/evaluator.h"
#include "logs_fixture.h"
#include "services/logs/policies/resource_policy_operations.h"

namespace berth::services::logs {
namespace {

namespace policy = auth::policy;

constexpr char kAllowRoute53[] =
    R"({\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",)"
    R"(\"Principal\":{\"Service\":\"route53.amazonaws.com\"},\"Action\":\"logs:PutLogEvents\",)"
    R"(\"Resource\":\"arn:aws:logs:us-east-1:123456789012:log-group:/aws/route53/*\"}]})";
constexpr char kDenyAll[] =
    R"({\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",)"
    R"(\"Principal\":{\"AWS\":\"*\"},\"Action\":\"logs:DeleteLogGroup\",\"Resource\":\"*\"}]})";

class ResourcePoliciesTest : public logs_test::LogsHandlersTest {
 protected:
  void SetUp() override {
    LogsHandlersTest::SetUp();
    policies_ = std::move(*LogsResourcePolicies::Open(*db_));
    spec_ = MakeLogsService(*service_, ResourcePolicyOperations(*policies_));
  }
  void TearDown() override {
    policies_.reset();
    LogsHandlersTest::TearDown();
  }
  Document PutPolicy(const std::string& name, const char* document) {
    return Ok("PutResourcePolicy", R"({"policyName":")" + name + R"(","policyDocument":")" +
                                       document + R"("})");
  }
  policy::Outcome Decide(const char* action, const std::string& resource, policy::Caller caller) {
    auto compiled = policies_->FindByArn(resource);
    if (compiled == nullptr) return policy::Outcome::kImplicitDeny;
    policy::AuthorizationRequest request{action, resource, caller};
    policy::PolicySet set;
    set.resource_policy = compiled.get();
    set.resource_account = "123456789012";
    return policy::Evaluate(request, set).outcome;
  }

  std::unique_ptr<LogsResourcePolicies> policies_;
};

TEST_F(ResourcePoliciesTest, PutDescribeDeleteWithAwsShapesAndErrors) {
  Document put = PutPolicy("r53", kAllowRoute53);
  const Document& p = At(put, "resourcePolicy");
  EXPECT_EQ(At(p, "policyName").as_string(), "r53");
  EXPECT_EQ(At(p, "lastUpdatedTime").as_int(), logs_test::kNow);
  EXPECT_EQ(At(p, "policyScope").as_string(), "ACCOUNT");
  Document listed = Ok("DescribeResourcePolicies", "{}");
  ASSERT_EQ(At(listed, "resourcePolicies").as_list().size(), 1u);
  Error bad = Fails("PutResourcePolicy", R"({"policyName":"x","policyDocument":"{"})");
  EXPECT_EQ(bad.code, "InvalidParameterException");
  EXPECT_EQ(bad.message.rfind("Syntax errors in policy.", 0), 0u) << bad.message;
  EXPECT_EQ(ErrorCode("PutResourcePolicy", R"({"policyName":"x","policyDocument":"{}",
            "resourceArn":"arn:aws:logs:us-east-1:123456789012:log-group:a"})"),
            "InvalidParameterException");
  Ok("DeleteResourcePolicy", R"({"policyName":"r53"})");
  Error gone = Fails("DeleteResourcePolicy", R"({"policyName":"r53"})");
  EXPECT_EQ(gone.code, "ResourceNotFoundException");
  EXPECT_EQ(gone.message, "Policy with name [r53] does not exist");
}

TEST_F(ResourcePoliciesTest, TenPerAccountAndRegion) {
  for (int i = 0; i < 10; ++i) PutPolicy("p" + std::to_string(i), kAllowRoute53);
  PutPolicy("p3", kAllowRoute53);  // replacing one is not one more
  Error limit = Fails("PutResourcePolicy", std::string(R"({"policyName":"p10","policyDocument":")") +
                                               kAllowRoute53 + R"("})");
  EXPECT_EQ(limit.code, "LimitExceededException");
  EXPECT_EQ(limit.message, "Resource limit exceeded.");
  Document page = Ok("DescribeResourcePolicies", R"({"limit":6})");
  EXPECT_EQ(At(page, "resourcePolicies").as_list().size(), 6u);
  Document rest = Ok("DescribeResourcePolicies", R"({"limit":6,"nextToken":")" +
                                                     At(page, "nextToken").as_string() + R"("})");
  EXPECT_EQ(At(rest, "resourcePolicies").as_list().size(), 4u);
  EXPECT_EQ(rest.Find("nextToken"), nullptr);
}

TEST_F(ResourcePoliciesTest, TheAuthorizerSeesEveryPolicyOfTheAccountAndRegionAsOne) {
  const std::string group = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/route53/zone";
  EXPECT_EQ(policies_->FindByArn(group), nullptr);
  PutPolicy("allow", kAllowRoute53);
  PutPolicy("deny", kDenyAll);
  policy::Caller route53{.service = "route53.amazonaws.com"};
  EXPECT_EQ(Decide("logs:PutLogEvents", group, route53), policy::Outcome::kAllowed);
  policy::Caller admin{.arn = "arn:aws:iam::123456789012:user/admin",
                       .account_id = "123456789012"};
  EXPECT_EQ(Decide("logs:DeleteLogGroup", group, admin), policy::Outcome::kExplicitDeny);
  // Another region's or account's log groups are not covered.
  EXPECT_EQ(policies_->FindByArn("arn:aws:logs:us-west-2:123456789012:log-group:a"), nullptr);
  EXPECT_EQ(policies_->FindByArn("arn:aws:logs:us-east-1:999999999999:log-group:a"), nullptr);
  Ok("DeleteResourcePolicy", R"({"policyName":"deny"})");
  EXPECT_EQ(Decide("logs:DeleteLogGroup", group, admin), policy::Outcome::kImplicitDeny);
}

}  // namespace
}  // namespace berth::services::logs
