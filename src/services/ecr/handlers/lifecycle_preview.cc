// StartLifecyclePolicyPreview / GetLifecyclePolicyPreview: the lifecycle evaluator run over the
// repository's images without deleting anything (lifecycle/expiration.h), its result kept for
// GetLifecyclePolicyPreview (lifecycle/previews.h).
#include <algorithm>

#include "services/ecr/handlers/handlers.h"
#include "services/ecr/handlers/pagination.h"
#include "services/ecr/lifecycle/expiration.h"
#include "services/ecr/model/errors.h"
#include "services/ecr/model/lifecycle_policy.h"

namespace berth::services::ecr::handlers {
namespace {

std::string PreviewKey(const Repository& repo) { return repo.registry_id + "/" + repo.name; }

bool Wanted(const PreviewedImage& image, const GetLifecyclePolicyPreviewInput& in) {
  if (in.filter == TagStatus::kTagged && image.tags.empty()) return false;
  if (in.filter == TagStatus::kUntagged && !image.tags.empty()) return false;
  if (!in.ids) return true;
  return std::any_of(in.ids->begin(), in.ids->end(), [&](const ImageId& id) {
    if (id.digest && *id.digest != image.digest) return false;
    return !id.tag ||
           std::find(image.tags.begin(), image.tags.end(), *id.tag) != image.tags.end();
  });
}

Document PreviewResult(const PreviewedImage& image) {
  Document r;
  Document tags = Document::MakeList();
  for (const auto& tag : image.tags) tags.Push(tag);
  r["imageTags"] = std::move(tags);
  r["imageDigest"] = image.digest;
  r["imagePushedAt"] = Document::Timestamp(image.pushed_at);
  Document action;
  action["type"] = "EXPIRE";
  r["action"] = std::move(action);
  r["appliedRulePriority"] = image.rule_priority;
  return r;
}

}  // namespace

Result<Document> StartLifecyclePolicyPreview(EcrService& s, CallContext& ctx,
                                             const StartLifecyclePolicyPreviewInput& in) {
  BERTH_ASSIGN_OR_RETURN(Repository repo, s.RequireRepository(ctx, in.repo.registry_id,
                                                              in.repo.name));
  const std::optional<std::string>& text =
      in.policy_text ? in.policy_text : repo.lifecycle_policy_text;
  if (!text) return errors::LifecyclePolicyNotFound(repo.name, repo.registry_id);
  BERTH_ASSIGN_OR_RETURN(LifecyclePolicy policy, ParseLifecyclePolicy(*text));
  BERTH_ASSIGN_OR_RETURN(auto images, s.store().ListImages(repo.id, TagStatus::kAny));
  s.lifecycle_previews().Put(PreviewKey(repo),
                             {*text, PreviewLifecyclePolicy(policy, images, ctx.now)});
  Document out;
  out["registryId"] = repo.registry_id;
  out["repositoryName"] = repo.name;
  out["lifecyclePolicyText"] = *text;
  // Evaluated before answering: the preview is complete already.
  out["status"] = "COMPLETE";
  return out;
}

Result<Document> GetLifecyclePolicyPreview(EcrService& s, CallContext& ctx,
                                           const GetLifecyclePolicyPreviewInput& in) {
  BERTH_ASSIGN_OR_RETURN(Repository repo, s.RequireRepository(ctx, in.repo.registry_id,
                                                              in.repo.name));
  auto preview = s.lifecycle_previews().Get(PreviewKey(repo));
  if (!preview) return errors::LifecyclePolicyPreviewNotFound(repo.name, repo.registry_id);
  std::vector<PreviewedImage> shown;
  for (const auto& image : preview->images) {
    if (Wanted(image, in)) shown.push_back(image);
  }
  std::string after;
  if (in.page.next_token) {
    BERTH_ASSIGN_OR_RETURN(after, DecodePageToken("preview", *in.page.next_token));
  }
  Document out;
  out["registryId"] = repo.registry_id;
  out["repositoryName"] = repo.name;
  out["lifecyclePolicyText"] = preview->policy_text;
  out["status"] = "COMPLETE";
  out["previewResults"] = Paginate(
      shown, after, in.page.max_results, "preview",
      [](const PreviewedImage& i) { return i.digest; }, PreviewResult, out);
  Document summary;
  summary["expiringImageTotalCount"] = static_cast<int64_t>(preview->images.size());
  out["summary"] = std::move(summary);
  return out;
}

}  // namespace berth::services::ecr::handlers
