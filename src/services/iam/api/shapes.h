#pragma once
// IAM's output structures (botocore's iam model: User, AccessKey, Group, Policy,
// PolicyVersion, AttachedPolicy), built from berth's types. Policy documents leave IAM
// URL-encoded (RFC 3986), as AWS sends them; the SDKs decode them.

#include <string_view>

#include "auth/credential_store.h"
#include "auth/policy/managed_policies.h"
#include "core/document.h"
#include "services/iam/model/types.h"

namespace berth::services::iam {

Document UserShape(const auth::User& user);
Document AccessKeyMetadataShape(const auth::AccessKeyInfo& key);
Document GroupShape(const Group& group);
// With its trust policy (GetRole, CreateRole, ListRoles all include it).
Document RoleShape(const Role& role);
Document PolicyShape(const CustomerPolicy& policy);
Document ManagedPolicyShape(const auth::policy::ManagedPolicy& policy, int64_t attachments);
Document PolicyVersionShape(const PolicyVersion& version, bool with_document);
Document EncodedPolicyDocument(std::string_view document);
Document EpochSeconds(int64_t seconds);
// {"PolicyName": …, "PolicyArn": …} from an ARN (the name is its last path segment).
Document AttachedPolicyShape(std::string_view arn);

}  // namespace berth::services::iam
