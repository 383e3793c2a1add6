// ECR's repository operations: settings, deletion, registry ids, resource tags and policies.
#include "ecr_fixture.h"

namespace berth::services::ecr {
namespace {

using ecr_test::EcrHandlersTest;

constexpr char kArn[] = "arn:aws:ecr:us-east-1:123456789012:repository/app";

TEST_F(EcrHandlersTest, CreateRepositoryKeepsItsSettings) {
  Document created = Ok("CreateRepository", R"({"repositoryName":"app",
      "imageTagMutability":"IMMUTABLE","imageScanningConfiguration":{"scanOnPush":true},
      "encryptionConfiguration":{"encryptionType":"KMS"}})");
  const Document& repo = At(created, "repository");
  EXPECT_EQ(At(repo, "registryId").as_string(), "123456789012");
  EXPECT_EQ(At(repo, "imageTagMutability").as_string(), "IMMUTABLE");
  EXPECT_TRUE(At(At(repo, "imageScanningConfiguration"), "scanOnPush").as_bool());
  const Document& encryption = At(repo, "encryptionConfiguration");
  EXPECT_EQ(At(encryption, "encryptionType").as_string(), "KMS");
  EXPECT_EQ(At(encryption, "kmsKey").as_string(),
            "arn:aws:kms:us-east-1:123456789012:alias/aws/ecr");

  Ok("PutImageTagMutability", R"({"repositoryName":"app","imageTagMutability":"MUTABLE"})");
  Ok("PutImageScanningConfiguration",
     R"({"repositoryName":"app","imageScanningConfiguration":{"scanOnPush":false}})");
  Document described = Ok("DescribeRepositories", R"({"repositoryNames":["app"]})");
  const Document& after = At(described, "repositories").as_list().at(0);
  EXPECT_EQ(At(after, "imageTagMutability").as_string(), "MUTABLE");
  EXPECT_FALSE(At(At(after, "imageScanningConfiguration"), "scanOnPush").as_bool());
  EXPECT_EQ(At(At(after, "encryptionConfiguration"), "encryptionType").as_string(), "KMS");
}

TEST_F(EcrHandlersTest, DescribeRepositoriesNeedsEveryNamedRepository) {
  Ok("CreateRepository", R"({"repositoryName":"app"})");
  auto out = Call("DescribeRepositories", R"({"repositoryNames":["app","ghost"]})");
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code, "RepositoryNotFoundException");
  EXPECT_EQ(out.error().message, "The repository with name 'ghost' does not exist in the "
                                 "registry with id '123456789012'");
  EXPECT_EQ(out.error().http_status, 400);
}

TEST_F(EcrHandlersTest, RefusesAPageTokenItDidNotIssue) {
  EXPECT_EQ(ErrorCode("DescribeRepositories", R"({"nextToken":"bm9wZQ"})"),
            "InvalidParameterException");
  Ok("CreateRepository", R"({"repositoryName":"app"})");
  EXPECT_EQ(ErrorCode("ListImages", R"({"repositoryName":"app","nextToken":"garbage!"})"),
            "InvalidParameterException");
}

TEST_F(EcrHandlersTest, AnotherAccountsRegistryHoldsNothingOfOurs) {
  Ok("CreateRepository", R"({"repositoryName":"app"})");
  auto out = Call("DescribeRepositories",
                  R"({"registryId":"999999999999","repositoryNames":["app"]})");
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code, "RepositoryNotFoundException");
  EXPECT_NE(out.error().message.find("999999999999"), std::string::npos);
  EXPECT_EQ(ErrorCode("ListImages", R"({"registryId":"999999999999","repositoryName":"app"})"),
            "RepositoryNotFoundException");
  EXPECT_EQ(ErrorCode("CreateRepository", R"({"registryId":"999999999999",
      "repositoryName":"x1"})"),
            "InvalidParameterException");
  EXPECT_TRUE(At(Ok("DescribeRepositories", R"({"registryId":"999999999999"})"), "repositories")
                  .as_list()
                  .empty());
  EXPECT_EQ(ErrorCode("DescribeRepositories", R"({"registryId":"123456789012",
      "repositoryNames":["app"]})"),
            "ok");
}

TEST_F(EcrHandlersTest, ForceDeletesARepositoryWithItsImages) {
  Ok("CreateRepository", R"({"repositoryName":"app"})");
  Upload("app", "cfg");
  Upload("app", "layer");
  Ok("PutImage", R"({"repositoryName":"app","imageTag":"v1","imageManifest":)" +
                     Quote(Manifest("cfg", "layer")) + "}");
  auto not_empty = Call("DeleteRepository", R"({"repositoryName":"app"})");
  ASSERT_FALSE(not_empty.ok());
  EXPECT_EQ(not_empty.error().code, "RepositoryNotEmptyException");
  EXPECT_EQ(not_empty.error().message,
            "The repository with name 'app' in registry with id '123456789012' cannot be deleted "
            "because it still contains images");
  Document deleted = Ok("DeleteRepository", R"({"repositoryName":"app","force":true})");
  EXPECT_EQ(At(At(deleted, "repository"), "repositoryName").as_string(), "app");
  EXPECT_EQ(ErrorCode("DeleteRepository", R"({"repositoryName":"app"})"),
            "RepositoryNotFoundException");
  // A new repository of the same name starts empty.
  Ok("CreateRepository", R"({"repositoryName":"app"})");
  EXPECT_TRUE(At(Ok("ListImages", R"({"repositoryName":"app"})"), "imageIds").as_list().empty());
  EXPECT_EQ(ErrorCode("GetDownloadUrlForLayer",
                      R"({"repositoryName":"app","layerDigest":")" + ecr_test::Sha("layer") +
                          "\"}"),
            "LayersNotFoundException");
}

TEST_F(EcrHandlersTest, TagsAreManagedThroughTheRepositoryArn) {
  Ok("CreateRepository", R"({"repositoryName":"app","tags":[{"Key":"team","Value":"a"}]})");
  const std::string arn = std::string(R"({"resourceArn":")") + kArn + "\"";
  Ok("TagResource", arn + R"(,"tags":[{"Key":"env","Value":"prod"},{"Key":"team","Value":"b"}]})");
  Document listed = Ok("ListTagsForResource", arn + "}");
  const auto& tags = At(listed, "tags").as_list();
  ASSERT_EQ(tags.size(), 2u);
  EXPECT_EQ(At(tags[0], "Key").as_string(), "env");
  EXPECT_EQ(At(tags[1], "Key").as_string(), "team");
  EXPECT_EQ(At(tags[1], "Value").as_string(), "b");

  Ok("UntagResource", arn + R"(,"tagKeys":["team","absent"]})");
  EXPECT_EQ(At(Ok("ListTagsForResource", arn + "}"), "tags").as_list().size(), 1u);

  EXPECT_EQ(ErrorCode("ListTagsForResource", R"({"resourceArn":"arn:aws:s3:::bucket"})"),
            "InvalidParameterException");
  EXPECT_EQ(ErrorCode("ListTagsForResource",
                      R"({"resourceArn":"arn:aws:ecr:us-east-1:123456789012:repository/ghost"})"),
            "RepositoryNotFoundException");
}

TEST_F(EcrHandlersTest, ARepositoryHoldsAtMostFiftyTags) {
  Ok("CreateRepository", R"({"repositoryName":"app"})");
  for (int batch = 0; batch < 2; ++batch) {
    std::string tags;
    for (int i = 0; i < 25; ++i) {
      tags += std::string(i ? "," : "") + R"({"Key":"k)" + std::to_string(batch * 25 + i) +
              R"(","Value":"v"})";
    }
    Ok("TagResource", std::string(R"({"resourceArn":")") + kArn + R"(","tags":[)" + tags + "]}");
  }
  EXPECT_EQ(ErrorCode("TagResource", std::string(R"({"resourceArn":")") + kArn +
                                         R"(","tags":[{"Key":"one-more","Value":"v"}]})"),
            "TooManyTagsException");
  // Overwriting an existing key is still allowed at the limit.
  EXPECT_EQ(ErrorCode("TagResource", std::string(R"({"resourceArn":")") + kArn +
                                         R"(","tags":[{"Key":"k0","Value":"w"}]})"),
            "ok");
}

TEST_F(EcrHandlersTest, RepositoryPolicyIsValidatedStoredAndDeleted) {
  Ok("CreateRepository", R"({"repositoryName":"app"})");
  auto missing = Call("GetRepositoryPolicy", R"({"repositoryName":"app"})");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "RepositoryPolicyNotFoundException");
  EXPECT_EQ(missing.error().message, "Repository policy does not exist for the repository with "
                                     "name 'app' in the registry with id '123456789012'");
  EXPECT_EQ(ErrorCode("SetRepositoryPolicy", R"({"repositoryName":"app","policyText":"{"})"),
            "InvalidParameterException");
  // Enforced policies must be ones the engine can enforce: a repository policy names whom.
  const std::string no_principal =
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ecr:BatchGetImage"}]})";
  EXPECT_EQ(ErrorCode("SetRepositoryPolicy",
                      R"({"repositoryName":"app","policyText":)" + Quote(no_principal) + "}"),
            "InvalidParameterException");

  const std::string policy =
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*",)"
      R"("Action":"ecr:BatchGetImage"}]})";
  Document set = Ok("SetRepositoryPolicy",
                    R"({"repositoryName":"app","policyText":)" + Quote(policy) + "}");
  EXPECT_EQ(At(set, "policyText").as_string(), policy);
  EXPECT_EQ(At(Ok("GetRepositoryPolicy", R"({"repositoryName":"app"})"), "policyText").as_string(),
            policy);
  Document deleted = Ok("DeleteRepositoryPolicy", R"({"repositoryName":"app"})");
  EXPECT_EQ(At(deleted, "policyText").as_string(), policy);
  EXPECT_EQ(ErrorCode("DeleteRepositoryPolicy", R"({"repositoryName":"app"})"),
            "RepositoryPolicyNotFoundException");
}

TEST_F(EcrHandlersTest, LifecyclePolicyIsValidatedStoredAndDeleted) {
  Ok("CreateRepository", R"({"repositoryName":"app"})");
  EXPECT_EQ(ErrorCode("GetLifecyclePolicy", R"({"repositoryName":"app"})"),
            "LifecyclePolicyNotFoundException");
  auto bad = Call("PutLifecyclePolicy", R"({"repositoryName":"app","lifecyclePolicyText":)" +
                                            Quote(R"({"rules":[{"rulePriority":1}]})") + "}");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "InvalidParameterException");
  EXPECT_EQ(bad.error().message.rfind("Invalid parameter at 'LifecyclePolicyText' failed to "
                                      "satisfy constraint: 'Lifecycle policy validation failure",
                                      0),
            0u)
      << bad.error().message;

  const std::string policy =
      R"({"rules":[{"rulePriority":1,"selection":{"tagStatus":"untagged",)"
      R"("countType":"sinceImagePushed","countUnit":"days","countNumber":14},)"
      R"("action":{"type":"expire"}}]})";
  Document put = Ok("PutLifecyclePolicy",
                    R"({"repositoryName":"app","lifecyclePolicyText":)" + Quote(policy) + "}");
  EXPECT_EQ(At(put, "lifecyclePolicyText").as_string(), policy);
  Document got = Ok("GetLifecyclePolicy", R"({"repositoryName":"app"})");
  EXPECT_EQ(At(got, "lifecyclePolicyText").as_string(), policy);
  EXPECT_EQ(At(got, "registryId").as_string(), "123456789012");
  Ok("DeleteLifecyclePolicy", R"({"repositoryName":"app"})");
  EXPECT_EQ(ErrorCode("DeleteLifecyclePolicy", R"({"repositoryName":"app"})"),
            "LifecyclePolicyNotFoundException");
}

TEST_F(EcrHandlersTest, DescribeRegistryNamesTheCallersAccount) {
  Document out = Ok("DescribeRegistry", "{}");
  EXPECT_EQ(At(out, "registryId").as_string(), "123456789012");
  EXPECT_TRUE(At(At(out, "replicationConfiguration"), "rules").as_list().empty());
}

TEST_F(EcrHandlersTest, RegistryPolicyIsAValidatedIamDocumentPerRegistry) {
  EXPECT_EQ(ErrorCode("GetRegistryPolicy", "{}"), "RegistryPolicyNotFoundException");
  EXPECT_EQ(ErrorCode("DeleteRegistryPolicy", "{}"), "RegistryPolicyNotFoundException");
  auto bad = Call("PutRegistryPolicy", R"({"policyText":)" +
                                           Quote(R"({"Statement":[{"Effect":"Allow"}]})") + "}");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "InvalidParameterException");
  EXPECT_EQ(bad.error().message.rfind("Invalid parameter at 'PolicyText' failed to satisfy "
                                      "constraint: 'Invalid registry policy provided",
                                      0),
            0u)
      << bad.error().message;
  const std::string policy =
      R"({"Version":"2012-10-17","Statement":[{"Sid":"replicate","Effect":"Allow",)"
      R"("Principal":{"AWS":"arn:aws:iam::210987654321:root"},)"
      R"("Action":["ecr:CreateRepository","ecr:ReplicateImage"],)"
      R"("Resource":"arn:aws:ecr:us-east-1:123456789012:repository/*"}]})";
  Document put = Ok("PutRegistryPolicy", R"({"policyText":)" + Quote(policy) + "}");
  EXPECT_EQ(At(put, "registryId").as_string(), "123456789012");
  EXPECT_EQ(At(Ok("GetRegistryPolicy", "{}"), "policyText").as_string(), policy);
  EXPECT_EQ(At(Ok("DeleteRegistryPolicy", "{}"), "policyText").as_string(), policy);
  EXPECT_EQ(ErrorCode("GetRegistryPolicy", "{}"), "RegistryPolicyNotFoundException");
}

TEST_F(EcrHandlersTest, EveryOperationOfTheModelIsListed) {
  for (const char* op :
       {"CreateRepository", "DescribeRepositories", "DeleteRepository", "PutImageTagMutability",
        "PutImageScanningConfiguration", "TagResource", "UntagResource", "ListTagsForResource",
        "SetRepositoryPolicy", "GetRepositoryPolicy", "DeleteRepositoryPolicy",
        "PutLifecyclePolicy", "GetLifecyclePolicy", "DeleteLifecyclePolicy", "DescribeRegistry",
        "GetAuthorizationToken", "ListImages", "DescribeImages", "BatchGetImage",
        "BatchDeleteImage", "PutImage", "BatchCheckLayerAvailability", "InitiateLayerUpload",
        "UploadLayerPart", "CompleteLayerUpload", "GetDownloadUrlForLayer",
        "StartLifecyclePolicyPreview", "GetLifecyclePolicyPreview", "PutRegistryPolicy",
        "GetRegistryPolicy", "DeleteRegistryPolicy"}) {
    EXPECT_NE(spec_.Find(op), nullptr) << op;
  }
  EXPECT_EQ(spec_.operations.size(), 31u);
  EXPECT_TRUE(spec_.Find("DescribeImages")->read_only);
  EXPECT_FALSE(spec_.Find("PutImage")->read_only);
  EXPECT_GT(spec_.Find("UploadLayerPart")->max_request_bytes, 10u << 20);
}

}  // namespace
}  // namespace berth::services::ecr
