#include "auth/policy/managed_policies.h"

#include <cstdio>
#include <cstdlib>
#include <vector>

namespace berth::auth::policy {
namespace {

std::vector<ManagedPolicy> Build() {
  std::vector<ManagedPolicy> policies;
  policies.reserve(internal::kManagedPolicyCount);
  for (size_t i = 0; i < internal::kManagedPolicyCount; ++i) {
    const internal::ManagedPolicyData& d = internal::kManagedPolicyData[i];
    ManagedPolicy p{d.name,        std::string(kManagedPolicyArnPrefix) + d.name,
                    d.path,        d.version_id,
                    d.create_date, d.update_date,
                    d.description, d.document,
                    nullptr};
    auto compiled = CompiledPolicy::FromText(
        p.document, ParseOptions{PolicyKind::kIdentity, /*require_current_version=*/true}, p.arn);
    if (!compiled.ok()) {
      // Built-in data, fixed at build time and checked by the unit tests: not untrusted input.
      std::fprintf(stderr, "built-in managed policy %s does not compile: %s\n", d.name,
                   compiled.error().message.c_str());
      std::abort();
    }
    p.compiled = std::move(compiled).value();
    policies.push_back(std::move(p));
  }
  return policies;
}

const std::vector<ManagedPolicy>& Catalog() {
  static const std::vector<ManagedPolicy> catalog = Build();  // thread-safe, once
  return catalog;
}

}  // namespace

std::span<const ManagedPolicy> ManagedPolicies() { return Catalog(); }

const ManagedPolicy* FindManagedPolicy(std::string_view arn) {
  for (const ManagedPolicy& p : Catalog()) {
    if (p.arn == arn) return &p;
  }
  return nullptr;
}

}  // namespace berth::auth::policy
