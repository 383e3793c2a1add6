// The AWS managed policies berth ships, as data: AWS's own documents (from the AWS Managed Policy
// reference, as bundled by moto 5.2.1 in moto/iam/aws_managed_policies.py, Apache-2.0), with
// their elements in AWS's order. ReadOnlyAccess is trimmed to the actions of the services berth
// has (ecr, cloudtrail, logs, cloudwatch, s3, iam, sts); every other document is whole, other
// services' actions included, as AWS has them. Parsed and compiled at first use
// (managed_policies.cc).

#include "auth/policy/managed_policies.h"

namespace berth::auth::policy::internal {

const ManagedPolicyData kManagedPolicyData[] = {
    {"AdministratorAccess", "/", "v1", "2015-02-06T18:39:46Z", "2015-02-06T18:39:46Z",
     "Provides full access to AWS services and resources.",
     R"json({
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": "*",
            "Resource": "*"
        }
    ]
})json"},
    {"ReadOnlyAccess", "/", "v182", "2015-02-06T18:39:48Z", "2026-04-03T15:27:12Z",
     "Provides read-only access to AWS services and resources.",
     R"json({
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "ReadOnlyActionsGroup1",
            "Effect": "Allow",
            "Action": [
                "cloudtrail:Describe*",
                "cloudtrail:Get*",
                "cloudtrail:List*",
                "cloudtrail:LookupEvents",
                "cloudwatch:Describe*",
                "cloudwatch:GenerateQuery",
                "cloudwatch:GenerateQueryResultsSummary",
                "cloudwatch:Get*",
                "cloudwatch:List*",
                "ecr:BatchCheck*",
                "ecr:BatchGet*",
                "ecr:Describe*",
                "ecr:Get*",
                "ecr:List*",
                "iam:Generate*",
                "iam:Get*",
                "iam:List*",
                "iam:Simulate*"
            ],
            "Resource": "*"
        },
        {
            "Sid": "ReadOnlyActionsGroup2",
            "Effect": "Allow",
            "Action": [
                "logs:Describe*",
                "logs:FilterLogEvents",
                "logs:Get*",
                "logs:ListAggregateLogGroupSummaries",
                "logs:ListAnomalies",
                "logs:ListEntitiesForLogGroup",
                "logs:ListIntegrations",
                "logs:ListLogAnomalyDetectors",
                "logs:ListLogDeliveries",
                "logs:ListLogGroupsForEntity",
                "logs:ListLogGroupsForQuery",
                "logs:ListScheduledQueries",
                "logs:ListSourcesForS3TableIntegration",
                "logs:ListTagsForResource",
                "logs:ListTagsLogGroup",
                "logs:StartLiveTail",
                "logs:StartQuery",
                "logs:StopLiveTail",
                "logs:StopQuery",
                "logs:TestMetricFilter",
                "s3:DescribeJob",
                "s3:Get*",
                "s3:List*",
                "sts:GetAccessKeyInfo",
                "sts:GetCallerIdentity",
                "sts:GetSessionToken"
            ],
            "Resource": "*"
        }
    ]
})json"},
    {"AmazonEC2ContainerRegistryReadOnly", "/", "v3", "2015-12-21T17:04:15Z",
     "2019-12-10T20:56:32Z",
     "Provides read-only access to Amazon EC2 Container Registry repositories.",
     R"json({
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "ecr:GetAuthorizationToken",
                "ecr:BatchCheckLayerAvailability",
                "ecr:GetDownloadUrlForLayer",
                "ecr:GetRepositoryPolicy",
                "ecr:DescribeRepositories",
                "ecr:ListImages",
                "ecr:DescribeImages",
                "ecr:BatchGetImage",
                "ecr:GetLifecyclePolicy",
                "ecr:GetLifecyclePolicyPreview",
                "ecr:ListTagsForResource",
                "ecr:DescribeImageScanFindings"
            ],
            "Resource": "*"
        }
    ]
})json"},
    {"AmazonEC2ContainerRegistryPowerUser", "/", "v3", "2015-12-21T17:05:33Z",
     "2019-12-10T20:48:08Z",
     "Provides full access to Amazon EC2 Container Registry repositories, but does not allow "
     "repository deletion or policy changes.",
     R"json({
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "ecr:GetAuthorizationToken",
                "ecr:BatchCheckLayerAvailability",
                "ecr:GetDownloadUrlForLayer",
                "ecr:GetRepositoryPolicy",
                "ecr:DescribeRepositories",
                "ecr:ListImages",
                "ecr:DescribeImages",
                "ecr:BatchGetImage",
                "ecr:GetLifecyclePolicy",
                "ecr:GetLifecyclePolicyPreview",
                "ecr:ListTagsForResource",
                "ecr:DescribeImageScanFindings",
                "ecr:InitiateLayerUpload",
                "ecr:UploadLayerPart",
                "ecr:CompleteLayerUpload",
                "ecr:PutImage"
            ],
            "Resource": "*"
        }
    ]
})json"},
    {"AmazonEC2ContainerRegistryFullAccess", "/", "v3", "2015-12-21T17:06:48Z",
     "2020-12-05T00:04:19Z", "Provides administrative access to Amazon ECR resources",
     R"json({
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "ecr:*",
                "cloudtrail:LookupEvents"
            ],
            "Resource": "*"
        },
        {
            "Effect": "Allow",
            "Action": [
                "iam:CreateServiceLinkedRole"
            ],
            "Resource": "*",
            "Condition": {
                "StringEquals": {
                    "iam:AWSServiceName": [
                        "replication.ecr.amazonaws.com"
                    ]
                }
            }
        }
    ]
})json"},
    {"AWSCloudTrail_ReadOnlyAccess", "/", "v1", "2022-06-14T17:19:05Z", "2022-06-14T17:19:05Z",
     "Provides read only access to AWS CloudTrail.",
     R"json({
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "cloudtrail:Get*",
                "cloudtrail:Describe*",
                "cloudtrail:List*",
                "cloudtrail:LookupEvents"
            ],
            "Resource": "*"
        }
    ]
})json"},
    {"AWSCloudTrail_FullAccess", "/", "v3", "2020-10-08T23:41:15Z", "2021-02-22T19:01:00Z",
     "Provides full access to AWS CloudTrail.",
     R"json({
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "sns:AddPermission",
                "sns:CreateTopic",
                "sns:SetTopicAttributes",
                "sns:GetTopicAttributes"
            ],
            "Resource": [
                "arn:aws:sns:*:*:aws-cloudtrail-logs*"
            ]
        },
        {
            "Effect": "Allow",
            "Action": [
                "sns:ListTopics"
            ],
            "Resource": "*"
        },
        {
            "Effect": "Allow",
            "Action": [
                "s3:CreateBucket",
                "s3:PutBucketPolicy",
                "s3:PutBucketPublicAccessBlock"
            ],
            "Resource": [
                "arn:aws:s3:::aws-cloudtrail-logs*"
            ]
        },
        {
            "Effect": "Allow",
            "Action": [
                "s3:ListAllMyBuckets",
                "s3:GetBucketLocation",
                "s3:GetBucketPolicy"
            ],
            "Resource": "*"
        },
        {
            "Effect": "Allow",
            "Action": "cloudtrail:*",
            "Resource": "*"
        },
        {
            "Effect": "Allow",
            "Action": [
                "logs:CreateLogGroup"
            ],
            "Resource": [
                "arn:aws:logs:*:*:log-group:aws-cloudtrail-logs*"
            ]
        },
        {
            "Effect": "Allow",
            "Action": [
                "iam:ListRoles",
                "iam:GetRolePolicy",
                "iam:GetUser"
            ],
            "Resource": "*"
        },
        {
            "Effect": "Allow",
            "Action": [
                "iam:PassRole"
            ],
            "Resource": "*",
            "Condition": {
                "StringEquals": {
                    "iam:PassedToService": "cloudtrail.amazonaws.com"
                }
            }
        },
        {
            "Effect": "Allow",
            "Action": [
                "kms:CreateKey",
                "kms:CreateAlias",
                "kms:ListKeys",
                "kms:ListAliases"
            ],
            "Resource": "*"
        },
        {
            "Effect": "Allow",
            "Action": [
                "lambda:ListFunctions"
            ],
            "Resource": "*"
        },
        {
            "Effect": "Allow",
            "Action": [
                "dynamodb:ListGlobalTables",
                "dynamodb:ListTables"
            ],
            "Resource": "*"
        }
    ]
})json"},
    {"CloudWatchReadOnlyAccess", "/", "v24", "2015-02-06T18:40:01Z", "2026-02-12T18:01:50Z",
     "Provides read only access to CloudWatch",
     R"json({
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "CloudWatchReadOnlyAccessPermissions",
            "Effect": "Allow",
            "Action": [
                "application-autoscaling:DescribeScalingPolicies",
                "application-signals:BatchGet*",
                "application-signals:Get*",
                "application-signals:List*",
                "autoscaling:Describe*",
                "cloudtrail:ListChannels",
                "cloudwatch:BatchGet*",
                "cloudwatch:Describe*",
                "cloudwatch:GenerateQuery",
                "cloudwatch:Get*",
                "cloudwatch:List*",
                "logs:Get*",
                "logs:List*",
                "logs:StartQuery",
                "logs:StopQuery",
                "logs:Describe*",
                "logs:TestMetricFilter",
                "logs:FilterLogEvents",
                "logs:StartLiveTail",
                "logs:StopLiveTail",
                "oam:ListSinks",
                "observabilityadmin:GetCentralizationRuleForOrganization",
                "observabilityadmin:ListCentralizationRulesForOrganization",
                "observabilityadmin:GetTelemetryEvaluationStatus",
                "observabilityadmin:GetTelemetryEvaluationStatusForOrganization",
                "observabilityadmin:GetTelemetryRule",
                "observabilityadmin:GetTelemetryRuleForOrganization",
                "observabilityadmin:ListResourceTelemetry",
                "observabilityadmin:ListResourceTelemetryForOrganization",
                "observabilityadmin:ListTelemetryRules",
                "observabilityadmin:ListTelemetryRulesForOrganization",
                "observabilityadmin:GetTelemetryEnrichmentStatus",
                "observabilityadmin:ListTagsForResource",
                "observabilityadmin:GetTelemetryPipeline",
                "observabilityadmin:ListTelemetryPipelines",
                "observabilityadmin:TestTelemetryPipeline",
                "observabilityadmin:ValidateTelemetryPipelineConfiguration",
                "observabilityadmin:GetS3TableIntegration",
                "observabilityadmin:ListS3TableIntegrations",
                "sns:Get*",
                "sns:List*",
                "rum:BatchGet*",
                "rum:Get*",
                "rum:List*",
                "synthetics:Describe*",
                "synthetics:Get*",
                "synthetics:List*",
                "xray:BatchGet*",
                "xray:Get*",
                "xray:List*",
                "xray:StartTraceRetrieval",
                "xray:CancelTraceRetrieval"
            ],
            "Resource": "*"
        },
        {
            "Sid": "OAMReadPermissions",
            "Effect": "Allow",
            "Action": [
                "oam:ListAttachedLinks"
            ],
            "Resource": "arn:aws:oam:*:*:sink/*"
        },
        {
            "Sid": "CloudWatchReadOnlyGetRolePermissions",
            "Effect": "Allow",
            "Action": "iam:GetRole",
            "Resource": "arn:aws:iam::*:role/aws-service-role/application-signals.cloudwatch.amazonaws.com/AWSServiceRoleForCloudWatchApplicationSignals"
        },
        {
            "Sid": "CloudWatchCloudTrailPermissions",
            "Effect": "Allow",
            "Action": [
                "cloudtrail:GetChannel"
            ],
            "Resource": "arn:aws:cloudtrail:*:*:channel/aws-service-channel/application-signals/*"
        },
        {
            "Sid": "CloudWatchServiceQuotaPermissions",
            "Effect": "Allow",
            "Action": [
                "servicequotas:GetServiceQuota"
            ],
            "Resource": [
                "arn:aws:servicequotas:*:*:s3/*",
                "arn:aws:servicequotas:*:*:dynamodb/*",
                "arn:aws:servicequotas:*:*:kinesis/*",
                "arn:aws:servicequotas:*:*:sns/*",
                "arn:aws:servicequotas:*:*:bedrock/*",
                "arn:aws:servicequotas:*:*:lambda/*",
                "arn:aws:servicequotas:*:*:fargate/*",
                "arn:aws:servicequotas:*:*:elasticloadbalancing/*",
                "arn:aws:servicequotas:*:*:ec2/*"
            ]
        },
        {
            "Sid": "CloudWatchResourceExplorerPermissions",
            "Effect": "Allow",
            "Action": [
                "resource-explorer-2:ListIndexes",
                "resource-explorer-2:Search"
            ],
            "Resource": [
                "arn:aws:resource-explorer-2:*::view/AWSServiceViewForApplicationSignals/service-view",
                "arn:aws:resource-explorer-2:*::view/AWSServiceViewForApplicationSignalsOrgScopeProd/service-view"
            ]
        }
    ]
})json"},
    {"CloudWatchFullAccess", "/", "v4", "2015-02-06T18:40:00Z", "2022-11-27T13:23:49Z",
     "Provides full access to CloudWatch.",
     R"json({
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "autoscaling:Describe*",
                "cloudwatch:*",
                "logs:*",
                "sns:*",
                "iam:GetPolicy",
                "iam:GetPolicyVersion",
                "iam:GetRole",
                "oam:ListSinks"
            ],
            "Resource": "*"
        },
        {
            "Effect": "Allow",
            "Action": "iam:CreateServiceLinkedRole",
            "Resource": "arn:aws:iam::*:role/aws-service-role/events.amazonaws.com/AWSServiceRoleForCloudWatchEvents*",
            "Condition": {
                "StringLike": {
                    "iam:AWSServiceName": "events.amazonaws.com"
                }
            }
        },
        {
            "Effect": "Allow",
            "Action": [
                "oam:ListAttachedLinks"
            ],
            "Resource": "arn:aws:oam:*:*:sink/*"
        }
    ]
})json"},
    {"CloudWatchLogsReadOnlyAccess", "/", "v12", "2015-02-06T18:40:03Z", "2026-02-12T17:59:13Z",
     "Provides read only access to CloudWatch Logs",
     R"json({
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "CloudWatchLogsReadOnlyAccess",
            "Effect": "Allow",
            "Action": [
                "logs:Describe*",
                "logs:Get*",
                "logs:List*",
                "logs:StartQuery",
                "logs:StopQuery",
                "logs:TestMetricFilter",
                "logs:FilterLogEvents",
                "logs:StartLiveTail",
                "logs:StopLiveTail",
                "cloudwatch:GenerateQuery",
                "cloudwatch:GenerateQueryResultsSummary",
                "observabilityadmin:ListS3TableIntegrations",
                "observabilityadmin:GetS3TableIntegration",
                "observabilityadmin:ListTelemetryPipelines"
            ],
            "Resource": "*"
        }
    ]
})json"},
    {"CloudWatchLogsFullAccess", "/", "v8", "2015-02-06T18:40:02Z", "2026-02-12T18:00:33Z",
     "Provides full access to CloudWatch Logs",
     R"json({
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "CloudWatchLogsFullAccess",
            "Effect": "Allow",
            "Action": [
                "logs:*",
                "cloudwatch:GenerateQuery",
                "cloudwatch:GenerateQueryResultsSummary",
                "observabilityadmin:GetS3TableIntegration",
                "observabilityadmin:ListS3TableIntegrations",
                "observabilityadmin:ListTelemetryPipelines"
            ],
            "Resource": "*"
        }
    ]
})json"},
    {"AmazonS3ReadOnlyAccess", "/", "v3", "2015-02-06T18:40:59Z", "2023-08-10T21:31:39Z",
     "Provides read only access to all buckets via the AWS Management Console.",
     R"json({
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "s3:Get*",
                "s3:List*",
                "s3:Describe*",
                "s3-object-lambda:Get*",
                "s3-object-lambda:List*"
            ],
            "Resource": "*"
        }
    ]
})json"},
    {"AmazonS3FullAccess", "/", "v2", "2015-02-06T18:40:58Z", "2021-09-27T20:16:37Z",
     "Provides full access to all buckets via the AWS Management Console.",
     R"json({
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "s3:*",
                "s3-object-lambda:*"
            ],
            "Resource": "*"
        }
    ]
})json"},
    {"IAMReadOnlyAccess", "/", "v4", "2015-02-06T18:40:39Z", "2018-01-25T19:11:27Z",
     "Provides read only access to IAM via the AWS Management Console.",
     R"json({
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "iam:GenerateCredentialReport",
                "iam:GenerateServiceLastAccessedDetails",
                "iam:Get*",
                "iam:List*",
                "iam:SimulateCustomPolicy",
                "iam:SimulatePrincipalPolicy"
            ],
            "Resource": "*"
        }
    ]
})json"},
};

const size_t kManagedPolicyCount = sizeof(kManagedPolicyData) / sizeof(kManagedPolicyData[0]);

}  // namespace berth::auth::policy::internal
