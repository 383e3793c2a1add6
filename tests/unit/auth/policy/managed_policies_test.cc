// The built-in AWS managed policies: each compiles, has its ARN, and grants and refuses
// representative calls as its AWS document does.

#include "auth/policy/managed_policies.h"

#include <gtest/gtest.h>

#include <string>

#include "auth/policy/evaluator.h"
#include "auth/policy/size_limits.h"
#include "policy_test_util.h"

namespace berth::auth::policy {
namespace {

using testing::Ask;

struct ManagedCase {
  const char* policy;
  const char* action;
  const char* resource;
  bool allowed;
};

constexpr const char* kRepo = "arn:aws:ecr:us-east-1:111122223333:repository/app";
constexpr const char* kGroup = "arn:aws:logs:us-east-1:111122223333:log-group:app";
constexpr const char* kObject = "arn:aws:s3:::bucket/key";

const ManagedCase kCases[] = {
    {"AdministratorAccess", "ecr:DeleteRepository", kRepo, true},
    {"AdministratorAccess", "iam:CreateUser", "arn:aws:iam::111122223333:user/x", true},
    {"ReadOnlyAccess", "ecr:BatchGetImage", kRepo, true},
    {"ReadOnlyAccess", "ecr:DescribeRepositories", kRepo, true},
    {"ReadOnlyAccess", "ecr:PutImage", kRepo, false},
    {"ReadOnlyAccess", "logs:FilterLogEvents", kGroup, true},
    {"ReadOnlyAccess", "logs:PutLogEvents", kGroup, false},
    {"ReadOnlyAccess", "cloudtrail:LookupEvents", "*", true},
    {"ReadOnlyAccess", "cloudtrail:CreateTrail", "*", false},
    {"ReadOnlyAccess", "s3:GetObject", kObject, true},
    {"ReadOnlyAccess", "s3:PutObject", kObject, false},
    {"ReadOnlyAccess", "iam:ListUsers", "*", true},
    {"ReadOnlyAccess", "iam:CreateUser", "*", false},
    {"ReadOnlyAccess", "sts:GetCallerIdentity", "*", true},
    {"ReadOnlyAccess", "cloudwatch:GetMetricData", "*", true},
    {"ReadOnlyAccess", "cloudwatch:PutMetricData", "*", false},
    {"AmazonEC2ContainerRegistryReadOnly", "ecr:GetAuthorizationToken", "*", true},
    {"AmazonEC2ContainerRegistryReadOnly", "ecr:BatchGetImage", kRepo, true},
    {"AmazonEC2ContainerRegistryReadOnly", "ecr:GetDownloadUrlForLayer", kRepo, true},
    {"AmazonEC2ContainerRegistryReadOnly", "ecr:BatchCheckLayerAvailability", kRepo, true},
    {"AmazonEC2ContainerRegistryReadOnly", "ecr:PutImage", kRepo, false},
    {"AmazonEC2ContainerRegistryReadOnly", "ecr:InitiateLayerUpload", kRepo, false},
    {"AmazonEC2ContainerRegistryReadOnly", "ecr:CreateRepository", kRepo, false},
    {"AmazonEC2ContainerRegistryPowerUser", "ecr:PutImage", kRepo, true},
    {"AmazonEC2ContainerRegistryPowerUser", "ecr:UploadLayerPart", kRepo, true},
    {"AmazonEC2ContainerRegistryPowerUser", "ecr:CompleteLayerUpload", kRepo, true},
    {"AmazonEC2ContainerRegistryPowerUser", "ecr:BatchGetImage", kRepo, true},
    {"AmazonEC2ContainerRegistryPowerUser", "ecr:DeleteRepository", kRepo, false},
    {"AmazonEC2ContainerRegistryPowerUser", "ecr:SetRepositoryPolicy", kRepo, false},
    {"AmazonEC2ContainerRegistryFullAccess", "ecr:DeleteRepository", kRepo, true},
    {"AmazonEC2ContainerRegistryFullAccess", "ecr:SetRepositoryPolicy", kRepo, true},
    {"AmazonEC2ContainerRegistryFullAccess", "cloudtrail:LookupEvents", "*", true},
    {"AmazonEC2ContainerRegistryFullAccess", "cloudtrail:CreateTrail", "*", false},
    {"AmazonEC2ContainerRegistryFullAccess", "iam:CreateServiceLinkedRole", "*", false},
    {"AWSCloudTrail_ReadOnlyAccess", "cloudtrail:LookupEvents", "*", true},
    {"AWSCloudTrail_ReadOnlyAccess", "cloudtrail:DescribeTrails", "*", true},
    {"AWSCloudTrail_ReadOnlyAccess", "cloudtrail:GetTrailStatus",
     "arn:aws:cloudtrail:us-east-1:111122223333:trail/t", true},
    {"AWSCloudTrail_ReadOnlyAccess", "cloudtrail:StopLogging",
     "arn:aws:cloudtrail:us-east-1:111122223333:trail/t", false},
    {"AWSCloudTrail_FullAccess", "cloudtrail:DeleteTrail",
     "arn:aws:cloudtrail:us-east-1:111122223333:trail/t", true},
    {"AWSCloudTrail_FullAccess", "s3:CreateBucket", "arn:aws:s3:::aws-cloudtrail-logs-1", true},
    {"AWSCloudTrail_FullAccess", "s3:CreateBucket", "arn:aws:s3:::my-bucket", false},
    {"AWSCloudTrail_FullAccess", "logs:CreateLogGroup",
     "arn:aws:logs:us-east-1:111122223333:log-group:aws-cloudtrail-logs-x", true},
    {"AWSCloudTrail_FullAccess", "logs:DeleteLogGroup", kGroup, false},
    {"CloudWatchReadOnlyAccess", "cloudwatch:DescribeAlarms", "*", true},
    {"CloudWatchReadOnlyAccess", "cloudwatch:GetMetricStatistics", "*", true},
    {"CloudWatchReadOnlyAccess", "cloudwatch:PutMetricAlarm", "*", false},
    {"CloudWatchReadOnlyAccess", "logs:StartQuery", kGroup, true},
    {"CloudWatchReadOnlyAccess", "logs:CreateLogGroup", kGroup, false},
    {"CloudWatchFullAccess", "cloudwatch:PutMetricData", "*", true},
    {"CloudWatchFullAccess", "logs:DeleteLogGroup", kGroup, true},
    {"CloudWatchFullAccess", "ecr:BatchGetImage", kRepo, false},
    {"CloudWatchLogsReadOnlyAccess", "logs:GetLogEvents", kGroup, true},
    {"CloudWatchLogsReadOnlyAccess", "logs:DescribeLogGroups", "*", true},
    {"CloudWatchLogsReadOnlyAccess", "logs:PutLogEvents", kGroup, false},
    {"CloudWatchLogsFullAccess", "logs:PutLogEvents", kGroup, true},
    {"CloudWatchLogsFullAccess", "cloudwatch:PutMetricData", "*", false},
    {"AmazonS3ReadOnlyAccess", "s3:GetObject", kObject, true},
    {"AmazonS3ReadOnlyAccess", "s3:ListAllMyBuckets", "*", true},
    {"AmazonS3ReadOnlyAccess", "s3:PutObject", kObject, false},
    {"AmazonS3FullAccess", "s3:PutObject", kObject, true},
    {"AmazonS3FullAccess", "s3:DeleteBucket", "arn:aws:s3:::bucket", true},
    {"AmazonS3FullAccess", "ecr:BatchGetImage", kRepo, false},
    {"IAMReadOnlyAccess", "iam:GetUser", "arn:aws:iam::111122223333:user/x", true},
    {"IAMReadOnlyAccess", "iam:ListAttachedUserPolicies", "*", true},
    {"IAMReadOnlyAccess", "iam:SimulatePrincipalPolicy", "*", true},
    {"IAMReadOnlyAccess", "iam:AttachUserPolicy", "*", false},
};

TEST(ManagedPolicies, GrantAndRefuseAsTheirDocumentsDo) {
  for (const ManagedCase& c : kCases) {
    const ManagedPolicy* p = FindManagedPolicy(std::string(kManagedPolicyArnPrefix) + c.policy);
    ASSERT_NE(p, nullptr) << c.policy;
    Decision d = Ask({p->compiled.get()}, c.action, c.resource);
    EXPECT_EQ(d.allowed(), c.allowed) << c.policy << " " << c.action << " on " << c.resource;
  }
}

TEST(ManagedPolicies, ConditionalStatementsApplyOnlyWhenTheirConditionHolds) {
  const ManagedPolicy* full =
      FindManagedPolicy("arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryFullAccess");
  ASSERT_NE(full, nullptr);
  RequestContext context;
  context.Add("iam:AWSServiceName", "replication.ecr.amazonaws.com");
  EXPECT_TRUE(Ask({full->compiled.get()}, "iam:CreateServiceLinkedRole", "*", &context).allowed());
}

TEST(ManagedPolicies, AreAllThereWithTheirArnsAndCompile) {
  const char* expected[] = {"AdministratorAccess",
                            "ReadOnlyAccess",
                            "AmazonEC2ContainerRegistryReadOnly",
                            "AmazonEC2ContainerRegistryPowerUser",
                            "AmazonEC2ContainerRegistryFullAccess",
                            "AWSCloudTrail_ReadOnlyAccess",
                            "AWSCloudTrail_FullAccess",
                            "CloudWatchReadOnlyAccess",
                            "CloudWatchFullAccess",
                            "CloudWatchLogsReadOnlyAccess",
                            "CloudWatchLogsFullAccess",
                            "AmazonS3ReadOnlyAccess",
                            "AmazonS3FullAccess",
                            "IAMReadOnlyAccess"};
  auto all = ManagedPolicies();
  ASSERT_EQ(all.size(), std::size(expected));
  for (size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].name, expected[i]);
    EXPECT_EQ(all[i].arn, std::string("arn:aws:iam::aws:policy/") + expected[i]);
    EXPECT_EQ(all[i].path, "/");
    EXPECT_EQ(all[i].version_id.substr(0, 1), "v");
    ASSERT_NE(all[i].compiled, nullptr);
    EXPECT_EQ(all[i].compiled->name(), all[i].arn);
    // Every built-in document would pass CreatePolicy's own checks.
    EXPECT_TRUE(CheckManagedPolicySize(all[i].document).ok()) << all[i].name;
  }
  EXPECT_EQ(FindManagedPolicy("arn:aws:iam::aws:policy/NoSuchPolicy"), nullptr);
  EXPECT_EQ(FindManagedPolicy("AdministratorAccess"), nullptr);  // ARNs only
}

TEST(ManagedPolicies, AdministratorAccessIsTheDocumentAwsShows) {
  const ManagedPolicy* admin = FindManagedPolicy("arn:aws:iam::aws:policy/AdministratorAccess");
  ASSERT_NE(admin, nullptr);
  EXPECT_EQ(admin->version_id, "v1");
  auto doc = ParsePolicy(admin->document);
  ASSERT_TRUE(doc.ok());
  ASSERT_EQ(doc->statements.size(), 1u);
  EXPECT_EQ(doc->statements[0].actions, std::vector<std::string>{"*"});
  EXPECT_EQ(doc->statements[0].resources, std::vector<std::string>{"*"});
}

}  // namespace
}  // namespace berth::auth::policy
