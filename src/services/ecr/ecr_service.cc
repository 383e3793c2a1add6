#include "services/ecr/ecr_service.h"

#include "services/ecr/model/errors.h"
#include "services/ecr/model/validation.h"
#include "services/ecr/store/sqlite_ecr_store.h"

namespace berth::services::ecr {

Result<std::unique_ptr<EcrService>> EcrService::Open(store::Database& db, store::BlobStore& blobs,
                                                     const auth::RegistryTokens& tokens,
                                                     const Clock& clock) {
  BERTH_ASSIGN_OR_RETURN(auto store, SqliteEcrStore::Open(db));
  BERTH_ASSIGN_OR_RETURN(auto registry_policies, RegistryPolicies::Open(db));
  return std::unique_ptr<EcrService>(
      new EcrService(std::move(store), std::move(registry_policies), blobs, tokens, clock));
}

Result<Repository> EcrService::RequireRepository(const pipeline::CallContext& ctx,
                                                 const std::optional<std::string>& registry_id,
                                                 std::string_view name) {
  BERTH_RETURN_IF_ERROR(CheckRepositoryName(name));
  // Another account's registry only gets here authorized: the operation names the repository
  // (RepositoryResource), and the authorize stage let the call through only when the
  // repository's policy grants it (cross-account) as well as the caller's own policies.
  const std::string& registry = registry_id ? *registry_id : ctx.principal.account_id;
  BERTH_ASSIGN_OR_RETURN(auto repo, store_->GetRepository(registry, name));
  if (!repo) return errors::RepositoryNotFound(name, registry);
  return std::move(*repo);
}

std::string RepositoryArn(std::string_view region, std::string_view account,
                          std::string_view name) {
  constexpr std::string_view kPrefix = "arn:aws:ecr:", kResource = ":repository/";
  std::string arn;
  arn.reserve(kPrefix.size() + region.size() + 1 + account.size() + kResource.size() +
              name.size());
  arn.append(kPrefix).append(region).append(":").append(account).append(kResource).append(name);
  return arn;
}

}  // namespace berth::services::ecr
