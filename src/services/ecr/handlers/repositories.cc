#include <algorithm>
#include <chrono>

#include "core/crypto.h"
#include "services/ecr/handlers/handlers.h"
#include "services/ecr/model/errors.h"
#include "services/ecr/model/validation.h"

namespace berth::services::ecr::handlers {
namespace {

constexpr std::chrono::hours kTokenLifetime{12};

}  // namespace

Result<Document> CreateRepository(EcrService& s, CallContext& ctx,
                                  const CreateRepositoryInput& in) {
  const std::string& account = ctx.principal.account_id;
  BERTH_RETURN_IF_ERROR(CheckRepositoryName(in.repo.name));
  if (in.repo.registry_id && *in.repo.registry_id != account) {
    return errors::InvalidParameter("Invalid parameter at 'registryId': you can only create "
                                    "repositories in your own registry " + account);
  }
  Repository repo;
  repo.name = in.repo.name;
  repo.registry_id = account;
  repo.created_at = ctx.now;
  repo.tag_mutability = in.mutability;
  repo.tag_mutability_exclusions = in.mutability_exclusions;
  repo.scan_on_push = in.scan_on_push;
  repo.encryption_type = in.encryption_type;
  repo.kms_key = in.kms_key;
  if (repo.encryption_type != "AES256" && !repo.kms_key) {
    // ECR fills in the account's default key for KMS encryption.
    repo.kms_key = "arn:aws:kms:" + std::string(ctx.region) + ":" + account + ":alias/aws/ecr";
  }
  repo.tags = in.tags;
  BERTH_ASSIGN_OR_RETURN(bool created, s.store().CreateRepository(repo));
  if (!created) return errors::RepositoryAlreadyExists(repo.name, account);
  Document out;
  out["repository"] = EncodeRepository(repo, ctx);
  return out;
}

Result<Document> DescribeRepositories(EcrService& s, CallContext& ctx,
                                      const DescribeRepositoriesInput& in) {
  const std::string& account = ctx.principal.account_id;
  Document repos = Document::MakeList();
  Document out;
  if (in.names) {
    for (const auto& name : *in.names) {
      BERTH_ASSIGN_OR_RETURN(Repository repo, s.RequireRepository(ctx, in.registry_id, name));
      repos.Push(EncodeRepository(repo, ctx));
    }
    out["repositories"] = std::move(repos);
    return out;
  }
  if (in.registry_id && *in.registry_id != account) {
    out["repositories"] = std::move(repos);
    return out;
  }
  std::string after;
  if (in.page.next_token) {
    BERTH_ASSIGN_OR_RETURN(after, DecodePageToken("repo", *in.page.next_token));
  }
  const size_t limit = static_cast<size_t>(in.page.max_results);
  // One more than the page, to know whether another page follows.
  BERTH_ASSIGN_OR_RETURN(auto list, s.store().ListRepositories(account, after, limit + 1));
  const bool more = list.size() > limit;
  if (more) list.resize(limit);
  repos.as_list().reserve(list.size());
  for (const auto& repo : list) repos.Push(EncodeRepository(repo, ctx));
  out["repositories"] = std::move(repos);
  if (more) out["nextToken"] = EncodePageToken("repo", list.back().name);
  return out;
}

Result<Document> DeleteRepository(EcrService& s, CallContext& ctx,
                                  const DeleteRepositoryInput& in) {
  BERTH_ASSIGN_OR_RETURN(Repository repo, s.RequireRepository(ctx, in.repo.registry_id,
                                                              in.repo.name));
  BERTH_ASSIGN_OR_RETURN(bool deleted, s.store().DeleteRepository(repo.id, in.force));
  if (!deleted) return errors::RepositoryNotEmpty(repo.name, repo.registry_id);
  if (repo.policy_text) s.PolicyChanged();
  Document out;
  out["repository"] = EncodeRepository(repo, ctx);
  return out;
}

Result<Document> PutImageTagMutability(EcrService& s, CallContext& ctx,
                                       const PutImageTagMutabilityInput& in) {
  BERTH_ASSIGN_OR_RETURN(Repository repo, s.RequireRepository(ctx, in.repo.registry_id,
                                                              in.repo.name));
  repo.tag_mutability = in.mutability;
  repo.tag_mutability_exclusions = in.mutability_exclusions;
  BERTH_RETURN_IF_ERROR(s.store().UpdateRepository(repo));
  Document out;
  out["registryId"] = repo.registry_id;
  out["repositoryName"] = repo.name;
  out["imageTagMutability"] = ToString(repo.tag_mutability);
  if (!repo.tag_mutability_exclusions.empty()) {
    out["imageTagMutabilityExclusionFilters"] =
        EncodeMutabilityExclusions(repo.tag_mutability_exclusions);
  }
  return out;
}

Result<Document> PutImageScanningConfiguration(EcrService& s, CallContext& ctx,
                                               const PutImageScanningConfigurationInput& in) {
  BERTH_ASSIGN_OR_RETURN(Repository repo, s.RequireRepository(ctx, in.repo.registry_id,
                                                              in.repo.name));
  repo.scan_on_push = in.scan_on_push;
  BERTH_RETURN_IF_ERROR(s.store().UpdateRepository(repo));
  Document out;
  out["registryId"] = repo.registry_id;
  out["repositoryName"] = repo.name;
  out["imageScanningConfiguration"]["scanOnPush"] = repo.scan_on_push;
  return out;
}

Result<Document> DescribeRegistry(EcrService&, CallContext& ctx) {
  Document out;
  out["registryId"] = ctx.principal.account_id;
  out["replicationConfiguration"]["rules"] = Document::MakeList();
  return out;
}

Result<Document> GetAuthorizationToken(EcrService& s, CallContext& ctx) {
  TimePoint expires_at;
  // Asked with temporary credentials, the token is bound to their session and ends with it.
  auto ttl = std::chrono::duration_cast<std::chrono::seconds>(kTokenLifetime);
  if (ctx.principal.session_expires) {
    ttl = std::min(ttl, std::chrono::duration_cast<std::chrono::seconds>(
                            *ctx.principal.session_expires - ctx.now));
  }
  const std::string password = s.tokens().Issue(ctx.principal.access_key_id,
                                                ctx.principal.account_id, ttl, &expires_at);
  Document data;
  data["authorizationToken"] = crypto::Base64Encode("AWS:" + password);
  data["expiresAt"] = Document::Timestamp(expires_at);
  data["proxyEndpoint"] = "http://" + std::string(ctx.host);
  Document out;
  out["authorizationData"].Push(std::move(data));
  return out;
}

}  // namespace berth::services::ecr::handlers
