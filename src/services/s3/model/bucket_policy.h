#pragma once
// Bucket policies as S3 takes them: PutBucketPolicy's checks (the IAM policy language through
// auth/policy, plus S3's own rules: every statement names resources of this bucket and S3
// actions that apply to them), worded as S3 words them (MalformedPolicy, "Policy has invalid
// resource", …), and GetBucketPolicyStatus's "is this policy public".

#include <memory>
#include <string_view>

#include "auth/policy/ast.h"
#include "auth/policy/compiled_policy.h"
#include "core/result.h"

namespace berth::services::s3 {

// The largest policy S3 keeps (20 KB).
inline constexpr size_t kMaxBucketPolicyBytes = 20 * 1024;

// Checks `text` as the policy of `bucket` and compiles it. Errors: MalformedPolicy (400) with
// S3's message; PolicyTooLarge (400) beyond 20 KB.
Result<std::shared_ptr<const auth::policy::CompiledPolicy>> CompileBucketPolicy(
    std::string_view text, std::string_view bucket);

// S3's test for a public policy: an Allow statement for any principal ("*") that no condition
// pins to fixed callers (source IPs narrower than /8, source VPCs or ARNs, principal accounts,
// organisations, user ids).
bool IsPublicPolicy(const auth::policy::PolicyDocument& document);

}  // namespace berth::services::s3
