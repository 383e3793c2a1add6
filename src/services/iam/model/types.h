#pragma once
// IAM's entities besides users and access keys (which live in auth::CredentialStore, because
// every signed call reads them): groups, customer managed policies and their versions, policy
// attachments and inline policies.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace berth::services::iam {

// Who a policy is attached to or embedded in.
enum class OwnerKind { kUser, kGroup, kRole };
std::string_view OwnerKindName(OwnerKind kind);  // "user", "group", "role" (as stored)

struct Group {
  std::string name;
  std::string group_id;  // "AGPA…"
  std::string path = "/";
  std::string arn;  // arn:aws:iam::ACCOUNT:group/PATHNAME
  int64_t created_at = 0;
};

// A role: what its trust policy lets principals assume (STS AssumeRole), and what the
// sessions of it may do (its attached and inline policies).
struct Role {
  std::string name;
  std::string role_id;  // "AROA…"
  std::string path = "/";
  std::string arn;  // arn:aws:iam::ACCOUNT:role/PATHNAME
  std::string trust_policy;
  std::string description;
  int64_t max_session_duration = 3600;
  int64_t created_at = 0;
};

// A customer managed policy (AWS managed ones are auth::policy::ManagedPolicies()).
struct CustomerPolicy {
  std::string name;
  std::string policy_id;  // "ANPA…"
  std::string path = "/";
  std::string arn;  // arn:aws:iam::ACCOUNT:policy/PATHNAME
  std::string description;
  int default_version = 1;  // "v1"
  int64_t created_at = 0;
  int64_t updated_at = 0;
  int64_t attachment_count = 0;
};

struct PolicyVersion {
  int version = 1;
  std::string document;
  bool is_default = false;
  int64_t created_at = 0;
};

struct InlinePolicy {
  std::string name;
  std::string document;
};

// What one user, group or role holds, for the authorizer.
struct OwnerPolicies {
  std::vector<InlinePolicy> inline_policies;
  std::vector<std::string> attached_arns;
  std::vector<std::string> groups;  // users only: their groups' OwnerKeys
};

// How PolicyData and the authorizer name a user, group or role: names are unique per account
// only, so the account comes with them ("123456789012/alice").
std::string OwnerKey(std::string_view account, std::string_view name);

// Everything authorization needs, read in one snapshot; every map is keyed by OwnerKey.
struct PolicyData {
  std::map<std::string, OwnerPolicies, std::less<>> users;
  std::map<std::string, OwnerPolicies, std::less<>> groups;
  std::map<std::string, OwnerPolicies, std::less<>> roles;  // what their sessions may do
  std::map<std::string, std::string, std::less<>> customer_documents;  // ARN → default version
};

// A user's or role's tag (TagUser, TagRole). Keys are unique without regard to case.
struct Tag {
  std::string key;
  std::string value;
};

// IAM's quotas (IAM User Guide, "IAM object quotas").
inline constexpr int kMaxPolicyVersions = 5;
inline constexpr int kMaxAttachedPolicies = 10;
inline constexpr int kMaxGroupsPerUser = 10;
inline constexpr int kMaxTags = 50;  // per user or role

std::string VersionId(int version);  // "v3"
// 0 when `id` is not "vN".
int ParseVersionId(std::string_view id);

}  // namespace berth::services::iam
