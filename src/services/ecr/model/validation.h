#pragma once
// ECR's input rules: repository names, tags, digests and policy documents.

#include <string_view>

#include "core/result.h"

namespace berth::services::ecr {

// (?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*, 2–256 characters.
bool IsValidRepositoryName(std::string_view name);
// The OCI tag grammar [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}.
bool IsValidImageTag(std::string_view tag);

// InvalidParameterException unless the name is valid.
Status CheckRepositoryName(std::string_view name);
// A repository policy: a JSON object with a Statement (object or array). Errors:
// InvalidParameterException naming the problem.
Status CheckRepositoryPolicy(std::string_view text);
// A registry policy: an IAM resource policy document (Principal required) the policy engine
// compiles. Errors: InvalidParameterException naming the problem.
Status CheckRegistryPolicy(std::string_view text);
// A lifecycle policy as ECR validates it (ParseLifecyclePolicy, model/lifecycle_policy.h).
Status CheckLifecyclePolicy(std::string_view text);

}  // namespace berth::services::ecr
