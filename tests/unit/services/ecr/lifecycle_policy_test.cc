// ECR lifecycle policies: validation messages and evaluation, case by case from AWS's
// documented examples (AmazonECR/latest/userguide/lifecycle_policy_examples.html).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "services/ecr/model/lifecycle_policy.h"

namespace berth::services::ecr {
namespace {

using std::chrono::hours;

const TimePoint kNow = FromMillis(1'800'000'000'000);

struct TestImage {
  const char* name;  // its digest in the test
  std::vector<std::string> tags;
  int days_ago;
};

std::vector<Image> Images(const std::vector<TestImage>& list) {
  std::vector<Image> out;
  for (const auto& t : list) {
    Image i;
    i.digest = t.name;
    i.tags = t.tags;
    i.pushed_at = kNow - hours(24) * t.days_ago;
    out.push_back(std::move(i));
  }
  return out;
}

// The names of the images the policy expires, sorted, each with the rule that expires it.
std::vector<std::string> Expired(const std::string& policy_text, const std::vector<TestImage>& list) {
  auto policy = ParseLifecyclePolicy(policy_text);
  EXPECT_TRUE(policy.ok()) << (policy.ok() ? "" : policy.error().message);
  if (!policy.ok()) return {};
  const std::vector<Image> images = Images(list);
  std::vector<std::string> out;
  for (const auto& e : EvaluateLifecyclePolicy(*policy, images, kNow)) {
    out.push_back(images[e.image].digest + "@" + std::to_string(e.rule_priority));
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string Rule(int priority, const std::string& selection) {
  return R"({"rulePriority":)" + std::to_string(priority) + R"(,"selection":)" + selection +
         R"(,"action":{"type":"expire"}})";
}
std::string Policy(const std::vector<std::string>& rules) {
  std::string out = R"({"rules":[)";
  for (size_t i = 0; i < rules.size(); ++i) out += (i ? "," : "") + rules[i];
  return out + "]}";
}

TEST(LifecyclePolicyEvaluation, ExpiresUntaggedImagesOlderThanFourteenDays) {
  // "Filtering on image age".
  const auto policy = Policy({Rule(1, R"({"tagStatus":"untagged","countType":"sinceImagePushed",
      "countUnit":"days","countNumber":14})")});
  EXPECT_EQ(Expired(policy, {{"old", {}, 20}, {"new", {}, 3}, {"tagged-old", {"v1"}, 30}}),
            (std::vector<std::string>{"old@1"}));
}

TEST(LifecyclePolicyEvaluation, KeepsOnlyTheNewestUntaggedImage) {
  // "Filtering on image count".
  const auto policy = Policy({Rule(1, R"({"tagStatus":"untagged","countType":"imageCountMoreThan",
      "countNumber":1})")});
  EXPECT_EQ(Expired(policy, {{"a", {}, 3}, {"b", {}, 2}, {"c", {}, 1}, {"t", {"v"}, 9}}),
            (std::vector<std::string>{"a@1", "b@1"}));
}

TEST(LifecyclePolicyEvaluation, LaterRuleNeverExpiresWhatAnEarlierRuleSelected) {
  // "Filtering on multiple rules", example A: rule 2 would mark A and B, but A is rule 1's
  // and B was selected (kept) by rule 1.
  const auto policy = Policy(
      {Rule(1, R"({"tagStatus":"tagged","tagPrefixList":["prod"],"countType":"imageCountMoreThan","countNumber":1})"),
       Rule(2, R"({"tagStatus":"tagged","tagPrefixList":["beta"],"countType":"imageCountMoreThan","countNumber":1})")});
  EXPECT_EQ(Expired(policy, {{"A", {"beta-1", "prod-1"}, 10},
                             {"B", {"beta-2", "prod-2"}, 9},
                             {"C", {"beta-3"}, 8}}),
            (std::vector<std::string>{"A@1"}));
  // Example B: rule 1 takes A and B; C is kept by rule 1, so rule 2 expires nothing.
  EXPECT_EQ(Expired(policy, {{"A", {"beta-1", "prod-1"}, 10},
                             {"B", {"beta-2", "prod-2"}, 9},
                             {"C", {"beta-3", "prod-3"}, 8},
                             {"D", {"beta-4"}, 7}}),
            (std::vector<std::string>{"A@1", "B@1"}));
}

TEST(LifecyclePolicyEvaluation, EveryPrefixOfTheListMustMatchOneTag) {
  // "Filtering on multiple tags in a single rule", examples A (count) and B (age).
  const std::vector<TestImage> images = {{"A", {"alpha-1"}, 12},         {"B", {"beta-1"}, 11},
                                         {"C", {"alpha-2", "beta-2"}, 10}, {"D", {"alpha-3"}, 4},
                                         {"E", {"beta-3"}, 3},           {"F", {"alpha-4", "beta-4"}, 2}};
  EXPECT_EQ(Expired(Policy({Rule(1, R"({"tagStatus":"tagged","tagPrefixList":["alpha","beta"],
                "countType":"imageCountMoreThan","countNumber":1})")}),
                    images),
            (std::vector<std::string>{"C@1"}));
  EXPECT_EQ(Expired(Policy({Rule(1, R"({"tagStatus":"tagged","tagPrefixList":["alpha","beta"],
                "countType":"sinceImagePushed","countUnit":"days","countNumber":5})")}),
                    images),
            (std::vector<std::string>{"C@1"}));
}

TEST(LifecyclePolicyEvaluation, AnyRuleCountsEveryImageAndExpiresOnlyUnclaimedOnes) {
  // "Filtering on all images": untagged first, then everything past the newest two.
  const auto policy = Policy(
      {Rule(1, R"({"tagStatus":"untagged","countType":"imageCountMoreThan","countNumber":5})"),
       Rule(2, R"({"tagStatus":"any","countType":"imageCountMoreThan","countNumber":2})")});
  // The untagged image is rule 1's (kept, count 1 ≤ 5): rule 2 counts it among the newest
  // three but cannot expire it.
  EXPECT_EQ(Expired(policy, {{"A", {"alpha-1"}, 4}, {"B", {}, 3}, {"C", {"alpha-2"}, 2},
                             {"D", {"git-hash"}, 1}}),
            (std::vector<std::string>{"A@2"}));
}

TEST(LifecyclePolicyEvaluation, PatternsMatchWholeTagsWithWildcards) {
  const auto policy = Policy({Rule(1, R"({"tagStatus":"tagged","tagPatternList":["prod*"],
      "countType":"imageCountMoreThan","countNumber":1})")});
  EXPECT_EQ(Expired(policy, {{"a", {"prod"}, 3}, {"b", {"prod1"}, 2}, {"c", {"prod2"}, 1},
                             {"d", {"preprod"}, 9}}),
            (std::vector<std::string>{"a@1", "b@1"}));
  EXPECT_TRUE(MatchesTagPattern("*test*1*2*3", "my-test-1-2-3"));
  EXPECT_TRUE(MatchesTagPattern("v*-rc*", "v1.2-rc3"));
  EXPECT_FALSE(MatchesTagPattern("v*-rc", "v1.2-rc3"));
  EXPECT_TRUE(MatchesTagPattern("latest", "latest"));
  EXPECT_FALSE(MatchesTagPattern("latest", "latest2"));
  EXPECT_TRUE(MatchesTagPattern("*", "anything"));
}

TEST(LifecyclePolicyEvaluation, SinceImagePushedSparesImagesExactlyAtTheLimit) {
  const auto policy = Policy({Rule(1, R"({"tagStatus":"any","countType":"sinceImagePushed",
      "countUnit":"days","countNumber":1})")});
  EXPECT_EQ(Expired(policy, {{"day", {"x"}, 1}, {"two", {"y"}, 2}}),
            (std::vector<std::string>{"two@1"}));
}

// The message ECR quotes for a policy its schema or rules refuse.
std::string Refusal(const std::string& text) {
  auto policy = ParseLifecyclePolicy(text);
  if (policy.ok()) return "accepted";
  EXPECT_EQ(policy.error().code, "InvalidParameterException");
  const std::string prefix =
      "Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: 'Lifecycle "
      "policy validation failure: ";
  EXPECT_EQ(policy.error().message.rfind(prefix, 0), 0u) << policy.error().message;
  return policy.error().message.substr(prefix.size(),
                                       policy.error().message.size() - prefix.size() - 1);
}

TEST(LifecyclePolicyValidation, QuotesEcrsMessages) {
  const std::string any1 = R"({"tagStatus":"any","countType":"imageCountMoreThan","countNumber":1})";
  const std::string untagged = R"({"tagStatus":"untagged","countType":"imageCountMoreThan","countNumber":1})";
  struct Case {
    std::string text, message;
  } cases[] = {
      {"not json", "Could not map policyString into LifecyclePolicy."},
      {"{}", R"(object has missing required properties (["rules"]))"},
      {R"({"rules":[]})",
       "array is too short: must have at least 1 elements but instance has 0 elements"},
      {R"({"rules":[{"rulePriority":1}]})",
       R"(object has missing required properties (["action","selection"]))"},
      {R"({"rules":[{"rulePriority":1,"selection":)" + any1 +
           R"(,"action":{"type":"expire"},"x":1}]})",
       R"(object instance has properties which are not allowed by the schema: (["x"]))"},
      {Policy({Rule(0, any1)}),
       "numeric instance is lower than the required minimum (minimum: 1, found: 0)"},
      {Policy({Rule(1, R"({"tagStatus":"all","countType":"imageCountMoreThan","countNumber":1})")}),
       R"(instance value ("all") not found in enum (possible values: ["tagged","untagged","any"]))"},
      {Policy({Rule(1, R"({"tagStatus":"any","countType":"imageCountMoreThan","countUnit":"days","countNumber":1})")}),
       "instance failed to match exactly one schema (matched 0 out of 2)"},
      {Policy({Rule(1, R"({"tagStatus":"any","countType":"sinceImagePushed","countNumber":1})")}),
       "instance failed to match exactly one schema (matched 0 out of 2)"},
      {Policy({Rule(1, R"({"tagStatus":"any","countType":"imageCountMoreThan","countNumber":"3"})")}),
       R"(instance type (string) does not match any allowed primitive type (allowed: ["integer"]))"},
      {Policy({Rule(1, R"({"tagStatus":"tagged","countType":"imageCountMoreThan","countNumber":1})")}),
       "Must specify tagPrefixList or tagPatternList when tagStatus=TAGGED."},
      {Policy({Rule(1, R"({"tagStatus":"tagged","tagPatternList":["test*1*2*3*4*5*6"],"countType":"imageCountMoreThan","countNumber":1})")}),
       "Tag pattern 'test*1*2*3*4*5*6' has more than 4 wildcards (*)."},
      {Policy({Rule(1, any1), Rule(2, untagged)}),
       "Rule for tagStatus=ANY must have the lowest priority per storage class"},
      {Policy({Rule(1, untagged), Rule(2, untagged)}),
       "Only one rule can select Untagged images per storage class"},
      {Policy({Rule(3, untagged), Rule(3, any1)}), "Rule priorities must be unique: 3 is used twice."},
      {R"({"rules":[{"rulePriority":1,"selection":)" + any1 + R"(,"action":{"type":"transition"}}]})",
       R"(instance value ("transition") not found in enum (possible values: ["expire"]))"},
  };
  for (const auto& c : cases) EXPECT_EQ(Refusal(c.text), c.message) << c.text;
  // AWS's own example of patterns that are within the limit, and priorities need not be
  // consecutive nor listed in order.
  EXPECT_EQ(Refusal(Policy({Rule(1, R"({"tagStatus":"tagged","tagPatternList":["*test*1*2*3","test*1*2*3*"],"countType":"imageCountMoreThan","countNumber":1})")})),
            "accepted");
  EXPECT_EQ(Refusal(Policy({Rule(20, any1), Rule(7, untagged)})), "accepted");
}

}  // namespace
}  // namespace berth::services::ecr
