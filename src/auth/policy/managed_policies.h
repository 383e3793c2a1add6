#pragma once
// The AWS managed policies berth has built in, with AWS's documents
// (managed_policy_documents.cc, the one data file), ARN arn:aws:iam::aws:policy/NAME. They are
// parsed and compiled once, on first use, and shared read-only by every thread.

#include <memory>
#include <span>
#include <string_view>

#include "auth/policy/compiled_policy.h"

namespace berth::auth::policy {

struct ManagedPolicy {
  std::string_view name;         // "AmazonEC2ContainerRegistryReadOnly"
  std::string arn;               // "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly"
  std::string_view path;         // "/"
  std::string_view version_id;   // "v3": AWS's default version
  std::string_view create_date;  // ISO 8601, as AWS lists them
  std::string_view update_date;
  std::string_view description;
  std::string_view document;  // the policy document, JSON, as AWS returns it
  std::shared_ptr<const CompiledPolicy> compiled;
};

// Every built-in managed policy, in a fixed order.
std::span<const ManagedPolicy> ManagedPolicies();
// By ARN (arn:aws:iam::aws:policy/NAME) or nullptr.
const ManagedPolicy* FindManagedPolicy(std::string_view arn);

inline constexpr std::string_view kManagedPolicyArnPrefix = "arn:aws:iam::aws:policy/";

namespace internal {
struct ManagedPolicyData {
  const char* name;
  const char* path;
  const char* version_id;
  const char* create_date;
  const char* update_date;
  const char* description;
  const char* document;
};
extern const ManagedPolicyData kManagedPolicyData[];
extern const size_t kManagedPolicyCount;
}  // namespace internal

}  // namespace berth::auth::policy
