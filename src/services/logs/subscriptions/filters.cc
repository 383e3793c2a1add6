// PutSubscriptionFilter, DescribeSubscriptionFilters, DeleteSubscriptionFilter.
#include <set>

#include "auth/policy/compiled_policy.h"
#include "auth/policy/evaluator.h"
#include "services/logs/filter/filter_pattern.h"
#include "services/logs/model/errors.h"
#include "services/logs/subscriptions/handlers.h"
#include "services/logs/subscriptions/targets.h"

namespace berth::services::logs::subscription_handlers {
namespace {

constexpr char kPutAction[] = "logs:PutSubscriptionFilter";

Error InvalidDestination() {
  // AWS's words when its test message to the destination fails.
  return errors::InvalidParameter(
      "Could not deliver test message to specified destination. Check that the destination is "
      "valid.");
}

// Another account's destination takes subscriptions only when its access policy allows the
// caller logs:PutSubscriptionFilter on it (the caller's own side was authorized by the
// dispatcher on the log group).
Status CheckAccessPolicy(const CallContext& ctx, const Destination& d, std::string_view arn) {
  if (d.account_id == ctx.principal.account_id) return Ok();
  auto denied = [&] {
    return Error{"AccessDeniedException",
                 "User with accountId: " + ctx.principal.account_id +
                     " is not authorized to perform: " + kPutAction + " on resource: " +
                     std::string(arn),
                 400};
  };
  if (!d.access_policy) return denied();
  auth::policy::ParseOptions options;
  options.kind = auth::policy::PolicyKind::kResource;
  auto policy = auth::policy::CompiledPolicy::FromText(*d.access_policy, options, "access policy");
  if (!policy.ok()) return denied();
  auth::policy::AuthorizationRequest request;
  request.action = kPutAction;
  request.resource = arn;
  request.caller.arn = ctx.principal.arn;
  request.caller.account_id = ctx.principal.account_id;
  auth::policy::PolicySet set;
  set.resource_policy = policy->get();
  // No identity side here: with the resource account left as the caller's, the resource
  // policy alone decides (and must be what allowed: not the root user's own-account pass).
  const auth::policy::Decision decision = auth::policy::Evaluate(request, set);
  if (!decision.allowed() || decision.by != auth::policy::DecidedBy::kResource) return denied();
  return Ok();
}

// Refuses a filter whose events would come back into its own log group, directly or through
// other groups' filters: each delivery would be delivered again, without end.
Status CheckNoLoop(LogSubscriptions& s, const LogGroup& source, const LogGroupTarget& first) {
  std::set<std::pair<std::string, std::string>> seen;
  std::vector<LogGroupTarget> pending = {first};
  while (!pending.empty()) {
    LogGroupTarget at = std::move(pending.back());
    pending.pop_back();
    if (at.account == source.account_id && at.name == source.name) {
      return errors::InvalidParameter(
          "The subscription would deliver log group " + source.name +
          "'s events back into it (through log group " + first.name + ").");
    }
    if (!seen.emplace(at.account, at.name).second) continue;
    BERTH_ASSIGN_OR_RETURN(auto group, s.logs().store().GetGroup(at.account, at.name, false));
    if (!group) continue;
    BERTH_ASSIGN_OR_RETURN(auto filters, s.store().ListFilters(group->id, "", "",
                                                               kMaxSubscriptionFiltersPerGroup));
    for (const SubscriptionFilter& f : filters) {
      auto ref = ParseFilterDestination(f.destination_arn);
      if (!ref.ok()) continue;
      BERTH_ASSIGN_OR_RETURN(auto d, s.store().GetDestination(ref->account, ref->name));
      if (!d) continue;
      auto target = ParseTarget(d->target_arn);
      if (!target.ok()) continue;
      if (const auto* next = std::get_if<LogGroupTarget>(&*target)) pending.push_back(*next);
    }
  }
  return Ok();
}

}  // namespace

Result<Document> PutSubscriptionFilter(LogSubscriptions& s, CallContext& ctx,
                                       const PutSubscriptionFilterInput& in) {
  BERTH_ASSIGN_OR_RETURN(LogGroup group, s.logs().RequireGroup(ctx.principal.account_id, in.group));
  BERTH_ASSIGN_OR_RETURN(auto pattern, filter::FilterPattern::Compile(in.pattern));
  (void)pattern;  // compiled to check it; delivery compiles its own
  BERTH_ASSIGN_OR_RETURN(DestinationRef ref, ParseFilterDestination(in.destination_arn));
  BERTH_ASSIGN_OR_RETURN(auto destination, s.store().GetDestination(ref.account, ref.name));
  if (!destination) return InvalidDestination();
  BERTH_RETURN_IF_ERROR(CheckAccessPolicy(ctx, *destination, in.destination_arn));
  BERTH_ASSIGN_OR_RETURN(DeliveryTarget target, ParseTarget(destination->target_arn));
  if (const auto* to = std::get_if<LogGroupTarget>(&target)) {
    BERTH_RETURN_IF_ERROR(CheckNoLoop(s, group, *to));
  }
  SubscriptionFilter f;
  f.group_id = group.id;
  f.name = in.name;
  f.pattern = in.pattern;
  f.destination_arn = in.destination_arn;
  f.role_arn = in.role_arn;
  f.distribution = in.distribution;
  f.apply_on_transformed_logs = in.apply_on_transformed_logs;
  f.created_ms = Millis(ctx.now);
  BERTH_ASSIGN_OR_RETURN(SubscriptionPut put,
                         s.store().PutFilter(f, kMaxSubscriptionFiltersPerGroup));
  switch (put) {
    case SubscriptionPut::kStored: break;
    case SubscriptionPut::kGroupNotFound: return errors::LogGroupNotFound();
    case SubscriptionPut::kLimitExceeded: return errors::LimitExceeded("Resource limit exceeded.");
  }
  s.FiltersChanged();
  return Document::MakeMap();
}

Result<Document> DescribeSubscriptionFilters(LogSubscriptions& s, CallContext& ctx,
                                             const DescribeSubscriptionFiltersInput& in) {
  BERTH_ASSIGN_OR_RETURN(LogGroup group, s.logs().RequireGroup(ctx.principal.account_id, in.group));
  // One more than asked tells whether a next page exists.
  BERTH_ASSIGN_OR_RETURN(std::vector<SubscriptionFilter> found,
                         s.store().ListFilters(group.id, in.prefix, in.after,
                                               static_cast<size_t>(in.limit) + 1));
  const bool more = found.size() > static_cast<size_t>(in.limit);
  if (more) found.pop_back();
  Document list = Document::MakeList();
  for (const SubscriptionFilter& f : found) list.Push(EncodeSubscriptionFilter(f));
  Document out = Document::MakeMap(2);
  out["subscriptionFilters"] = std::move(list);
  if (more) out["nextToken"] = EncodeNameToken(kFiltersTokenKind, found.back().name);
  return out;
}

Result<Document> DeleteSubscriptionFilter(LogSubscriptions& s, CallContext& ctx,
                                          const DeleteSubscriptionFilterInput& in) {
  BERTH_ASSIGN_OR_RETURN(LogGroup group, s.logs().RequireGroup(ctx.principal.account_id, in.group));
  BERTH_ASSIGN_OR_RETURN(bool deleted, s.store().DeleteFilter(group.id, in.name));
  if (!deleted) {
    return Error{"ResourceNotFoundException", "The specified subscription filter does not exist.",
                 400};
  }
  s.FiltersChanged();
  return Document::MakeMap();
}

}  // namespace berth::services::logs::subscription_handlers
