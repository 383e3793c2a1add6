// Lifecycle policies that act: a repository marked due when its policy is set or an image is
// pushed, the expired images deleted, the PolicyExecutionEvent records handed to the service's
// event sink, lastEvaluatedAt kept; the schedule catching ages; previews that delete nothing.
#include <algorithm>
#include <chrono>
#include <vector>

#include "ecr_fixture.h"
#include "services/ecr/lifecycle/expiration.h"
#include "services/ecr/lifecycle/policy_execution_event.h"

namespace berth::services::ecr {
namespace {

using ecr_test::EcrHandlersTest;
using ecr_test::Sha;

constexpr char kKeepTwoTagged[] =
    R"({"rules":[{"rulePriority":1,"description":"keep two v","selection":{"tagStatus":"tagged",)"
    R"("tagPrefixList":["v"],"countType":"imageCountMoreThan","countNumber":2},)"
    R"("action":{"type":"expire"}}]})";

class EcrLifecycleTest : public EcrHandlersTest {
 protected:
  void SetUp() override {
    EcrHandlersTest::SetUp();
    service_->OnServiceEvent("eu-west-1", [this](const pipeline::CallRecord& r) {
      events_.push_back(r);
    });
    Ok("CreateRepository", R"({"repositoryName":"app"})");
    Upload("app", "layer");
  }
  // Pushes image `n` (tagged `tag` unless empty) a minute after the last; returns its digest.
  std::string Push(int n, const std::string& tag) {
    clock_.Advance(std::chrono::minutes(1));
    Upload("app", "cfg-" + std::to_string(n));
    const std::string manifest = Manifest("cfg-" + std::to_string(n), "layer");
    Ok("PutImage", R"({"repositoryName":"app","imageManifest":)" + Quote(manifest) +
                       (tag.empty() ? "" : R"(,"imageTag":")" + tag + "\"") + "}");
    return Sha(manifest);
  }
  void SetPolicy(const std::string& text) {
    Ok("PutLifecyclePolicy",
       R"({"repositoryName":"app","lifecyclePolicyText":)" + Quote(text) + "}");
  }
  std::vector<std::string> Digests() {
    std::vector<std::string> out;
    auto images = service_->store().ListImages(1, TagStatus::kAny);
    EXPECT_TRUE(images.ok());
    for (const auto& i : *images) out.push_back(i.digest);
    std::sort(out.begin(), out.end());
    return out;
  }
  static std::vector<std::string> Sorted(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
  }
  std::vector<pipeline::CallRecord> events_;
};

TEST_F(EcrLifecycleTest, SettingAPolicyExpiresTheOldestImagesAndRecordsTheEvent) {
  const std::string v1 = Push(1, "v1"), v2 = Push(2, "v2"), v3 = Push(3, "v3");
  const std::string other = Push(4, "other");
  SetPolicy(kKeepTwoTagged);
  ASSERT_TRUE(ApplyDueLifecyclePolicies(*service_, clock_.Now()).ok());
  EXPECT_EQ(Digests(), Sorted({v2, v3, other}));

  ASSERT_EQ(events_.size(), 1u);
  const pipeline::CallRecord& e = events_[0];
  EXPECT_EQ(e.operation, "PolicyExecutionEvent");
  EXPECT_EQ(e.event_source, "ecr.amazonaws.com");
  EXPECT_EQ(e.event_type, "AwsServiceEvent");
  EXPECT_EQ(e.user_agent, "ecr.amazonaws.com");
  ASSERT_TRUE(e.principal.has_value());
  EXPECT_EQ(e.principal->account_id, "123456789012");
  ASSERT_EQ(e.resources.size(), 1u);
  EXPECT_EQ(e.resources[0].arn, "arn:aws:ecr:eu-west-1:123456789012:repository/app");
  const Document& details = e.additional_event_data;
  EXPECT_EQ(At(details, "repositoryName").as_string(), "app");
  const Document& rule = At(At(details, "lifecycleEventPolicy"), "lifecycleEventRules").as_list()[0];
  EXPECT_EQ(At(rule, "description").as_string(), "keep two v");
  EXPECT_EQ(At(At(rule, "lifecycleEventSelection"), "countType").as_string(),
            "Image count more than");
  const auto& actions = At(details, "lifecycleEventImageActions").as_list();
  ASSERT_EQ(actions.size(), 1u);
  const Document& image = At(actions[0], "lifecycleEventImage");
  EXPECT_EQ(At(image, "digest").as_string(), v1);
  EXPECT_EQ(At(image, "tagStatus").as_string(), "Tagged");
  EXPECT_EQ(At(image, "tagList").as_list()[0].as_string(), "v1");
  EXPECT_EQ(At(actions[0], "rulePriority").as_int(), 1);

  // GetLifecyclePolicy tells when it ran.
  const Document got = Ok("GetLifecyclePolicy", R"({"repositoryName":"app"})");
  EXPECT_EQ(At(got, "lastEvaluatedAt").as_timestamp(), clock_.Now());
}

TEST_F(EcrLifecycleTest, APushIsEvaluatedAndNothingIsDueOtherwise) {
  SetPolicy(kKeepTwoTagged);
  ASSERT_TRUE(ApplyDueLifecyclePolicies(*service_, clock_.Now()).ok());
  const std::string v1 = Push(1, "v1"), v2 = Push(2, "v2");
  ASSERT_TRUE(ApplyDueLifecyclePolicies(*service_, clock_.Now()).ok());
  EXPECT_EQ(Digests(), Sorted({v1, v2}));
  const std::string v3 = Push(3, "v3");
  ASSERT_TRUE(ApplyDueLifecyclePolicies(*service_, clock_.Now()).ok());
  EXPECT_EQ(Digests(), Sorted({v2, v3}));
  EXPECT_TRUE(service_->lifecycle_due().Take().empty());
}

TEST_F(EcrLifecycleTest, TheScheduleExpiresImagesThatAgedWithoutAPush) {
  const std::string old = Push(1, "");
  SetPolicy(R"({"rules":[{"rulePriority":1,"selection":{"tagStatus":"untagged",)"
            R"("countType":"sinceImagePushed","countUnit":"days","countNumber":3}, )"
            R"("action":{"type":"expire"}}]})");
  ASSERT_TRUE(ApplyDueLifecyclePolicies(*service_, clock_.Now()).ok());
  EXPECT_EQ(Digests(), std::vector<std::string>{old});
  clock_.Advance(std::chrono::hours(24 * 3 + 1));
  ASSERT_TRUE(ApplyAllLifecyclePolicies(*service_, clock_.Now()).ok());
  EXPECT_TRUE(Digests().empty());
  ASSERT_EQ(events_.size(), 1u);
  EXPECT_EQ(At(At(At(events_[0].additional_event_data, "lifecycleEventImageActions").as_list()[0],
                  "lifecycleEventImage"),
               "tagStatus")
                .as_string(),
            "Untagged");
}

TEST_F(EcrLifecycleTest, ManyExpirationsAreSplitOverEvents) {
  for (int i = 0; i < 12; ++i) Push(i, "");
  SetPolicy(R"({"rules":[{"rulePriority":1,"selection":{"tagStatus":"untagged",)"
            R"("countType":"imageCountMoreThan","countNumber":1},"action":{"type":"expire"}}]})");
  ASSERT_TRUE(ApplyDueLifecyclePolicies(*service_, clock_.Now()).ok());
  EXPECT_EQ(Digests().size(), 1u);
  ASSERT_EQ(events_.size(), 2u);
  EXPECT_EQ(At(events_[0].additional_event_data, "lifecycleEventImageActions").as_list().size(),
            kImagesPerPolicyEvent);
  EXPECT_EQ(At(events_[1].additional_event_data, "lifecycleEventImageActions").as_list().size(),
            11 - kImagesPerPolicyEvent);
}

TEST_F(EcrLifecycleTest, APreviewListsWhatWouldGoAndDeletesNothing) {
  const std::string v1 = Push(1, "v1"), v2 = Push(2, "v2"), v3 = Push(3, "v3");
  const std::string v0 = Push(4, "v0");
  EXPECT_EQ(ErrorCode("StartLifecyclePolicyPreview", R"({"repositoryName":"app"})"),
            "LifecyclePolicyNotFoundException");
  EXPECT_EQ(ErrorCode("GetLifecyclePolicyPreview", R"({"repositoryName":"app"})"),
            "LifecyclePolicyPreviewNotFoundException");
  const Document started =
      Ok("StartLifecyclePolicyPreview",
         R"({"repositoryName":"app","lifecyclePolicyText":)" + Quote(kKeepTwoTagged) + "}");
  EXPECT_EQ(At(started, "status").as_string(), "COMPLETE");
  Document page = Ok("GetLifecyclePolicyPreview", R"({"repositoryName":"app","maxResults":1})");
  EXPECT_EQ(At(At(page, "summary"), "expiringImageTotalCount").as_int(), 2);
  ASSERT_EQ(At(page, "previewResults").as_list().size(), 1u);
  std::vector<std::string> previewed = {
      At(At(page, "previewResults").as_list()[0], "imageDigest").as_string()};
  const std::string token = At(page, "nextToken").as_string();
  page = Ok("GetLifecyclePolicyPreview",
            R"({"repositoryName":"app","maxResults":1,"nextToken":")" + token + "\"}");
  const Document& result = At(page, "previewResults").as_list()[0];
  previewed.push_back(At(result, "imageDigest").as_string());
  EXPECT_EQ(At(At(result, "action"), "type").as_string(), "EXPIRE");
  EXPECT_EQ(At(result, "appliedRulePriority").as_int(), 1);
  EXPECT_EQ(page.Find("nextToken"), nullptr);
  EXPECT_EQ(Sorted(previewed), Sorted({v1, v2}));
  EXPECT_EQ(Digests(), Sorted({v0, v1, v2, v3}));
  // Filters: no untagged image would go.
  page = Ok("GetLifecyclePolicyPreview",
            R"({"repositoryName":"app","filter":{"tagStatus":"UNTAGGED"}})");
  EXPECT_TRUE(At(page, "previewResults").as_list().empty());
  EXPECT_TRUE(events_.empty());
}

}  // namespace
}  // namespace berth::services::ecr
