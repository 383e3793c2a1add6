#pragma once
// Who is calling: the identity a verified signature (or registry token) resolves to. The
// CloudTrail `userIdentity` is built from it.

#include <string>

namespace berth::auth {

enum class PrincipalType { kRoot, kIamUser };

struct Principal {
  PrincipalType type = PrincipalType::kIamUser;
  std::string account_id;     // 12 digits
  std::string user_name;      // IAM user name; empty for root
  std::string principal_id;   // "AIDA…" for users, the account id for root
  std::string arn;            // arn:aws:iam::<acct>:user/<name> or arn:aws:iam::<acct>:root
  std::string access_key_id;  // the key that signed this call
};

}  // namespace berth::auth
