#include "services/logs/policies/logs_resource_policies.h"

#include <cstdio>
#include <mutex>
#include <vector>

#include "auth/policy/parser.h"
#include "services/logs/model/errors.h"

namespace berth::services::logs {
namespace {

namespace policy = auth::policy;

constexpr policy::ParseOptions kResourcePolicy{.kind = policy::PolicyKind::kResource};

}  // namespace

Status CheckResourcePolicyDocument(std::string_view document) {
  auto parsed = policy::ParsePolicy(document, kResourcePolicy);
  if (!parsed.ok()) return errors::InvalidParameter(parsed.error().message);
  auto compiled = policy::CompiledPolicy::Compile(*parsed, policy::PolicyKind::kResource,
                                                  "logs resource policy");
  if (!compiled.ok()) return errors::InvalidParameter(compiled.error().message);
  return Ok();
}

Result<std::unique_ptr<LogsResourcePolicies>> LogsResourcePolicies::Open(store::Database& db) {
  BERTH_ASSIGN_OR_RETURN(auto store, ResourcePolicyStore::Open(db));
  return std::unique_ptr<LogsResourcePolicies>(new LogsResourcePolicies(std::move(store)));
}

std::shared_ptr<const auth::policy::CompiledPolicy> LogsResourcePolicies::Find(
    std::string_view account, std::string_view region) {
  const uint64_t wanted = version_.load(std::memory_order_acquire);
  bool fresh = false;
  {
    std::shared_lock lock(mu_);
    fresh = loaded_ == wanted;
  }
  if (!fresh) Reload(wanted);
  std::shared_lock lock(mu_);
  auto it = compiled_.find({std::string(account), std::string(region)});
  return it == compiled_.end() ? nullptr : it->second;
}

std::shared_ptr<const auth::policy::CompiledPolicy> LogsResourcePolicies::FindByArn(
    std::string_view arn) {
  constexpr std::string_view kPrefix = "arn:aws:logs:";
  if (arn.substr(0, kPrefix.size()) != kPrefix) return nullptr;
  std::string_view rest = arn.substr(kPrefix.size());
  const size_t region_end = rest.find(':');
  if (region_end == std::string_view::npos) return nullptr;
  const std::string_view region = rest.substr(0, region_end);
  rest.remove_prefix(region_end + 1);
  return Find(rest.substr(0, rest.find(':')), region);
}

void LogsResourcePolicies::Reload(uint64_t version) {
  std::unique_lock lock(mu_);
  if (loaded_ >= version) return;
  auto stored = store_->All();
  if (!stored.ok()) {
    // Keep what was known; the next look-up tries again.
    std::fprintf(stderr, "berth: loading logs resource policies: %s\n",
                 stored.error().message.c_str());
    return;
  }
  // Every document of an (account, region) contributes its statements to one policy.
  std::map<std::pair<std::string, std::string>, policy::PolicyDocument> merged;
  for (const ResourcePolicy& p : *stored) {
    auto parsed = policy::ParsePolicy(p.document, kResourcePolicy);
    if (!parsed.ok()) continue;  // checked when put; one that no longer parses grants nothing
    policy::PolicyDocument& into = merged[{p.account_id, p.region}];
    // Policy variables only when every document is in the current language version.
    if (into.statements.empty()) {
      into.version = parsed->version;
    } else if (parsed->version != into.version) {
      into.version = "2008-10-17";
    }
    for (policy::Statement& st : parsed->statements) into.statements.push_back(std::move(st));
  }
  std::map<std::pair<std::string, std::string>, std::shared_ptr<const policy::CompiledPolicy>>
      fresh;
  for (auto& [key, document] : merged) {
    auto compiled = policy::CompiledPolicy::Compile(document, policy::PolicyKind::kResource,
                                                    "CloudWatch Logs resource policies of " +
                                                        key.first + " in " + key.second);
    if (!compiled.ok()) {
      std::fprintf(stderr, "berth: logs resource policies of %s ignored: %s\n", key.first.c_str(),
                   compiled.error().message.c_str());
      continue;
    }
    fresh.emplace(key, std::move(*compiled));
  }
  compiled_ = std::move(fresh);
  loaded_ = version;
}

}  // namespace berth::services::logs
