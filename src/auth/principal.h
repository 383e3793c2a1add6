#pragma once
// Who is calling: the identity a verified signature (or registry token) resolves to. The
// CloudTrail `userIdentity` is built from it.

#include <optional>
#include <string>

#include "core/clock.h"

namespace berth::auth {

enum class PrincipalType { kRoot, kIamUser, kAssumedRole };

// The role behind an assumed-role session (STS AssumeRole): whose policies the session acts
// with, and CloudTrail's sessionContext.sessionIssuer.
struct RoleSession {
  std::string role_name;
  std::string role_id;   // "AROA…"
  std::string role_arn;  // arn:aws:iam::<acct>:role/<path><name>
  std::string session_name;
  // AssumeRole's Policy: the session may do only what both it and the role's policies allow.
  // Empty when none was passed.
  std::string session_policy;
};

struct Principal {
  PrincipalType type = PrincipalType::kIamUser;
  std::string account_id;     // 12 digits
  std::string user_name;      // IAM user name; empty for root and assumed roles
  // "AIDA…" for users, the account id for root, "AROA…:<session>" for an assumed role
  std::string principal_id;
  // arn:aws:iam::<acct>:user/<name>, arn:aws:iam::<acct>:root, or
  // arn:aws:sts::<acct>:assumed-role/<role>/<session>
  std::string arn;
  std::string access_key_id;  // the key that signed this call
  // Temporary credentials (STS AssumeRole, GetSessionToken): when the session began and when
  // it ends. Unset for a long-term key.
  std::optional<TimePoint> session_created;
  std::optional<TimePoint> session_expires;
  std::optional<RoleSession> role;  // set for kAssumedRole
};

}  // namespace berth::auth
