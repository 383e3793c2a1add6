#include "services/ecr/lifecycle/expiration.h"

#include <algorithm>

#include "services/ecr/lifecycle/policy_execution_event.h"

namespace berth::services::ecr {
namespace {

bool SameTags(std::vector<std::string> a, std::vector<std::string> b) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return a == b;
}

}  // namespace

Result<size_t> ApplyLifecyclePolicy(EcrService& s, std::string_view registry_id,
                                     std::string_view name, TimePoint now) {
  BERTH_ASSIGN_OR_RETURN(auto repo, s.store().GetRepository(registry_id, name));
  if (!repo || !repo->lifecycle_policy_text) return size_t{0};
  // A stored policy was valid when it was set; one that no longer parses (a stricter berth)
  // expires nothing rather than guessing.
  auto policy = ParseLifecyclePolicy(*repo->lifecycle_policy_text);
  if (!policy.ok()) return size_t{0};
  BERTH_ASSIGN_OR_RETURN(auto images, s.store().ListImages(repo->id, TagStatus::kAny));
  std::vector<ExpiredImage> expired;
  for (const LifecycleExpiry& e : EvaluateLifecyclePolicy(*policy, images, now)) {
    const Image& image = images[e.image];
    // Evaluated on a listing: an image retagged since (a push moved a tag onto it) would be
    // judged on tags it no longer has, so it waits for the next evaluation.
    BERTH_ASSIGN_OR_RETURN(auto current, s.store().FindImageByDigest(repo->id, image.digest));
    if (!current || !SameTags(current->tags, image.tags)) continue;
    BERTH_ASSIGN_OR_RETURN(ImageDeletion done, s.store().DeleteImage(repo->id, image.digest));
    if (done.outcome == ImageDeletion::Outcome::kDeleted) {
      expired.push_back({image, e.rule_priority});
    }
  }
  if (!expired.empty()) {
    for (const auto& event : PolicyExecutionEvents(*repo, *policy, *repo->lifecycle_policy_text,
                                                   expired, s.event_region(), now)) {
      s.RecordServiceEvent(event);
    }
  }
  BERTH_RETURN_IF_ERROR(s.store().SetLifecycleEvaluatedAt(repo->id, now));
  return expired.size();
}

Status ApplyDueLifecyclePolicies(EcrService& s, TimePoint now) {
  for (const auto& [registry_id, name] : s.lifecycle_due().Take()) {
    BERTH_RETURN_IF_ERROR(StatusOf(ApplyLifecyclePolicy(s, registry_id, name, now)));
  }
  return Ok();
}

Status ApplyAllLifecyclePolicies(EcrService& s, TimePoint now) {
  BERTH_ASSIGN_OR_RETURN(auto repos, s.store().ListLifecyclePolicies());
  for (const Repository& repo : repos) {
    BERTH_RETURN_IF_ERROR(StatusOf(ApplyLifecyclePolicy(s, repo.registry_id, repo.name, now)));
  }
  return Ok();
}

std::vector<PreviewedImage> PreviewLifecyclePolicy(const LifecyclePolicy& policy,
                                                   const std::vector<Image>& images,
                                                   TimePoint now) {
  std::vector<PreviewedImage> out;
  for (const LifecycleExpiry& e : EvaluateLifecyclePolicy(policy, images, now)) {
    const Image& image = images[e.image];
    out.push_back({image.digest, image.tags, image.pushed_at, e.rule_priority});
  }
  std::sort(out.begin(), out.end(), [](const PreviewedImage& a, const PreviewedImage& b) {
    return a.digest < b.digest;
  });
  return out;
}

}  // namespace berth::services::ecr
