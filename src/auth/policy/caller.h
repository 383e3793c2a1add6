#pragma once
// Who makes a request, as a resource policy's Principal sees it. Borrowed views: the caller
// owns the strings for the duration of one evaluation.

#include <string_view>

namespace berth::auth::policy {

struct Caller {
  // arn:aws:iam::ACCOUNT:user/NAME, arn:aws:iam::ACCOUNT:root, or an assumed-role session
  // arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION. Empty for an anonymous request.
  std::string_view arn;
  std::string_view account_id;
  // For an assumed-role session, the role's ARN (arn:aws:iam::ACCOUNT:role/ROLE): a resource
  // policy names roles, not sessions.
  std::string_view role_arn;
  // When an AWS service calls (a service principal such as "logs.amazonaws.com").
  std::string_view service;

  bool anonymous() const { return arn.empty() && service.empty(); }
  // The account's root user: allowed everything in its own account by identity.
  bool is_root() const { return arn.size() >= 5 && arn.substr(arn.size() - 5) == ":root"; }
};

}  // namespace berth::auth::policy
