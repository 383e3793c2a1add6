#pragma once
// Stage 1: policy text → PolicyDocument, with IAM's checks of the document's shape. Condition
// values (numbers, dates, addresses) are checked when compiled (compile.h).
//
// Errors (all MalformedPolicyDocument, 400):
//   "Syntax errors in policy. <what> at line L, column C."  the text is not JSON
//   "Syntax errors in policy. <detail>"    not a policy's shape: an unknown or repeated element,
//                                          a wrong type, Action with NotAction, a bad Effect, an
//                                          unknown condition operator, no Statement
//   "Policy document must be version 2012-10-17 or greater."  (require_current_version)
//   "Policy document should not specify a principal."         (identity policies)
//   "Statement IDs (SID) in a single policy must be unique."
//   "Statement IDs (SID) must be alpha-numeric. …"            (identity policies)
//   "Policy statement must contain actions." / "… must contain resources."
//   "Missing required field Principal." / "Has prohibited field Resource."  (resource / trust)
//   "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."
//   "Actions/Condition can contain only one colon." / "Vendor X is not valid"
//   "Resource X must be in ARN format or \"*\"."
//   "Invalid principal in policy: \"AWS\":\"X\""
// A resource policy's statements may leave Resource out (ECR: the repository the policy is on);
// a service whose policies must name it (S3 bucket policies) checks `has_resource` itself.
// Never throws; any input, however hostile, is a document or one of these errors.

#include <string_view>

#include "auth/policy/ast.h"
#include "core/result.h"

namespace berth::auth::policy {

struct ParseOptions {
  PolicyKind kind = PolicyKind::kIdentity;
  // CreatePolicy and CreatePolicyVersion (managed policies) refuse the 2008 language version
  // and a document without one; inline and resource policies accept both.
  bool require_current_version = false;
};

Result<PolicyDocument> ParsePolicy(std::string_view text, const ParseOptions& options = {});

}  // namespace berth::auth::policy
