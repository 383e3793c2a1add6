#include "auth/policy/size_limits.h"

#include <string>

namespace berth::auth::policy {
namespace {

Error LimitExceeded(std::string message) { return Error{"LimitExceeded", std::move(message), 409}; }

}  // namespace

size_t PolicySize(std::string_view document) {
  size_t size = 0;
  for (char c : document) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    if ((static_cast<unsigned char>(c) & 0xC0) == 0x80) continue;  // a continuation byte
    ++size;
  }
  return size;
}

Status CheckManagedPolicySize(std::string_view document) {
  if (PolicySize(document) <= kManagedPolicyMaxSize) return Ok();
  return LimitExceeded("Cannot exceed quota for PolicySize: " +
                       std::to_string(kManagedPolicyMaxSize));
}

Status CheckInlinePoliciesSize(InlineOwner owner, std::string_view owner_name, size_t total_size) {
  size_t limit = owner == InlineOwner::kUser    ? kUserInlinePoliciesMaxSize
                 : owner == InlineOwner::kGroup ? kGroupInlinePoliciesMaxSize
                                                : kRoleInlinePoliciesMaxSize;
  if (total_size <= limit) return Ok();
  std::string_view kind = owner == InlineOwner::kUser    ? "user"
                          : owner == InlineOwner::kGroup ? "group"
                                                         : "role";
  return LimitExceeded("Maximum policy size of " + std::to_string(limit) + " bytes exceeded for " +
                       std::string(kind) + " " + std::string(owner_name));
}

Status CheckTrustPolicySize(std::string_view document) {
  if (PolicySize(document) <= kTrustPolicyMaxSize) return Ok();
  return LimitExceeded("Cannot exceed quota for ACLSizePerRole: " +
                       std::to_string(kTrustPolicyMaxSize));
}

}  // namespace berth::auth::policy
