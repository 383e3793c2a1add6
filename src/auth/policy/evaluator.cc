#include "auth/policy/evaluator.h"

namespace berth::auth::policy {
namespace {

// The statements of one policy that apply to the request: the first Deny and the first Allow.
struct Applicable {
  const CompiledStatement* deny = nullptr;
  const CompiledStatement* allow = nullptr;
};

struct Question {
  std::string_view lower_action;
  std::string_view resource;
  const Caller& caller;
  const RequestContext& context;
};

Applicable Match(const CompiledPolicy& policy, const Question& q) {
  Applicable found;
  for (const CompiledStatement& st : policy.statements()) {
    // An Allow once found need not be found again; a Deny ends the search.
    if (st.effect == Effect::kAllow && found.allow) continue;
    if (!st.MatchesAction(q.lower_action)) continue;
    if (!st.MatchesResource(q.resource, q.context)) continue;
    if (!st.MatchesPrincipal(q.caller)) continue;
    if (!st.MatchesConditions(q.context)) continue;
    if (st.effect == Effect::kDeny) {
      found.deny = &st;
      return found;
    }
    found.allow = &st;
  }
  return found;
}

// Whether an applicable Allow statement of the resource policy names the caller itself (its
// user, role or session ARN) rather than its account: such a grant is not capped by the
// caller's permissions boundary. Read only on the rare path where the boundary does not allow.
bool ResourceAllowNamesCaller(const CompiledPolicy& policy, const Question& q) {
  for (const CompiledStatement& st : policy.statements()) {
    if (st.effect != Effect::kAllow || !st.has_principal || st.not_principal) continue;
    if (!st.principal.NamesCaller(q.caller)) continue;
    if (st.MatchesAction(q.lower_action) && st.MatchesResource(q.resource, q.context) &&
        st.MatchesConditions(q.context)) {
      return true;
    }
  }
  return false;
}

Decision Deny(DecidedBy by, const CompiledPolicy* policy, const CompiledStatement* st) {
  return Decision{Outcome::kExplicitDeny, by, policy, st, DecidedBy::kNone};
}

Decision Implicit(DecidedBy missing) {
  return Decision{Outcome::kImplicitDeny, DecidedBy::kNone, nullptr, nullptr, missing};
}

// Actions compare without case: the request's, lowered once (on the stack when it fits).
class LowerAction {
 public:
  explicit LowerAction(std::string_view action) {
    if (action.size() <= sizeof(buffer_)) {
      for (size_t i = 0; i < action.size(); ++i) {
        char c = action[i];
        buffer_[i] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
      }
      lower_ = std::string_view(buffer_, action.size());
    } else {
      heap_ = AsciiLower(action);
      lower_ = heap_;
    }
  }
  LowerAction(const LowerAction&) = delete;
  LowerAction& operator=(const LowerAction&) = delete;
  std::string_view view() const { return lower_; }

 private:
  char buffer_[128];
  std::string heap_;
  std::string_view lower_;
};

const RequestContext& ContextOf(const AuthorizationRequest& request) {
  static const RequestContext kEmpty;
  return request.context ? *request.context : kEmpty;
}

}  // namespace

Decision EvaluateAssumeRole(const AuthorizationRequest& request,
                            std::span<const CompiledPolicy* const> identity,
                            const CompiledPolicy& trust, std::string_view role_account) {
  const LowerAction lower(request.action);
  Question q{lower.view(), request.resource, request.caller, ContextOf(request)};
  const CompiledPolicy* identity_allow_policy = nullptr;
  const CompiledStatement* identity_allow = nullptr;
  for (const CompiledPolicy* policy : identity) {
    Applicable a = Match(*policy, q);
    if (a.deny) return Deny(DecidedBy::kIdentity, policy, a.deny);
    if (a.allow && !identity_allow) {
      identity_allow = a.allow;
      identity_allow_policy = policy;
    }
  }
  Applicable trusted = Match(trust, q);
  if (trusted.deny) return Deny(DecidedBy::kResource, &trust, trusted.deny);
  if (!trusted.allow) return Implicit(DecidedBy::kResource);
  // A trust policy naming the caller itself grants on its own; one naming the caller's
  // account (or "*") delegates to the account's identity-based policies.
  const bool same_account = role_account.empty() || role_account == request.caller.account_id;
  if (same_account && ResourceAllowNamesCaller(trust, q)) {
    return Decision{Outcome::kAllowed, DecidedBy::kResource, &trust, trusted.allow,
                    DecidedBy::kNone};
  }
  if (!identity_allow) return Implicit(DecidedBy::kIdentity);
  return Decision{Outcome::kAllowed, DecidedBy::kIdentity, identity_allow_policy, identity_allow,
                  DecidedBy::kNone};
}

Decision Evaluate(const AuthorizationRequest& request, const PolicySet& policies) {
  const LowerAction lower(request.action);
  const RequestContext& context = ContextOf(request);
  Question q{lower.view(), request.resource, request.caller, context};

  const Caller& caller = request.caller;
  bool same_account =
      policies.resource_account.empty() || policies.resource_account == caller.account_id;

  // Identity side: the first Allow, or a Deny (which ends everything).
  const CompiledPolicy* identity_allow_policy = nullptr;
  const CompiledStatement* identity_allow = nullptr;
  if (!caller.anonymous() && !caller.is_root()) {
    for (const CompiledPolicy* policy : policies.identity) {
      Applicable a = Match(*policy, q);
      if (a.deny) return Deny(DecidedBy::kIdentity, policy, a.deny);
      if (a.allow && !identity_allow) {
        identity_allow = a.allow;
        identity_allow_policy = policy;
      }
    }
  }

  Applicable resource;
  if (policies.resource_policy) {
    resource = Match(*policies.resource_policy, q);
    if (resource.deny) return Deny(DecidedBy::kResource, policies.resource_policy, resource.deny);
  }

  Applicable boundary;
  if (policies.permissions_boundary && !caller.is_root()) {
    boundary = Match(*policies.permissions_boundary, q);
    if (boundary.deny) {
      return Deny(DecidedBy::kBoundary, policies.permissions_boundary, boundary.deny);
    }
  }

  if (caller.is_root() && same_account) {
    return Decision{Outcome::kAllowed, DecidedBy::kRoot, nullptr, nullptr, DecidedBy::kNone};
  }
  // A root user acts with its account's full authority: only the other account's resource
  // policy has a say.
  bool identity_allows = identity_allow != nullptr || caller.is_root();

  // A boundary caps identity-based permissions and those a resource policy grants to the
  // caller's account; a resource policy naming the caller itself is not capped.
  if (policies.permissions_boundary && !caller.is_root() && !boundary.allow &&
      !(same_account && resource.allow && ResourceAllowNamesCaller(*policies.resource_policy, q))) {
    return Implicit(DecidedBy::kBoundary);
  }

  // Anonymous callers and AWS services have no identity-based policies here: only the
  // resource's policy can grant them anything.
  if (caller.anonymous() || !caller.service.empty()) {
    if (!resource.allow) return Implicit(DecidedBy::kResource);
    return Decision{Outcome::kAllowed, DecidedBy::kResource, policies.resource_policy,
                    resource.allow, DecidedBy::kNone};
  }
  if (same_account) {
    if (identity_allow) {
      return Decision{Outcome::kAllowed, DecidedBy::kIdentity, identity_allow_policy,
                      identity_allow, DecidedBy::kNone};
    }
    if (resource.allow) {
      return Decision{Outcome::kAllowed, DecidedBy::kResource, policies.resource_policy,
                      resource.allow, DecidedBy::kNone};
    }
    return Implicit(DecidedBy::kIdentity);
  }
  // Cross-account: the resource's account must grant it, and the caller's must allow it.
  if (!resource.allow) return Implicit(DecidedBy::kResource);
  if (!identity_allows) return Implicit(DecidedBy::kIdentity);
  return Decision{Outcome::kAllowed, DecidedBy::kResource, policies.resource_policy, resource.allow,
                  DecidedBy::kNone};
}

std::string Decision::Reason(std::string_view action) const {
  switch (outcome) {
    case Outcome::kAllowed:
      return {};
    case Outcome::kExplicitDeny:
      switch (by) {
        case DecidedBy::kResource:
          return "with an explicit deny in a resource-based policy";
        case DecidedBy::kBoundary:
          return "with an explicit deny in a permissions boundary";
        default:
          return "with an explicit deny in an identity-based policy";
      }
    case Outcome::kImplicitDeny:
      switch (missing) {
        case DecidedBy::kResource:
          return "because no resource-based policy allows the " + std::string(action) + " action";
        case DecidedBy::kBoundary:
          return "because no permissions boundary allows the " + std::string(action) + " action";
        default:
          return "because no identity-based policy allows the " + std::string(action) + " action";
      }
  }
  return {};
}

std::string Decision::DenialMessage(std::string_view caller_arn, std::string_view action,
                                    std::string_view resource) const {
  std::string message =
      "User: " + std::string(caller_arn) + " is not authorized to perform: " + std::string(action);
  if (!resource.empty()) message += " on resource: " + std::string(resource);
  std::string reason = Reason(action);
  if (!reason.empty()) message += " " + reason;
  return message;
}

}  // namespace berth::auth::policy
