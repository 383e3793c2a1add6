#pragma once
// The errors a policy document earns, worded as IAM words them. Every rejected document is
// MalformedPolicyDocument (400) whose message starts with IAM's own sentence ("Syntax errors in
// policy.", "Policy document should not specify a principal.", …); where IAM says no more than
// "Syntax errors in policy." berth adds what and where after it, so a person can fix the
// document (IAM's console shows the same through Access Analyzer). Sizes over a quota are
// LimitExceeded (409) with IAM's wording.

#include <string>
#include <string_view>

#include "core/result.h"

namespace berth::auth::policy {

// MalformedPolicyDocument with `message` exactly.
Error MalformedPolicyDocument(std::string_view message);
// "Syntax errors in policy. <detail>" (just IAM's sentence when `detail` is empty).
Error PolicySyntaxError(std::string_view detail = {});
// "Syntax errors in policy. <what> at line L, column C." (lines and columns count from 1).
Error PolicyJsonError(std::string_view what, int line, int column);

}  // namespace berth::auth::policy
