#pragma once
// Stage 2: a parsed document compiled once into an immutable, shareable policy: action patterns
// lowered (IAM matches actions without regard to case), resource patterns kept as written
// (resources are case-sensitive) with their policy variables pre-split, condition values
// parsed. Compile when a policy is stored or changed, never per request; a CompiledPolicy is
// read by any number of threads at once.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "auth/policy/ast.h"
#include "auth/policy/caller.h"
#include "auth/policy/condition.h"
#include "auth/policy/parser.h"
#include "auth/policy/request_context.h"
#include "auth/policy/variables.h"
#include "auth/policy/wildcard.h"
#include "core/result.h"

namespace berth::auth::policy {

// A Principal / NotPrincipal element, ready to test a Caller.
struct CompiledPrincipal {
  bool any = false;                   // "*" or {"AWS": "*"}
  std::vector<std::string> accounts;  // "123456789012" or arn:aws:iam::123456789012:root
  std::vector<std::string> arns;      // users, roles (matching their sessions), sessions
  std::vector<std::string> services;

  bool Matches(const Caller& caller) const;
  // Names the caller itself (its user, role or session ARN), not merely its account.
  bool NamesCaller(const Caller& caller) const;
};

struct CompiledStatement {
  int index = 0;
  std::string sid;
  Effect effect = Effect::kAllow;
  bool not_action = false;
  std::vector<Glob> actions;  // lowered
  bool has_resource = false;
  bool not_resource = false;
  std::vector<Template> resources;
  bool has_principal = false;
  bool not_principal = false;
  CompiledPrincipal principal;
  std::vector<CompiledCondition> conditions;

  // `lower_action` must be ASCII lower case ("ecr:batchgetimage").
  bool MatchesAction(std::string_view lower_action) const;
  // A statement without Resource (a resource policy's) applies to the resource it is on.
  bool MatchesResource(std::string_view resource, const RequestContext& context) const;
  bool MatchesPrincipal(const Caller& caller) const;
  bool MatchesConditions(const RequestContext& context) const;
};

class CompiledPolicy {
 public:
  // `name` labels the policy in decisions (a managed policy's ARN, an inline policy's name,
  // "repository policy" …). Errors: MalformedPolicyDocument for a condition value that does
  // not fit its operator (see condition.h).
  static Result<std::shared_ptr<const CompiledPolicy>> Compile(const PolicyDocument& document,
                                                               PolicyKind kind, std::string name);
  // ParsePolicy then Compile: what the IAM service calls to validate and keep a document.
  static Result<std::shared_ptr<const CompiledPolicy>> FromText(std::string_view text,
                                                                const ParseOptions& options,
                                                                std::string name);

  const std::string& name() const { return name_; }
  PolicyKind kind() const { return kind_; }
  const std::string& version() const { return version_; }
  const std::vector<CompiledStatement>& statements() const { return statements_; }

 private:
  std::string name_;
  PolicyKind kind_ = PolicyKind::kIdentity;
  std::string version_;
  std::vector<CompiledStatement> statements_;
};

}  // namespace berth::auth::policy
