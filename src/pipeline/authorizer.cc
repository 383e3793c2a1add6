#include "pipeline/authorizer.h"

namespace berth::pipeline {

std::string_view ResourceAccount(std::string_view arn) {
  // arn:PARTITION:SERVICE:REGION:ACCOUNT:…
  size_t at = 0;
  for (int field = 0; field < 4; ++field) {
    at = arn.find(':', at);
    if (at == std::string_view::npos) return {};
    ++at;
  }
  const size_t end = arn.find(':', at);
  if (end == std::string_view::npos) return {};
  const std::string_view account = arn.substr(at, end - at);
  if (account.size() != 12) return {};
  for (char c : account)
    if (c < '0' || c > '9') return {};
  return account;
}

std::optional<Denial> AllowAccountPrincipals::Check(const AccessRequest& request) const {
  for (const ResourceRef& resource : request.resources) {
    const std::string_view account = ResourceAccount(resource.arn);
    if (!account.empty() && account != request.principal.account_id) {
      return Denial{.reason = DenialReason::kNoResourcePolicyAllows, .resource = resource.arn};
    }
  }
  return std::nullopt;
}

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
