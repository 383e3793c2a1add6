#include "auth/policy/compiled_policy.h"
#include "auth/policy/size_limits.h"
#include "services/iam/authorizer/policy_authorizer.h"
#include "services/iam/handlers/params.h"
#include "services/sts/handlers/handlers.h"
#include "services/sts/model/errors.h"
#include "services/sts/model/validation.h"

namespace berth::services::sts::handlers {
namespace {

namespace policy = auth::policy;
using iam::handlers::Optional;
using iam::handlers::Required;

// The session policy: an identity-based policy of at most 2,048 characters.
Status CheckSessionPolicy(std::string_view text) {
  if (text.size() > kMaxSessionPolicyChars) return errors::PackedPolicyTooLarge();
  BERTH_RETURN_IF_ERROR(policy::CompiledPolicy::FromText(
      text, policy::ParseOptions{.kind = policy::PolicyKind::kIdentity}, "session policy"));
  return Ok();
}

}  // namespace

Result<Document> AssumeRole(iam::IamService& s, pipeline::CallContext& ctx, const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string role_arn, Required(in, "RoleArn"));
  BERTH_ASSIGN_OR_RETURN(std::string session_name,
                         Required(in, "RoleSessionName"));
  if (role_arn.size() < 20) {
    return errors::Constraint(role_arn, "roleArn",
                              "Member must have length greater than or equal to 20");
  }
  BERTH_RETURN_IF_ERROR(CheckSessionName(session_name));
  const std::optional<std::string> external_id = Optional(in, "ExternalId");
  if (external_id) BERTH_RETURN_IF_ERROR(CheckExternalId(*external_id));
  const std::string session_policy = Optional(in, "Policy").value_or("");
  if (!session_policy.empty()) BERTH_RETURN_IF_ERROR(CheckSessionPolicy(session_policy));
  BERTH_ASSIGN_OR_RETURN(std::chrono::seconds duration,
                         SessionDuration(in, kDefaultRoleSession, kMaxRoleSession));
  if (in.is_map() && in.Find("PolicyArns") != nullptr) {
    return errors::Validation("berth does not support PolicyArns (managed session policies) yet");
  }
  if (in.is_map() && (in.Find("Tags") != nullptr || in.Find("TransitiveTagKeys") != nullptr)) {
    return errors::Validation("berth does not support session tags yet");
  }
  if (Optional(in, "SerialNumber") || Optional(in, "TokenCode")) {
    // berth has no MFA devices: no code can be validated.
    return errors::AccessDenied("MultiFactorAuthentication failed, unable to validate MFA code.");
  }

  const auth::Principal& caller = ctx.principal;
  if (caller.type == auth::PrincipalType::kRoot) {
    return errors::AccessDenied("Roles may not be assumed by root accounts.");
  }
  const auto parts = ParseRoleArn(role_arn);
  if (!parts) return errors::Validation(role_arn + " is invalid");
  // Another account's role may be assumed when its trust policy names the caller's account
  // (or the caller) and the caller's own policies allow sts:AssumeRole on it: both sides,
  // which only the authorizer can tell.
  if (parts->account_id != caller.account_id && s.authorizer() == nullptr) {
    return errors::NotAuthorizedToAssume(caller.arn, role_arn);
  }
  auto found = s.store().GetRole(parts->account_id, parts->name);
  if (!found.ok()) {
    if (found.error().code == "NoSuchEntity") {
      return errors::NotAuthorizedToAssume(caller.arn, role_arn);
    }
    return found.error();
  }
  const iam::Role& role = *found;
  if (role.arn != role_arn) return errors::NotAuthorizedToAssume(caller.arn, role_arn);

  // Role chaining (a role session assuming a role) is limited to an hour.
  if (caller.type == auth::PrincipalType::kAssumedRole && duration > kRoleChainingMax) {
    return errors::Validation(
        "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by "
        "role chaining.");
  }
  if (duration.count() > role.max_session_duration) {
    return errors::Validation(
        "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
  }

  if (const iam::PolicyAuthorizer* authorizer = s.authorizer()) {
    auto trust = policy::CompiledPolicy::FromText(
        role.trust_policy, policy::ParseOptions{.kind = policy::PolicyKind::kTrust},
        "trust policy");
    // A trust policy that no longer compiles trusts nobody.
    if (!trust.ok()) return errors::NotAuthorizedToAssume(caller.arn, role_arn);
    const pipeline::ResourceRef resource{"AWS::IAM::Role", role.arn};
    const pipeline::AccessRequest request{.principal = caller,
                                          .action = "sts:AssumeRole",
                                          .resources = {&resource, 1},
                                          .source_ip = ctx.source_ip,
                                          .now = ctx.now};
    std::vector<std::pair<std::string, std::string>> keys = {
        {"sts:RoleSessionName", session_name}};
    if (external_id) keys.emplace_back("sts:ExternalId", *external_id);
    if (auto denial = authorizer->CheckAssumeRole(request, **trust, keys)) {
      return errors::AccessDenied(std::move(denial->message));
    }
  }

  auth::Principal session;
  session.type = auth::PrincipalType::kAssumedRole;
  // The session acts in the role's account, whoever assumed it.
  session.account_id = parts->account_id;
  session.principal_id = role.role_id + ":" + session_name;
  session.arn = "arn:aws:sts::" + parts->account_id + ":assumed-role/" + role.name + "/" +
                session_name;
  session.role = auth::RoleSession{role.name, role.role_id, role.arn, session_name,
                                   session_policy};
  BERTH_ASSIGN_OR_RETURN(auth::IssuedCredentials issued,
                         s.credentials().sessions().Issue(session, ctx.now, ctx.now + duration));

  Document out = Document::MakeMap();
  out["Credentials"] = CredentialsShape(issued);
  Document user = Document::MakeMap();
  user["AssumedRoleId"] = session.principal_id;
  user["Arn"] = session.arn;
  out["AssumedRoleUser"] = std::move(user);
  if (!session_policy.empty()) {
    // How much of the packed-policy allowance the session policy takes, in percent.
    out["PackedPolicySize"] =
        static_cast<int64_t>(session_policy.size() * 100 / kMaxSessionPolicyChars);
  }
  return out;
}

}  // namespace berth::services::sts::handlers
