#pragma once
// Helpers shared by the policy engine's tests: compile a document or fail the test, and ask
// one question of a set of policies.

#include <gtest/gtest.h>

#include <initializer_list>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "auth/policy/compiled_policy.h"
#include "auth/policy/evaluator.h"

namespace berth::auth::policy::testing {

inline std::shared_ptr<const CompiledPolicy> MustCompile(const std::string& text,
                                                         PolicyKind kind = PolicyKind::kIdentity,
                                                         std::string name = "test-policy") {
  auto compiled = CompiledPolicy::FromText(text, ParseOptions{kind, false}, std::move(name));
  EXPECT_TRUE(compiled.ok()) << (compiled.ok() ? "" : compiled.error().message) << "\n" << text;
  if (!compiled.ok()) return nullptr;
  return std::move(compiled).value();
}

// An identity policy of one statement.
inline std::string OneStatement(const std::string& statement_members) {
  return R"({"Version":"2012-10-17","Statement":{)" + statement_members + "}}";
}

inline RequestContext Context(std::initializer_list<std::pair<std::string, std::string>> entries) {
  RequestContext context;
  for (const auto& [key, value] : entries) context.Add(key, value);
  return context;
}

inline constexpr std::string_view kAccount = "111122223333";
inline constexpr std::string_view kUserArn = "arn:aws:iam::111122223333:user/alice";

inline Caller Alice() { return Caller{kUserArn, kAccount, {}, {}}; }

inline Decision Ask(const std::vector<const CompiledPolicy*>& identity, std::string_view action,
                    std::string_view resource, const RequestContext* context = nullptr,
                    Caller caller = Alice()) {
  AuthorizationRequest request{action, resource, caller, context};
  PolicySet set;
  set.identity = identity;
  return Evaluate(request, set);
}

}  // namespace berth::auth::policy::testing
