#pragma once
// The CloudTrail event ECR writes when a lifecycle policy expires images: eventName
// PolicyExecutionEvent from ecr.amazonaws.com, eventType AwsServiceEvent, the service as
// userIdentity, and serviceEventDetails naming the repository, the policy's rules and each
// expired image with the rule that expired it (as AWS's documented example shows it:
// repost.aws/knowledge-center/ecr-lifecycle-policy-events).

#include <optional>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "pipeline/call_record.h"
#include "services/ecr/model/lifecycle_policy.h"
#include "services/ecr/model/types.h"

namespace berth::services::ecr {

struct ExpiredImage {
  Image image;  // with the tags it had
  int64_t rule_priority = 0;
};

// ECR splits an evaluation's expirations over several events because of CloudTrail's event
// size: "for lifecycle policy actions where 10 or more images are expired, Amazon ECR sends
// multiple events", with at most 100 tags listed per image.
inline constexpr size_t kImagesPerPolicyEvent = 9;
inline constexpr size_t kTagsPerPolicyEventImage = 100;

// The events for `expired` (non-empty) in `repo` at `now`, recorded in `region`; the policy's
// lastEvaluatedAt is the evaluation before this one (repo.lifecycle_evaluated_at, 0 if none).
std::vector<pipeline::CallRecord> PolicyExecutionEvents(const Repository& repo,
                                                        const LifecyclePolicy& policy,
                                                        std::string_view policy_text,
                                                        const std::vector<ExpiredImage>& expired,
                                                        std::string_view region, TimePoint now);

}  // namespace berth::services::ecr
