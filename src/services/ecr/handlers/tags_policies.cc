#include "services/ecr/handlers/handlers.h"
#include "services/ecr/model/errors.h"
#include "services/ecr/model/validation.h"

namespace berth::services::ecr::handlers {
namespace {

constexpr size_t kMaxTags = 50;

// The repository an ECR repository ARN names: arn:aws:ecr:<region>:<account>:repository/<name>.
Result<Repository> RepositoryOfArn(EcrService& s, CallContext& ctx, const std::string& arn) {
  constexpr std::string_view kPrefix = "arn:aws:ecr:";
  auto invalid = [&] {
    return errors::InvalidParameter("Invalid parameter at 'resourceArn' failed to satisfy "
                                    "constraint: 'Invalid ARN " + arn + "'");
  };
  if (arn.compare(0, kPrefix.size(), kPrefix) != 0) return invalid();
  const size_t region_end = arn.find(':', kPrefix.size());
  if (region_end == std::string::npos) return invalid();
  const size_t account_end = arn.find(':', region_end + 1);
  if (account_end == std::string::npos) return invalid();
  const std::string account = arn.substr(region_end + 1, account_end - region_end - 1);
  constexpr std::string_view kResource = "repository/";
  if (arn.compare(account_end + 1, kResource.size(), kResource) != 0) return invalid();
  const std::string name = arn.substr(account_end + 1 + kResource.size());
  if (!IsValidRepositoryName(name)) return invalid();
  return s.RequireRepository(ctx, account, name);
}

Document PolicyOutput(const Repository& repo, const char* member,
                      const std::optional<std::string>& text) {
  Document out;
  out["registryId"] = repo.registry_id;
  out["repositoryName"] = repo.name;
  if (text) out[member] = *text;
  return out;
}

// Get/DeleteLifecyclePolicy's answer: the policy and when it was last evaluated.
Document LifecycleOutput(const Repository& repo) {
  Document out = PolicyOutput(repo, "lifecyclePolicyText", repo.lifecycle_policy_text);
  // ECR answers the epoch for a policy not evaluated yet.
  out["lastEvaluatedAt"] = Document::Timestamp(repo.lifecycle_evaluated_at.value_or(TimePoint{}));
  return out;
}

}  // namespace

Result<Document> TagResource(EcrService& s, CallContext& ctx, const TagResourceInput& in) {
  BERTH_ASSIGN_OR_RETURN(Repository repo, RepositoryOfArn(s, ctx, in.arn));
  for (const auto& [key, value] : in.tags) repo.tags[key] = value;
  if (repo.tags.size() > kMaxTags) {
    return errors::TooManyTags("The repository would have more than 50 tags");
  }
  BERTH_RETURN_IF_ERROR(s.store().UpdateRepository(repo));
  return Document::MakeMap();
}

Result<Document> UntagResource(EcrService& s, CallContext& ctx, const UntagResourceInput& in) {
  BERTH_ASSIGN_OR_RETURN(Repository repo, RepositoryOfArn(s, ctx, in.arn));
  for (const auto& key : in.keys) repo.tags.erase(key);
  BERTH_RETURN_IF_ERROR(s.store().UpdateRepository(repo));
  return Document::MakeMap();
}

Result<Document> ListTagsForResource(EcrService& s, CallContext& ctx, const std::string& arn) {
  BERTH_ASSIGN_OR_RETURN(Repository repo, RepositoryOfArn(s, ctx, arn));
  Document out;
  out["tags"] = EncodeTags(repo.tags);
  return out;
}

Result<Document> SetRepositoryPolicy(EcrService& s, CallContext& ctx,
                                     const SetRepositoryPolicyInput& in) {
  BERTH_ASSIGN_OR_RETURN(Repository repo, s.RequireRepository(ctx, in.repo.registry_id,
                                                              in.repo.name));
  BERTH_RETURN_IF_ERROR(CheckRepositoryPolicy(in.policy_text));
  repo.policy_text = in.policy_text;
  BERTH_RETURN_IF_ERROR(s.store().UpdateRepository(repo));
  s.PolicyChanged();
  return PolicyOutput(repo, "policyText", repo.policy_text);
}

Result<Document> GetRepositoryPolicy(EcrService& s, CallContext& ctx, const RepositoryRef& in) {
  BERTH_ASSIGN_OR_RETURN(Repository repo, s.RequireRepository(ctx, in.registry_id, in.name));
  if (!repo.policy_text) return errors::RepositoryPolicyNotFound(repo.name, repo.registry_id);
  return PolicyOutput(repo, "policyText", repo.policy_text);
}

Result<Document> DeleteRepositoryPolicy(EcrService& s, CallContext& ctx,
                                        const RepositoryRef& in) {
  BERTH_ASSIGN_OR_RETURN(Repository repo, s.RequireRepository(ctx, in.registry_id, in.name));
  if (!repo.policy_text) return errors::RepositoryPolicyNotFound(repo.name, repo.registry_id);
  Document out = PolicyOutput(repo, "policyText", repo.policy_text);
  repo.policy_text.reset();
  BERTH_RETURN_IF_ERROR(s.store().UpdateRepository(repo));
  s.PolicyChanged();
  return out;
}

Result<Document> PutLifecyclePolicy(EcrService& s, CallContext& ctx,
                                    const PutLifecyclePolicyInput& in) {
  BERTH_ASSIGN_OR_RETURN(Repository repo, s.RequireRepository(ctx, in.repo.registry_id,
                                                              in.repo.name));
  BERTH_RETURN_IF_ERROR(CheckLifecyclePolicy(in.policy_text));
  repo.lifecycle_policy_text = in.policy_text;
  BERTH_RETURN_IF_ERROR(s.store().UpdateRepository(repo));
  // ECR expires within 24 hours of an image meeting a rule; berth evaluates within seconds.
  s.lifecycle_due().Mark(repo.registry_id, repo.name);
  return PolicyOutput(repo, "lifecyclePolicyText", repo.lifecycle_policy_text);
}

Result<Document> GetLifecyclePolicy(EcrService& s, CallContext& ctx, const RepositoryRef& in) {
  BERTH_ASSIGN_OR_RETURN(Repository repo, s.RequireRepository(ctx, in.registry_id, in.name));
  if (!repo.lifecycle_policy_text) {
    return errors::LifecyclePolicyNotFound(repo.name, repo.registry_id);
  }
  return LifecycleOutput(repo);
}

Result<Document> DeleteLifecyclePolicy(EcrService& s, CallContext& ctx,
                                       const RepositoryRef& in) {
  BERTH_ASSIGN_OR_RETURN(Repository repo, s.RequireRepository(ctx, in.registry_id, in.name));
  if (!repo.lifecycle_policy_text) {
    return errors::LifecyclePolicyNotFound(repo.name, repo.registry_id);
  }
  Document out = LifecycleOutput(repo);
  repo.lifecycle_policy_text.reset();
  repo.lifecycle_evaluated_at.reset();
  BERTH_RETURN_IF_ERROR(s.store().UpdateRepository(repo));
  return out;
}

}  // namespace berth::services::ecr::handlers
