#pragma once
// Stage 3: AWS's policy evaluation logic (reference_policies_evaluation-logic, …_policy-eval-
// denyallow, …-cross-account) over compiled policies:
//   1. an applicable Deny statement in any policy (identity, resource, boundary) → ExplicitDeny;
//   2. a permissions boundary, when the caller has one, must allow the request (unless a
//      resource policy allows it by naming the caller itself) → else ImplicitDeny;
//   3. same account (the resource's account is the caller's): an Allow in an identity-based
//      policy OR in the resource-based policy → Allowed;
//      cross-account: both must allow (the resource policy naming the caller or its account);
//   4. otherwise ImplicitDeny.
// The account's root user is allowed by identity in its own account (no identity policies
// apply to it); a resource policy's Deny still binds it. Anonymous callers have no identity
// side: only a resource policy (Principal "*") can allow them.
//
// Cost: one pass over the statements, action patterns first (lowered once per request),
// resource patterns, principals and conditions only for statements whose actions match; no
// allocation unless a pattern holds policy variables. Thread-safe over shared policies.

#include <span>
#include <string>
#include <string_view>

#include "auth/policy/caller.h"
#include "auth/policy/compiled_policy.h"
#include "auth/policy/request_context.h"

namespace berth::auth::policy {

// One authorization question: may `caller` do `action` on `resource`?
struct AuthorizationRequest {
  std::string_view action;    // "ecr:PutImage" (any case)
  std::string_view resource;  // "arn:aws:ecr:us-east-1:123456789012:repository/app", or "*"
  Caller caller;
  const RequestContext* context = nullptr;  // nullptr: an empty context
};

// The policies that bear on it. Pointers are borrowed for the call.
struct PolicySet {
  // The caller's identity-based policies: user inline + attached, its groups', an assumed
  // role's (and session policies).
  std::span<const CompiledPolicy* const> identity;
  // The resource's policy (ECR repository policy, bucket policy, …), if it has one.
  const CompiledPolicy* resource_policy = nullptr;
  // The account that owns the resource; empty means the caller's own (same-account logic).
  std::string_view resource_account;
  // The caller's permissions boundary, if it has one.
  const CompiledPolicy* permissions_boundary = nullptr;
};

enum class Outcome { kAllowed, kExplicitDeny, kImplicitDeny };

// Which kind of policy decided.
enum class DecidedBy {
  kNone,      // implicit deny: nothing allowed
  kRoot,      // the account's root user, in its own account
  kIdentity,  // an identity-based policy's statement
  kResource,  // the resource-based policy's statement
  kBoundary,  // the permissions boundary (a Deny in it, or no Allow)
};

struct Decision {
  Outcome outcome = Outcome::kImplicitDeny;
  DecidedBy by = DecidedBy::kNone;
  const CompiledPolicy* policy = nullptr;        // the deciding statement's policy, if any
  const CompiledStatement* statement = nullptr;  // the deciding statement, if any
  // For an implicit deny, what was missing: kIdentity (no identity-based policy allows),
  // kResource (cross-account: no resource-based policy allows), kBoundary.
  DecidedBy missing = DecidedBy::kNone;

  bool allowed() const { return outcome == Outcome::kAllowed; }

  // The end of AWS's AccessDenied message: "because no identity-based policy allows the
  // ecr:PutImage action", "with an explicit deny in a resource-based policy", … Empty when
  // allowed.
  std::string Reason(std::string_view action) const;
  // AWS's whole message: "User: ARN is not authorized to perform: ACTION on resource:
  // RESOURCE because …" ("on resource: …" left out when `resource` is empty).
  std::string DenialMessage(std::string_view caller_arn, std::string_view action,
                            std::string_view resource) const;
};

Decision Evaluate(const AuthorizationRequest& request, const PolicySet& policies);

// STS AssumeRole (sts:AssumeRole on the role's ARN): the role's trust policy must allow the
// caller, and a Deny in it or in the caller's identity-based policies wins. When the trust
// policy's allowing statement names the caller itself (its user, role or session ARN) that is
// enough; when it names only the caller's account (or "*"), the account delegates to its
// identity-based policies, which must allow sts:AssumeRole on the role as well. A denial
// missing the trust policy's grant says kResource, one missing the identity grant kIdentity.
// A role of another account (`role_account` set and not the caller's) needs both sides
// whatever the trust policy names: the role's account trusts, the caller's account allows.
Decision EvaluateAssumeRole(const AuthorizationRequest& request,
                            std::span<const CompiledPolicy* const> identity,
                            const CompiledPolicy& trust, std::string_view role_account = {});

}  // namespace berth::auth::policy
