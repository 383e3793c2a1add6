#include "auth/policy/compiled_policy.h"

namespace berth::auth::policy {
namespace {

constexpr std::string_view kIamArnPrefix = "arn:aws:iam::";

// "arn:aws:iam::123456789012:root" → "123456789012"; anything else → "".
std::string_view RootAccount(std::string_view arn) {
  if (arn.substr(0, kIamArnPrefix.size()) != kIamArnPrefix) return {};
  std::string_view rest = arn.substr(kIamArnPrefix.size());
  if (rest.size() != 17 || rest.substr(12) != ":root") return {};
  return rest.substr(0, 12);
}

CompiledPrincipal CompilePrincipal(const PrincipalSpec& spec) {
  CompiledPrincipal p;
  p.any = spec.any;
  for (const std::string& aws : spec.aws) {
    if (aws == "*") continue;
    if (aws.size() == 12) {
      p.accounts.push_back(aws);
    } else if (std::string_view account = RootAccount(aws); !account.empty()) {
      p.accounts.emplace_back(account);
    } else {
      p.arns.push_back(aws);
    }
  }
  p.services = spec.service;
  return p;
}

}  // namespace

bool CompiledPrincipal::NamesCaller(const Caller& caller) const {
  for (const std::string& arn : arns) {
    if (!caller.arn.empty() && arn == caller.arn) return true;
    if (!caller.role_arn.empty() && arn == caller.role_arn) return true;
  }
  return false;
}

bool CompiledPrincipal::Matches(const Caller& caller) const {
  if (any) return true;
  if (!caller.service.empty()) {
    for (const std::string& service : services) {
      if (service == caller.service) return true;
    }
    return false;
  }
  if (caller.anonymous()) return false;
  for (const std::string& account : accounts) {
    if (account == caller.account_id) return true;
  }
  return NamesCaller(caller);
}

bool CompiledStatement::MatchesAction(std::string_view lower_action) const {
  bool matched = false;
  for (const Glob& pattern : actions) {
    if (pattern.Matches(lower_action)) {
      matched = true;
      break;
    }
  }
  return matched != not_action;
}

bool CompiledStatement::MatchesResource(std::string_view resource,
                                        const RequestContext& context) const {
  if (!has_resource) return true;
  bool matched = false;
  for (const Template& pattern : resources) {
    if (!pattern.has_variables()) {
      matched = pattern.constant_glob().Matches(resource);
    } else {
      auto glob = pattern.ResolveGlob(context);
      matched = glob && glob->Matches(resource);
    }
    if (matched) break;
  }
  return matched != not_resource;
}

bool CompiledStatement::MatchesPrincipal(const Caller& caller) const {
  if (!has_principal) return true;
  return principal.Matches(caller) != not_principal;
}

bool CompiledStatement::MatchesConditions(const RequestContext& context) const {
  for (const CompiledCondition& condition : conditions) {
    if (!condition.Matches(context)) return false;
  }
  return true;
}

Result<std::shared_ptr<const CompiledPolicy>> CompiledPolicy::Compile(
    const PolicyDocument& document, PolicyKind kind, std::string name) {
  auto policy = std::make_shared<CompiledPolicy>();
  policy->name_ = std::move(name);
  policy->kind_ = kind;
  policy->version_ = document.version;
  bool variables = document.variables_enabled();
  for (const Statement& st : document.statements) {
    CompiledStatement c;
    c.index = st.index;
    c.sid = st.sid;
    c.effect = st.effect;
    c.not_action = st.not_action;
    for (const std::string& action : st.actions) {
      c.actions.push_back(Glob::FromPattern(AsciiLower(action)));
    }
    c.has_resource = st.has_resource;
    c.not_resource = st.not_resource;
    for (const std::string& resource : st.resources) {
      c.resources.push_back(Template::Parse(resource, variables));
    }
    c.has_principal = st.has_principal;
    c.not_principal = st.not_principal;
    c.principal = CompilePrincipal(st.principal);
    for (const ConditionClause& clause : st.conditions) {
      BERTH_ASSIGN_OR_RETURN(CompiledCondition condition,
                             CompiledCondition::Compile(clause, variables));
      c.conditions.push_back(std::move(condition));
    }
    policy->statements_.push_back(std::move(c));
  }
  return std::shared_ptr<const CompiledPolicy>(std::move(policy));
}

Result<std::shared_ptr<const CompiledPolicy>> CompiledPolicy::FromText(std::string_view text,
                                                                       const ParseOptions& options,
                                                                       std::string name) {
  BERTH_ASSIGN_OR_RETURN(PolicyDocument document, ParsePolicy(text, options));
  return Compile(document, options.kind, std::move(name));
}

}  // namespace berth::auth::policy
