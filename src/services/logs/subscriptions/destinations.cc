// PutDestination, PutDestinationPolicy, DescribeDestinations, DeleteDestination.
#include "auth/policy/parser.h"
#include "services/logs/model/errors.h"
#include "services/logs/subscriptions/handlers.h"
#include "services/logs/subscriptions/targets.h"

namespace berth::services::logs::subscription_handlers {
namespace {

Error DestinationNotFound() {
  return Error{"ResourceNotFoundException", "The specified destination does not exist.", 400};
}

}  // namespace

Result<Document> PutDestination(LogSubscriptions& s, CallContext& ctx,
                                const PutDestinationInput& in) {
  BERTH_ASSIGN_OR_RETURN(DeliveryTarget target, ParseTarget(in.target_arn));
  // A log group target must exist now: AWS checks its target the same way, by delivering a
  // test message, before it keeps the destination.
  if (const auto* group = std::get_if<LogGroupTarget>(&target)) {
    // Subscribers of other accounts deliver through the destination: its target must be its
    // owner's, or a destination would write into a log group its owner cannot.
    if (group->account != ctx.principal.account_id) {
      return errors::InvalidParameter("The target log group of a destination must belong to "
                                      "the destination's account, " +
                                      ctx.principal.account_id + ".");
    }
    BERTH_ASSIGN_OR_RETURN(bool exists, s.logs().LogGroupExists(group->account, group->name));
    if (!exists) {
      return errors::InvalidParameter("The target log group " + group->name +
                                      " of account " + group->account + " does not exist.");
    }
  }
  Destination d;
  d.account_id = ctx.principal.account_id;
  d.name = in.name;
  d.target_arn = in.target_arn;
  d.role_arn = in.role_arn;
  d.tags = in.tags;
  d.created_ms = Millis(ctx.now);
  BERTH_RETURN_IF_ERROR(s.store().PutDestination(d));
  s.FiltersChanged();  // filters sending there may deliver again
  Document out = Document::MakeMap(1);
  out["destination"] = EncodeDestination(d, ctx.region);
  return out;
}

Result<Document> PutDestinationPolicy(LogSubscriptions& s, CallContext& ctx,
                                      const PutDestinationPolicyInput& in) {
  auth::policy::ParseOptions options;
  options.kind = auth::policy::PolicyKind::kResource;
  auto parsed = auth::policy::ParsePolicy(in.policy, options);
  if (!parsed.ok()) return errors::InvalidParameter(parsed.error().message);
  BERTH_ASSIGN_OR_RETURN(bool found, s.store().SetDestinationPolicy(ctx.principal.account_id,
                                                                    in.name, in.policy));
  if (!found) return DestinationNotFound();
  return Document::MakeMap();
}

Result<Document> DescribeDestinations(LogSubscriptions& s, CallContext& ctx,
                                      const DescribeDestinationsInput& in) {
  // One more than asked tells whether a next page exists.
  BERTH_ASSIGN_OR_RETURN(std::vector<Destination> found,
                         s.store().ListDestinations(ctx.principal.account_id, in.prefix,
                                                    in.after, static_cast<size_t>(in.limit) + 1));
  const bool more = found.size() > static_cast<size_t>(in.limit);
  if (more) found.pop_back();
  Document list = Document::MakeList();
  for (const Destination& d : found) list.Push(EncodeDestination(d, ctx.region));
  Document out = Document::MakeMap(2);
  out["destinations"] = std::move(list);
  if (more) out["nextToken"] = EncodeNameToken(kDestinationsTokenKind, found.back().name);
  return out;
}

Result<Document> DeleteDestination(LogSubscriptions& s, CallContext& ctx,
                                   const DestinationNameInput& in) {
  BERTH_ASSIGN_OR_RETURN(bool deleted,
                         s.store().DeleteDestination(ctx.principal.account_id, in.name));
  if (!deleted) return DestinationNotFound();
  return Document::MakeMap();
}

}  // namespace berth::services::logs::subscription_handlers
