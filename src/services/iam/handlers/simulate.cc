// SimulatePrincipalPolicy: the authorizer's own decision for a user, each action on each
// resource, with the statement that decided it (the console's "why was I denied").
// SimulateCustomPolicy: the same evaluation of policies the caller passes in.
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
  if (name.rfind("PolicyInputList.", 0) == 0) return "IAM Policy";
  return "resource";
}

Result<std::vector<std::string>> ActionNames(const Document& in) {
  std::vector<std::string> actions = Strings(in, "ActionNames");
  if (actions.empty()) {
    return errors::Validation(
        "1 validation error detected: Value null at 'actionNames' failed "
        "to satisfy constraint: Member must not be null");
  }
  return actions;
}

Result<std::shared_ptr<const policy::CompiledPolicy>> ResourcePolicy(const Document& in) {
  auto text = Optional(in, "ResourcePolicy");
  if (!text) return std::shared_ptr<const policy::CompiledPolicy>();
  return policy::CompiledPolicy::FromText(
      *text, policy::ParseOptions{.kind = policy::PolicyKind::kResource}, "resource policy");
}

// ContextEntries replace the request context's values of the keys they name.
void AddContextEntries(const Document& in, policy::RequestContext& context) {
  const Document* entries = in.is_map() ? in.Find("ContextEntries") : nullptr;
  if (entries == nullptr || !entries->is_list()) return;
  for (const Document& entry : entries->as_list()) {
    auto key = Optional(entry, "ContextKeyName");
    if (!key) continue;
    context.Remove(*key);
    for (std::string& value : Strings(entry, "ContextKeyValues")) context.Add(*key, value);
  }
}

// Each action on each resource, with the statement that decided it.
Document Simulate(const std::vector<std::string>& actions,
                  const std::vector<std::string>& resources, const auth::Principal& principal,
                  std::span<const policy::CompiledPolicy* const> identity,
                  const policy::CompiledPolicy* resource_policy,
                  const policy::RequestContext& context) {
  Document results = Document::MakeList();
  for (const std::string& action : actions) {
    for (const std::string& resource : resources) {
      const policy::AuthorizationRequest question{
          .action = action,
          .resource = resource,
          .caller = {.arn = principal.arn, .account_id = principal.account_id},
          .context = &context};
      const policy::Decision decision = policy::Evaluate(
          question, policy::PolicySet{.identity = identity, .resource_policy = resource_policy});
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

}  // namespace

Result<Document> SimulatePrincipalPolicy(IamService& s, CallContext& ctx, const Document& in) {
  BERTH_ASSIGN_OR_RETURN(std::string source, Required(in, "PolicySourceArn"));
  BERTH_ASSIGN_OR_RETURN(std::vector<std::string> actions, ActionNames(in));
  std::vector<std::string> resources = Strings(in, "ResourceArns");
  if (resources.empty()) resources.push_back("*");
  // Users only: a group's or role's ARN is not a caller berth can simulate yet.
  const size_t at = source.find(":user/");
  if (at == std::string::npos || s.authorizer() == nullptr) {
    return errors::InvalidInput("Invalid ARN " + source +
                                ": only IAM users can be simulated by berth.");
  }
  const std::string user_name = source.substr(source.rfind('/') + 1);
  BERTH_ASSIGN_OR_RETURN(auth::User user,
                         s.credentials().GetUser(ctx.principal.account_id, user_name));

  BERTH_ASSIGN_OR_RETURN(auto resource_policy, ResourcePolicy(in));
  auth::Principal principal;
  principal.type = auth::PrincipalType::kIamUser;
  principal.account_id = user.account_id;
  principal.user_name = user.name;
  principal.principal_id = user.user_id;
  principal.arn = user.arn;
  std::shared_ptr<const void> keep;
  auto identity = s.authorizer()->IdentityPolicies(user.account_id, user.name, keep);
  policy::RequestContext context = PolicyAuthorizer::ContextFor(pipeline::AccessRequest{
      .principal = principal, .action = "", .source_ip = ctx.source_ip, .now = ctx.now});
  AddContextEntries(in, context);
  return Simulate(actions, resources, principal, identity, resource_policy.get(), context);
}

Result<Document> SimulateCustomPolicy(IamService&, CallContext& ctx, const Document& in) {
  const Document* inputs = in.is_map() ? in.Find("PolicyInputList") : nullptr;
  if (inputs == nullptr || !inputs->is_list() || inputs->as_list().empty()) {
    return errors::Validation(
        "1 validation error detected: Value null at 'policyInputList' failed "
        "to satisfy constraint: Member must not be null");
  }
  BERTH_ASSIGN_OR_RETURN(std::vector<std::string> actions, ActionNames(in));
  std::vector<std::string> resources = Strings(in, "ResourceArns");
  if (resources.empty()) resources.push_back("*");
  // AWS names each input policy by its place in the list.
  std::vector<std::shared_ptr<const policy::CompiledPolicy>> compiled;
  std::vector<const policy::CompiledPolicy*> identity;
  int index = 0;
  for (const Document& text : inputs->as_list()) {
    ++index;
    if (!text.is_string()) continue;
    BERTH_ASSIGN_OR_RETURN(
        auto one, policy::CompiledPolicy::FromText(
                      text.as_string(), policy::ParseOptions{.kind = policy::PolicyKind::kIdentity},
                      "PolicyInputList." + std::to_string(index)));
    identity.push_back(one.get());
    compiled.push_back(std::move(one));
  }
  BERTH_ASSIGN_OR_RETURN(auto resource_policy, ResourcePolicy(in));
  // The caller the policies are evaluated for: CallerArn, else whoever asks.
  auth::Principal principal = ctx.principal;
  if (auto caller = Optional(in, "CallerArn")) {
    principal.arn = *caller;
    principal.user_name = caller->substr(caller->rfind('/') + 1);
  }
  policy::RequestContext context = PolicyAuthorizer::ContextFor(pipeline::AccessRequest{
      .principal = principal, .action = "", .source_ip = ctx.source_ip, .now = ctx.now});
  AddContextEntries(in, context);
  return Simulate(actions, resources, principal, identity, resource_policy.get(), context);
}

}  // namespace berth::services::iam::handlers
