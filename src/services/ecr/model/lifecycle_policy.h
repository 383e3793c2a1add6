#pragma once
// An ECR lifecycle policy, parsed and validated as ECR validates PutLifecyclePolicy's text
// (https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_parameters.html),
// and the evaluation of it over a repository's images
// (https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html). Pure: no
// I/O, no clock but the `now` it is given.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "services/ecr/model/types.h"

namespace berth::services::ecr {

enum class LifecycleTagStatus { kTagged, kUntagged, kAny };
enum class LifecycleCountType { kImageCountMoreThan, kSinceImagePushed };

struct LifecycleRule {
  int64_t priority = 0;
  std::optional<std::string> description;
  LifecycleTagStatus tag_status = LifecycleTagStatus::kAny;
  // kTagged only, one of the two: every entry must match one of the image's tags.
  std::vector<std::string> tag_prefixes;
  std::vector<std::string> tag_patterns;  // `*` matches any run of characters
  LifecycleCountType count_type = LifecycleCountType::kImageCountMoreThan;
  int64_t count_number = 0;  // images kept, or days since the push
};

struct LifecyclePolicy {
  std::vector<LifecycleRule> rules;  // in priority order, lowest rulePriority first
};

// The policy in `text`, or ECR's InvalidParameterException ("Invalid parameter at
// 'LifecyclePolicyText' failed to satisfy constraint: 'Lifecycle policy validation failure:
// …'") naming the first problem: JSON that is no policy, missing or unknown members, wrong
// types, values outside their enums or below 1, countUnit given with imageCountMoreThan or
// missing with sinceImagePushed, tag lists on a rule that is not `tagged` (or neither on one
// that is, or both), more than four wildcards in a pattern, repeated priorities, more than one
// `untagged` rule, an `any` rule that is not the last. The `transition` action (archive
// storage) is refused: berth keeps one storage class.
Result<LifecyclePolicy> ParseLifecyclePolicy(std::string_view text);

// True when `tag` matches `pattern`, whose `*`s match any run of characters (none included).
bool MatchesTagPattern(std::string_view pattern, std::string_view tag);
// True when the image is one the rule's selection names (its tagStatus and tag lists).
bool Selects(const LifecycleRule& rule, const Image& image);

// An image the policy expires: its index in the evaluated list and the rule that expires it.
struct LifecycleExpiry {
  size_t image = 0;
  int64_t rule_priority = 0;
};

// What the policy expires of `images` at `now`, in rule order and, within a rule, oldest push
// first. ECR's rules: rules apply lowest priority first; a rule selects the images its
// tagStatus and tag lists name; imageCountMoreThan keeps the newest countNumber of them (by
// push time) and marks the rest, sinceImagePushed marks those pushed more than countNumber
// days before `now`. Images a rule selected are still counted by later rules (as if not
// expired) but are never expired by them: an image is expired by at most one rule, the first
// that selects it.
std::vector<LifecycleExpiry> EvaluateLifecyclePolicy(const LifecyclePolicy& policy,
                                                     const std::vector<Image>& images,
                                                     TimePoint now);

}  // namespace berth::services::ecr
