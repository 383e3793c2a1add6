#include "pipeline/authorizer.h"

namespace berth::pipeline {

const AllowAccountPrincipals& AllowAccountPrincipals::Instance() {
  static const AllowAccountPrincipals instance;
  return instance;
}

std::string DenialMessage(const AccessRequest& request, const Denial& denial) {
  if (!denial.message.empty()) return denial.message;
  std::string message = "User: " + request.principal.arn +
                        " is not authorized to perform: " + std::string(request.action) +
                        " on resource: " + (denial.resource.empty() ? "*" : denial.resource);
  switch (denial.reason) {
    case DenialReason::kNoIdentityPolicyAllows:
      return message + " because no identity-based policy allows the " +
             std::string(request.action) + " action";
    case DenialReason::kExplicitDenyInIdentityPolicy:
      return message + " with an explicit deny in an identity-based policy";
    case DenialReason::kNoResourcePolicyAllows:
      return message + " because no resource-based policy allows the " +
             std::string(request.action) + " action";
    case DenialReason::kExplicitDenyInResourcePolicy:
      return message + " with an explicit deny in a resource-based policy";
  }
  return message;
}

}  // namespace berth::pipeline
