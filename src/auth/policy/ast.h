#pragma once
// Stage 1's product: a policy document as written, checked for shape (ParsePolicy) but not yet
// compiled. Strings are kept as written; compile.cc lowers actions, parses condition values and
// policy variables.

#include <string>
#include <vector>

namespace berth::auth::policy {

enum class Effect { kAllow, kDeny };

// What a document is for; it decides which elements must or may appear.
enum class PolicyKind {
  kIdentity,  // attached to a user, group or role, or a permissions boundary: no Principal
  kResource,  // an ECR repository, S3 bucket or Logs resource policy: Principal required
  kTrust,     // a role's trust policy: Principal required, no Resource, sts: actions only
};

// The Principal (or NotPrincipal) element. `"Principal": "*"` is `any`.
struct PrincipalSpec {
  bool any = false;
  std::vector<std::string> aws;  // "*", account ids, arn:aws:iam::ACCOUNT:root|user/…|role/…
  std::vector<std::string> service;    // "ecr.amazonaws.com"
  std::vector<std::string> federated;  // accepted, matched by nothing berth signs
  std::vector<std::string> canonical_user;
};

// One operator-key pair of a Condition block: `"StringLike": {"s3:prefix": ["a/*", "b/*"]}`.
struct ConditionClause {
  std::string op;                   // as written, e.g. "ForAnyValue:StringLikeIfExists"
  std::string key;                  // as written, e.g. "aws:PrincipalTag/team"
  std::vector<std::string> values;  // JSON strings as they are, numbers and booleans as text
};

struct Statement {
  int index = 0;  // position in the document, from 0
  std::string sid;
  Effect effect = Effect::kAllow;
  bool not_action = false;
  std::vector<std::string> actions;
  bool has_resource = false;  // resource policies may leave it out: the resource they are on
  bool not_resource = false;
  std::vector<std::string> resources;
  bool has_principal = false;
  bool not_principal = false;
  PrincipalSpec principal;
  std::vector<ConditionClause> conditions;
};

struct PolicyDocument {
  std::string version;  // "2012-10-17" or "2008-10-17" (also when left out)
  std::string id;
  std::vector<Statement> statements;

  // Policy variables (${aws:username}) are variables only in the current language version.
  bool variables_enabled() const { return version == "2012-10-17"; }
};

}  // namespace berth::auth::policy
