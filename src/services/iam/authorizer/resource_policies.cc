#include "services/iam/authorizer/resource_policies.h"

#include <cstdio>
#include <mutex>

#include "pipeline/authorizer.h"

namespace berth::services::iam {

namespace policy = auth::policy;

std::shared_ptr<const policy::CompiledPolicy> EcrRepositoryPolicies::Find(std::string_view arn) {
  if (arn.rfind("arn:aws:ecr:", 0) != 0) return nullptr;
  const size_t at = arn.find(":repository/");
  if (at == std::string_view::npos) return nullptr;
  // Repositories are named within their registry (account): the key holds both.
  const std::string_view account = pipeline::ResourceAccount(arn);
  const std::string key = std::string(account) + "/" + std::string(arn.substr(at + 12));
  const uint64_t wanted = version_.load(std::memory_order_acquire);
  {
    std::shared_lock lock(mu_);
    if (loaded_ == wanted) {
      auto it = by_name_.find(key);
      return it == by_name_.end() ? nullptr : it->second;
    }
  }
  Reload(wanted);
  std::shared_lock lock(mu_);
  auto it = by_name_.find(key);
  return it == by_name_.end() ? nullptr : it->second;
}

void EcrRepositoryPolicies::Reload(uint64_t version) {
  std::unique_lock lock(mu_);
  if (loaded_ >= version) return;
  auto repos = store_.ListRepositoryPolicies();
  if (!repos.ok()) {
    // Keep what was known; the next look-up tries again.
    std::fprintf(stderr, "berth: loading repository policies: %s\n",
                 repos.error().message.c_str());
    return;
  }
  std::unordered_map<std::string, std::shared_ptr<const policy::CompiledPolicy>> fresh;
  for (const ecr::Repository& repo : *repos) {
    if (!repo.policy_text) continue;
    auto compiled = policy::CompiledPolicy::FromText(
        *repo.policy_text, policy::ParseOptions{.kind = policy::PolicyKind::kResource},
        "repository policy of " + repo.name);
    if (!compiled.ok()) {
      // Stored before policies were enforced and not a valid policy: it grants nothing.
      std::fprintf(stderr, "berth: repository %s: policy ignored: %s\n", repo.name.c_str(),
                   compiled.error().message.c_str());
      continue;
    }
    fresh.emplace(repo.registry_id + "/" + repo.name, std::move(*compiled));
  }
  by_name_ = std::move(fresh);
  loaded_ = version;
}

}  // namespace berth::services::iam
