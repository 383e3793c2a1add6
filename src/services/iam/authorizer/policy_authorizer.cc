#include "services/iam/authorizer/policy_authorizer.h"

#include <cstdio>

#include "auth/policy/evaluator.h"
#include "auth/policy/managed_policies.h"
#include "core/time_format.h"

namespace berth::services::iam {
namespace {

namespace policy = auth::policy;
using pipeline::Denial;
using pipeline::DenialReason;

// A user the snapshot does not know (created by `berth user create` in another process) makes
// the snapshot reload, at most this often (its key was already found, so the user exists).
constexpr auto kUnknownUserReload = std::chrono::milliseconds(100);

std::shared_ptr<const policy::CompiledPolicy> CompileStored(std::string_view text,
                                                            std::string name) {
  auto compiled = policy::CompiledPolicy::FromText(
      text, policy::ParseOptions{.kind = policy::PolicyKind::kIdentity}, std::move(name));
  if (!compiled.ok()) {
    // Every stored document was checked when it was stored; one that no longer compiles
    // grants nothing rather than failing every call.
    std::fprintf(stderr, "berth: policy ignored: %s\n", compiled.error().message.c_str());
    return nullptr;
  }
  return std::move(*compiled);
}

std::optional<Denial> ToDenial(const policy::Decision& decision, std::string_view resource) {
  if (decision.allowed()) return std::nullopt;
  Denial denial;
  denial.resource = resource == "*" ? std::string() : std::string(resource);
  if (decision.outcome == policy::Outcome::kExplicitDeny) {
    denial.reason = decision.by == policy::DecidedBy::kResource
                        ? DenialReason::kExplicitDenyInResourcePolicy
                        : DenialReason::kExplicitDenyInIdentityPolicy;
  } else {
    denial.reason = decision.missing == policy::DecidedBy::kResource
                        ? DenialReason::kNoResourcePolicyAllows
                        : DenialReason::kNoIdentityPolicyAllows;
  }
  return denial;
}

// Stands in for a stored policy that no longer compiles, where granting nothing is not enough
// (a session policy only ever takes away).
std::shared_ptr<const policy::CompiledPolicy> DeniesEverything() {
  static const auto kPolicy = policy::CompiledPolicy::FromText(
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]})",
      {}, "session policy");
  return kPolicy.ok() ? *kPolicy : nullptr;
}

}  // namespace

policy::RequestContext PolicyAuthorizer::ContextFor(const pipeline::AccessRequest& request) {
  const auth::Principal& p = request.principal;
  policy::RequestContext context;
  if (!request.source_ip.empty()) context.Set("aws:SourceIp", std::string(request.source_ip));
  context.Set("aws:CurrentTime", timefmt::Iso8601(request.now));
  context.Set("aws:EpochTime", std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                                  request.now.time_since_epoch())
                                                  .count()));
  context.Set("aws:SecureTransport", request.secure_transport ? "true" : "false");
  context.Set("aws:MultiFactorAuthPresent", "false");
  context.Set("aws:PrincipalArn", p.arn);
  context.Set("aws:PrincipalAccount", p.account_id);
  context.Set("aws:userid", p.principal_id);
  if (p.type == auth::PrincipalType::kIamUser) {
    context.Set("aws:username", p.user_name);
    context.Set("aws:PrincipalType", "User");
  } else if (p.type == auth::PrincipalType::kAssumedRole) {
    context.Set("aws:PrincipalType", "AssumedRole");
    // A session is matched by its role's ARN where policies name principals by ARN.
    if (p.role) context.Set("aws:PrincipalArn", p.role->role_arn);
  } else {
    context.Set("aws:PrincipalType", "Account");
  }
  for (const auto& [key, value] : request.service_keys) context.Set(key, value);
  if (request.resource_tags != nullptr) {
    for (const auto& [key, value] : *request.resource_tags) {
      context.Set("aws:ResourceTag/" + key, value);
      if (request.action.rfind("ecr:", 0) == 0) context.Set("ecr:ResourceTag/" + key, value);
    }
  }
  return context;
}

std::shared_ptr<const PolicyAuthorizer::Snapshot> PolicyAuthorizer::Rebuild(
    uint64_t version) const {
  std::lock_guard rebuild(rebuild_mu_);
  {
    // Another caller may have rebuilt while this one waited.
    std::shared_lock lock(mu_);
    if (snapshot_ && snapshot_->version >= version &&
        std::chrono::steady_clock::now() - snapshot_->built < kUnknownUserReload) {
      return snapshot_;
    }
  }
  auto data = store_.LoadPolicyData();
  if (!data.ok()) {
    std::fprintf(stderr, "berth: loading IAM policies: %s\n", data.error().message.c_str());
    std::shared_lock lock(mu_);
    return snapshot_;  // may be null: then every IAM user is refused until the store answers
  }
  auto snapshot = std::make_shared<Snapshot>();
  snapshot->version = version;
  snapshot->built = std::chrono::steady_clock::now();
  // Customer managed policies and groups are compiled once, shared by their users.
  std::unordered_map<std::string, const policy::CompiledPolicy*> customer;
  for (const auto& [arn, document] : data->customer_documents) {
    if (auto compiled = CompileStored(document, arn)) {
      customer.emplace(arn, compiled.get());
      snapshot->owned.push_back(std::move(compiled));
    }
  }
  auto collect = [&](const OwnerPolicies& owner, std::string_view label,
                     std::vector<const policy::CompiledPolicy*>& out) {
    for (const std::string& arn : owner.attached_arns) {
      if (const policy::ManagedPolicy* aws = policy::FindManagedPolicy(arn)) {
        if (aws->compiled) out.push_back(aws->compiled.get());
      } else if (auto it = customer.find(arn); it != customer.end()) {
        out.push_back(it->second);
      }
    }
    for (const InlinePolicy& p : owner.inline_policies) {
      if (auto compiled = CompileStored(p.document, std::string(label) + "/" + p.name)) {
        out.push_back(compiled.get());
        snapshot->owned.push_back(std::move(compiled));
      }
    }
  };
  std::unordered_map<std::string, std::vector<const policy::CompiledPolicy*>> groups;
  for (const auto& [name, owner] : data->groups) collect(owner, "group/" + name, groups[name]);
  for (const auto& [name, owner] : data->roles) {
    collect(owner, "role/" + name, snapshot->roles[name].policies);
  }
  for (const auto& [name, owner] : data->users) {
    UserPolicies& user = snapshot->users[name];
    collect(owner, "user/" + name, user.policies);
    for (const std::string& group : owner.groups) {
      auto it = groups.find(group);
      if (it != groups.end())
        user.policies.insert(user.policies.end(), it->second.begin(), it->second.end());
    }
  }
  std::unique_lock lock(mu_);
  snapshot_ = snapshot;
  return snapshot;
}

std::shared_ptr<const PolicyAuthorizer::Snapshot> PolicyAuthorizer::Current(
    const std::string& user_key) const {
  const uint64_t version = version_.load(std::memory_order_acquire);
  std::shared_ptr<const Snapshot> snapshot;
  {
    std::shared_lock lock(mu_);
    snapshot = snapshot_;
  }
  if (!snapshot || snapshot->version != version) return Rebuild(version);
  if (!user_key.empty() && !snapshot->users.contains(user_key) &&
      std::chrono::steady_clock::now() - snapshot->built >= kUnknownUserReload) {
    return Rebuild(version);
  }
  return snapshot;
}

std::span<const policy::CompiledPolicy* const> PolicyAuthorizer::IdentityPolicies(
    std::string_view account, std::string_view user_name,
    std::shared_ptr<const void>& keep) const {
  const std::string key = OwnerKey(account, user_name);
  std::shared_ptr<const Snapshot> snapshot = Current(key);
  keep = snapshot;
  if (!snapshot) return {};
  auto it = snapshot->users.find(key);
  if (it == snapshot->users.end()) return {};
  return it->second.policies;
}

std::span<const policy::CompiledPolicy* const> PolicyAuthorizer::IdentityOf(
    const auth::Principal& p, std::shared_ptr<const Snapshot>& snapshot) const {
  if (p.type == auth::PrincipalType::kIamUser) {
    const std::string key = OwnerKey(p.account_id, p.user_name);
    snapshot = Current(key);
    if (!snapshot) return {};
    auto it = snapshot->users.find(key);
    if (it != snapshot->users.end()) return it->second.policies;
  } else if (p.type == auth::PrincipalType::kAssumedRole && p.role) {
    // A deleted role's sessions still authenticate until they expire, but may do nothing.
    snapshot = Current({});
    if (!snapshot) return {};
    // The session speaks in its role's account.
    auto it = snapshot->roles.find(OwnerKey(p.account_id, p.role->role_name));
    if (it != snapshot->roles.end()) return it->second.policies;
  }
  return {};
}

std::shared_ptr<const policy::CompiledPolicy> PolicyAuthorizer::SessionPolicy(
    const auth::Principal& p) const {
  if (!p.role || p.role->session_policy.empty()) return nullptr;
  std::lock_guard lock(session_mu_);
  if (auto it = session_policies_.find(p.access_key_id); it != session_policies_.end()) {
    return it->second;
  }
  auto compiled = policy::CompiledPolicy::FromText(
      p.role->session_policy, policy::ParseOptions{.kind = policy::PolicyKind::kIdentity},
      "session policy");
  // Checked when the session was made; one that no longer compiles allows nothing.
  std::shared_ptr<const policy::CompiledPolicy> kept =
      compiled.ok() ? std::move(*compiled) : DeniesEverything();
  if (session_policies_.size() >= 4096) session_policies_.clear();
  session_policies_.emplace(p.access_key_id, kept);
  return kept;
}

namespace {

// AWS's words for a request the session policy does not allow.
Denial SessionPolicyDenial(const pipeline::AccessRequest& request, const policy::Decision& d,
                           std::string_view resource) {
  Denial denial;
  denial.resource = resource == "*" ? std::string() : std::string(resource);
  denial.reason = d.outcome == policy::Outcome::kExplicitDeny
                      ? DenialReason::kExplicitDenyInIdentityPolicy
                      : DenialReason::kNoIdentityPolicyAllows;
  denial.message = "User: " + request.principal.arn +
                   " is not authorized to perform: " + std::string(request.action);
  if (!denial.resource.empty()) denial.message += " on resource: " + denial.resource;
  denial.message += d.outcome == policy::Outcome::kExplicitDeny
                        ? " with an explicit deny in a session policy"
                        : " because no session policy allows the " +
                              std::string(request.action) + " action";
  return denial;
}

}  // namespace

std::optional<Denial> PolicyAuthorizer::Check(const pipeline::AccessRequest& request) const {
  const auth::Principal& p = request.principal;
  // "No permissions are required to perform this operation" (AWS): who am I always answers,
  // even under an explicit deny.
  if (request.action == "sts:GetCallerIdentity") return std::nullopt;
  // Likewise GetSessionToken: the session speaks as its user, with the user's permissions.
  if (request.action == "sts:GetSessionToken") return std::nullopt;
  // Decided by the handler (CheckAssumeRole), which knows the role's trust policy and the
  // call's ExternalId.
  if (request.action == "sts:AssumeRole") return std::nullopt;

  std::shared_ptr<const Snapshot> snapshot;
  std::span<const policy::CompiledPolicy* const> identity = IdentityOf(p, snapshot);
  const std::shared_ptr<const policy::CompiledPolicy> session = SessionPolicy(p);
  const policy::CompiledPolicy* const session_set[] = {session.get()};
  const policy::RequestContext context = ContextFor(request);
  policy::AuthorizationRequest question{
      .action = request.action,
      .resource = "*",
      .caller = {.arn = p.arn,
                 .account_id = p.account_id,
                 .role_arn = p.role ? std::string_view(p.role->role_arn) : std::string_view()},
      .context = &context};
  policy::PolicySet policies{.identity = identity};
  // What the role allows, the session policy must allow too.
  auto decide = [&](std::string_view resource) -> std::optional<Denial> {
    if (auto denial = ToDenial(policy::Evaluate(question, policies), resource)) return denial;
    if (!session) return std::nullopt;
    policy::Decision capped = policy::Evaluate(question, policy::PolicySet{.identity = session_set});
    if (capped.allowed()) return std::nullopt;
    return SessionPolicyDenial(request, capped, resource);
  };
  if (request.resources.empty()) return decide("*");
  for (const pipeline::ResourceRef& resource : request.resources) {
    question.resource = resource.arn;
    std::shared_ptr<const policy::CompiledPolicy> resource_policy =
        resources_ != nullptr ? resources_->Find(resource.arn) : nullptr;
    policies.resource_policy = resource_policy.get();
    // Another account's resource: its policy must grant the caller too (cross-account).
    policies.resource_account = pipeline::ResourceAccount(resource.arn);
    if (auto denial = decide(resource.arn)) return denial;
  }
  return std::nullopt;
}

std::optional<Denial> PolicyAuthorizer::CheckAssumeRole(
    const pipeline::AccessRequest& request, const policy::CompiledPolicy& trust,
    const std::vector<std::pair<std::string, std::string>>& context_keys) const {
  const auth::Principal& p = request.principal;
  const std::string_view role_arn =
      request.resources.empty() ? std::string_view("*") : std::string_view(request.resources[0].arn);
  std::shared_ptr<const Snapshot> snapshot;
  std::span<const policy::CompiledPolicy* const> identity = IdentityOf(p, snapshot);
  policy::RequestContext context = ContextFor(request);
  for (const auto& [key, value] : context_keys) context.Set(key, value);
  const policy::AuthorizationRequest question{
      .action = request.action,
      .resource = role_arn,
      .caller = {.arn = p.arn,
                 .account_id = p.account_id,
                 .role_arn = p.role ? std::string_view(p.role->role_arn) : std::string_view()},
      .context = &context};
  policy::Decision decision =
      policy::EvaluateAssumeRole(question, identity, trust, pipeline::ResourceAccount(role_arn));
  if (decision.allowed()) {
    // A session's own session policy caps what it may assume next (role chaining).
    if (std::shared_ptr<const policy::CompiledPolicy> session = SessionPolicy(p)) {
      const policy::CompiledPolicy* const session_set[] = {session.get()};
      policy::Decision capped =
          policy::Evaluate(question, policy::PolicySet{.identity = session_set});
      if (!capped.allowed()) return SessionPolicyDenial(request, capped, role_arn);
    }
    return std::nullopt;
  }
  // AWS words a refused AssumeRole without a reason: "User: ARN is not authorized to perform:
  // sts:AssumeRole on resource: ROLE".
  Denial denial;
  denial.resource = std::string(role_arn);
  denial.reason = decision.outcome == policy::Outcome::kExplicitDeny
                      ? DenialReason::kExplicitDenyInIdentityPolicy
                      : DenialReason::kNoIdentityPolicyAllows;
  denial.message = "User: " + p.arn + " is not authorized to perform: " +
                   std::string(request.action) + " on resource: " + std::string(role_arn);
  return denial;
}

}  // namespace berth::services::iam
