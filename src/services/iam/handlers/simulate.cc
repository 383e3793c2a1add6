// SimulatePrincipalPolicy: the authorizer's own decision for a user, each action on each
// resource, with the statement that decided it (the console's "why was I denied").
#include "auth/policy/evaluator.h"
#include "services/iam/authorizer/policy_authorizer.h"
#include "services/iam/handlers/handlers.h"
#include "services/iam/handlers/params.h"
#include "services/iam/model/errors.h"

namespace berth::services::iam::handlers {
namespace {

namespace policy = auth::policy;

std::vector<std::string> Strings(const Document& in, std::string_view name) {
  std::vector<std::string> out;
  const Document* list = in.is_map() ? in.Find(name) : nullptr;
  if (list == nullptr || !list->is_list()) return out;
  for (const Document& item : list->as_list())
    if (item.is_string()) out.push_back(item.as_string());
  return out;
}

std::string_view DecisionName(const policy::Decision& d) {
  switch (d.outcome) {
    case policy::Outcome::kAllowed:
      return "allowed";
    case policy::Outcome::kExplicitDeny:
      return "explicitDeny";
    case policy::Outcome::kImplicitDeny:
      break;
  }
  return "implicitDeny";
}

// IAM's SourcePolicyType for the policy a statement came from.
std::string_view PolicyType(std::string_view name) {
  if (name.rfind("arn:aws:iam::aws:policy/", 0) == 0) return "aws-managed";
  if (name.rfind("arn:aws:iam::", 0) == 0) return "user-managed";
  if (name.rfind("group/", 0) == 0) return "group";
  if (name.rfind("user/", 0) == 0) return "user";
  return "resource";
}

}  // namespace

Result<Document> SimulatePrincipalPolicy(IamService& s, CallContext& ctx, const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string source, Required(in, "PolicySourceArn"));
  const std::vector<std::string> actions = Strings(in, "ActionNames");
  if (actions.empty()) {
    return errors::Validation(
        "1 validation error detected: Value null at 'actionNames' failed "
        "to satisfy constraint: Member must not be null");
  }
  std::vector<std::string> resources = Strings(in, "ResourceArns");
  if (resources.empty()) resources.push_back("*");
  // Users only: a group's or role's ARN is not a caller berth can simulate yet.
  const size_t at = source.find(":user/");
  if (at == std::string::npos || s.authorizer() == nullptr) {
    return errors::InvalidInput("Invalid ARN " + source +
                                ": only IAM users can be simulated by berth.");
  }
  const std::string user_name = source.substr(source.rfind('/') + 1);
  BERTH_ASSIGN_OR_RETURN(auth::User user, s.credentials().GetUser(user_name));

  std::shared_ptr<const policy::CompiledPolicy> resource_policy;
  if (auto text = Optional(in, "ResourcePolicy")) {
    BERTH_ASSIGN_OR_RETURN(
        resource_policy,
        policy::CompiledPolicy::FromText(
            *text, policy::ParseOptions{.kind = policy::PolicyKind::kResource}, "resource policy"));
  }
  auth::Principal principal;
  principal.type = auth::PrincipalType::kIamUser;
  principal.account_id = user.account_id;
  principal.user_name = user.name;
  principal.principal_id = user.user_id;
  principal.arn = user.arn;
  std::shared_ptr<const void> keep;
  auto identity = s.authorizer()->IdentityPolicies(user.name, keep);
  policy::RequestContext context = PolicyAuthorizer::ContextFor(pipeline::AccessRequest{
      .principal = principal, .action = "", .source_ip = ctx.source_ip, .now = ctx.now});
  if (const Document* entries = in.is_map() ? in.Find("ContextEntries") : nullptr;
      entries != nullptr && entries->is_list()) {
    for (const Document& entry : entries->as_list()) {
      auto key = Optional(entry, "ContextKeyName");
      if (!key) continue;
      context.Remove(*key);
      for (std::string& value : Strings(entry, "ContextKeyValues")) context.Add(*key, value);
    }
  }

  Document results = Document::MakeList();
  for (const std::string& action : actions) {
    for (const std::string& resource : resources) {
      const policy::AuthorizationRequest question{
          .action = action,
          .resource = resource,
          .caller = {.arn = principal.arn, .account_id = principal.account_id},
          .context = &context};
      const policy::Decision decision = policy::Evaluate(
          question,
          policy::PolicySet{.identity = identity, .resource_policy = resource_policy.get()});
      Document result = Document::MakeMap();
      result["EvalActionName"] = action;
      result["EvalResourceName"] = resource;
      result["EvalDecision"] = std::string(DecisionName(decision));
      Document matched = Document::MakeList();
      if (decision.policy != nullptr && decision.statement != nullptr) {
        Document statement = Document::MakeMap();
        statement["SourcePolicyId"] = decision.policy->name();
        statement["SourcePolicyType"] = std::string(PolicyType(decision.policy->name()));
        matched.Push(std::move(statement));
      }
      result["MatchedStatements"] = std::move(matched);
      results.Push(std::move(result));
    }
  }
  Document out = Document::MakeMap();
  out["EvaluationResults"] = std::move(results);
  out["IsTruncated"] = false;
  return out;
}

}  // namespace berth::services::iam::handlers
