#pragma once
// IAM's policy size quotas (IAM User Guide, "IAM and AWS STS quotas"), for the IAM service to
// check before it stores a document. IAM counts characters and leaves white space out, so a
// pretty-printed document is measured like its compact form.
//
//   managed policy (CreatePolicy, CreatePolicyVersion)      6,144 each
//   a user's inline policies (PutUserPolicy)                 2,048 together
//   a group's inline policies (PutGroupPolicy)               5,120 together
//   a role's inline policies (PutRolePolicy)                10,240 together
//   a role's trust policy (CreateRole, UpdateAssumeRolePolicy)  2,048
// Resource policies have their services' own limits: an ECR repository policy 10,240
// characters (SetRepositoryPolicy's policyText), an S3 bucket policy 20 KB, a CloudWatch Logs
// resource policy 5,120 characters.

#include <cstddef>
#include <string_view>

#include "core/result.h"

namespace berth::auth::policy {

inline constexpr size_t kManagedPolicyMaxSize = 6'144;
inline constexpr size_t kUserInlinePoliciesMaxSize = 2'048;
inline constexpr size_t kGroupInlinePoliciesMaxSize = 5'120;
inline constexpr size_t kRoleInlinePoliciesMaxSize = 10'240;
inline constexpr size_t kTrustPolicyMaxSize = 2'048;
inline constexpr size_t kEcrRepositoryPolicyMaxSize = 10'240;
inline constexpr size_t kS3BucketPolicyMaxSize = 20 * 1024;
inline constexpr size_t kLogsResourcePolicyMaxSize = 5'120;

// Characters (UTF-8 code points) of `document` that are not white space.
size_t PolicySize(std::string_view document);

enum class InlineOwner { kUser, kGroup, kRole };

// LimitExceeded (409) "Cannot exceed quota for PolicySize: 6144" when `document` is too big.
Status CheckManagedPolicySize(std::string_view document);
// LimitExceeded (409) "Maximum policy size of 2048 bytes exceeded for user NAME" when the
// owner's inline policies, `total_size` together (PolicySize of each, the new one included),
// are over its quota.
Status CheckInlinePoliciesSize(InlineOwner owner, std::string_view owner_name, size_t total_size);
// LimitExceeded (409) "Cannot exceed quota for ACLSizePerRole: 2048".
Status CheckTrustPolicySize(std::string_view document);

}  // namespace berth::auth::policy
