#pragma once
// Lifecycle policies that act: the repository's policy evaluated over its images, the images
// it expires deleted as BatchDeleteImage deletes them (their blobs are left to `berth gc`),
// and the expirations recorded as ECR records them (PolicyExecutionEvent, through the
// service's event sink). Run off the calls' threads: by the App's housekeeping, every second
// for the repositories marked due (a policy set, an image pushed) and on a schedule for all.

#include <cstddef>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "services/ecr/ecr_service.h"
#include "services/ecr/lifecycle/previews.h"
#include "services/ecr/model/lifecycle_policy.h"

namespace berth::services::ecr {

// Applies the policy of repository `name` at `now`; returns how many images it expired. A
// repository that is gone or has no policy expires nothing. An image that changed since it
// was evaluated (its tags, or deleted meanwhile) or that a manifest list still refers to is
// left alone. Errors: the store's.
Result<size_t> ApplyLifecyclePolicy(EcrService& s, std::string_view registry_id,
                                     std::string_view name, TimePoint now);

// Applies the policies of the repositories marked due (EcrService::lifecycle_due()).
Status ApplyDueLifecyclePolicies(EcrService& s, TimePoint now);
// Applies every repository's policy (the schedule: ages pass without pushes).
Status ApplyAllLifecyclePolicies(EcrService& s, TimePoint now);

// What `policy` would expire of `images` at `now`, in digest order (a preview: nothing
// deleted).
std::vector<PreviewedImage> PreviewLifecyclePolicy(const LifecyclePolicy& policy,
                                                   const std::vector<Image>& images,
                                                   TimePoint now);

}  // namespace berth::services::ecr
