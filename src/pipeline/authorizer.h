#pragma once
// The authorize stage's question and its answer. After a call is authenticated and before it
// is decoded or handled (or, for a streamed body, before its first byte is accepted), the
// dispatcher asks the Authorizer whether the caller may perform the operation's IAM action
// (`ecr:PutImage`, `s3:GetObject`, …) on the resources the call names. A refusal becomes each
// wire's own AccessDenied (front_end.h) and is recorded like any failed call.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "auth/principal.h"
#include "core/clock.h"
#include "pipeline/operation.h"

namespace berth::pipeline {

// Everything a policy may look at (AWS's request context, as far as berth knows it offline).
struct AccessRequest {
  const auth::Principal& principal;
  std::string_view action;                 // "ecr:PutImage"
  std::span<const ResourceRef> resources;  // what the action is on; empty means "*"
  std::string_view source_ip;              // aws:SourceIp
  bool secure_transport = false;           // aws:SecureTransport (berth serves plain HTTP)
  TimePoint now;                           // aws:CurrentTime
  // The resource's tags when the front-end already holds them (aws:ResourceTag/*); nullptr
  // when not looked up.
  const std::vector<std::pair<std::string, std::string>>* resource_tags = nullptr;
  // The service's own condition keys the call supplies (s3:prefix, …), beside the global ones.
  std::span<const std::pair<std::string, std::string>> service_keys;
};

// Why a request was refused: AWS words each differently.
enum class DenialReason {
  kNoIdentityPolicyAllows,  // implicit deny
  kExplicitDenyInIdentityPolicy,
  kNoResourcePolicyAllows,  // cross-account: the resource's policy names no grant
  kExplicitDenyInResourcePolicy,
};

struct Denial {
  DenialReason reason = DenialReason::kNoIdentityPolicyAllows;
  std::string resource;  // the ARN refused; empty means "*"
  // The whole message when the authorizer words it itself (the policy engine's
  // Decision::DenialMessage, which also covers permissions boundaries); empty: DenialMessage
  // words it from `reason`.
  std::string message;
};

// Decides every call; called from many I/O threads at once, so implementations are
// thread-safe and should not block (compile policies when they change, not per call).
class Authorizer {
 public:
  virtual ~Authorizer() = default;
  // nullopt when the request is allowed.
  virtual std::optional<Denial> Check(const AccessRequest& request) const = 0;
};

// The account a resource ARN names (its fifth field) when that is a 12-digit account id;
// empty for ARNs without one (S3's, AWS managed policies'), which belong to the caller's
// account as far as authorization goes.
std::string_view ResourceAccount(std::string_view arn);

// berth's rule until policies are enforced: every principal of an account may perform every
// action on its own account's resources; another account's are refused (there is no policy
// to grant them), so handlers may trust that a resource of another account the call names
// was authorized.
class AllowAccountPrincipals final : public Authorizer {
 public:
  std::optional<Denial> Check(const AccessRequest& request) const override;
  static const AllowAccountPrincipals& Instance();
};

// AWS's wording: "User: ARN is not authorized to perform: ACTION on resource: RES because no
// identity-based policy allows the ACTION action" (and its variants by reason), or the
// authorizer's own message.
std::string DenialMessage(const AccessRequest& request, const Denial& denial);

}  // namespace berth::pipeline
