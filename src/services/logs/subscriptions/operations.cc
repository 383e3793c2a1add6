#include "services/logs/subscriptions/operations.h"

#include "services/logs/model/arn.h"
#include "services/logs/subscriptions/handlers.h"
#include "services/logs/subscriptions/targets.h"

namespace berth::services::logs {
namespace {

using pipeline::CallContext;
using pipeline::ResourceRef;

template <class In>
pipeline::Handler Bind(LogSubscriptions& s, Result<In> (*decode)(const Document&),
                       Result<Document> (*handler)(LogSubscriptions&, CallContext&, const In&)) {
  return [&s, decode, handler](CallContext& ctx, const Document& input) -> Result<Document> {
    BERTH_ASSIGN_OR_RETURN(In in, decode(input));
    return handler(s, ctx, in);
  };
}

// The log group a filter belongs to, for the audit record.
std::vector<ResourceRef> GroupResource(const CallContext& ctx, const Document& in,
                                       const Document*) {
  const Document* name = in.Find("logGroupName");
  if (name == nullptr || !name->is_string()) return {};
  return {{"AWS::Logs::LogGroup",
           LogGroupArnWithoutStar(ctx.region, ctx.principal.account_id, name->as_string())}};
}

std::vector<ResourceRef> DestinationResource(const CallContext& ctx, const Document& in,
                                             const Document*) {
  const Document* name = in.Find("destinationName");
  if (name == nullptr || !name->is_string()) return {};
  return {{"AWS::Logs::Destination",
           DestinationArn(ctx.region, ctx.principal.account_id, name->as_string())}};
}

}  // namespace

std::vector<pipeline::OperationSpec> SubscriptionOperations(LogSubscriptions& s) {
  namespace h = subscription_handlers;
  return {
      // The pattern is the filter's definition, not event content: recorded.
      {.name = "PutSubscriptionFilter",
       .read_only = false,
       .handler = Bind(s, DecodePutSubscriptionFilter, h::PutSubscriptionFilter),
       .logged_request_fields = {"logGroupName", "filterName", "filterPattern", "destinationArn",
                                 "roleArn", "distribution", "applyOnTransformedLogs"},
       .resources = GroupResource},
      {.name = "DescribeSubscriptionFilters",
       .read_only = true,
       .handler = Bind(s, DecodeDescribeSubscriptionFilters, h::DescribeSubscriptionFilters),
       .logged_request_fields = {"logGroupName", "filterNamePrefix", "limit", "nextToken"},
       .resources = GroupResource},
      {.name = "DeleteSubscriptionFilter",
       .read_only = false,
       .handler = Bind(s, DecodeDeleteSubscriptionFilter, h::DeleteSubscriptionFilter),
       .logged_request_fields = {"logGroupName", "filterName"},
       .resources = GroupResource},
      {.name = "PutDestination",
       .read_only = false,
       .handler = Bind(s, DecodePutDestination, h::PutDestination),
       .logged_request_fields = {"destinationName", "targetArn", "roleArn", "tags"},
       .resources = DestinationResource},
      {.name = "PutDestinationPolicy",
       .read_only = false,
       .handler = Bind(s, DecodePutDestinationPolicy, h::PutDestinationPolicy),
       .logged_request_fields = {"destinationName", "accessPolicy", "forceUpdate"},
       .resources = DestinationResource},
      {.name = "DescribeDestinations",
       .read_only = true,
       .handler = Bind(s, DecodeDescribeDestinations, h::DescribeDestinations),
       .logged_request_fields = {"DestinationNamePrefix", "limit", "nextToken"}},
      {.name = "DeleteDestination",
       .read_only = false,
       .handler = Bind(s, DecodeDestinationName, h::DeleteDestination),
       .logged_request_fields = {"destinationName"},
       .resources = DestinationResource},
  };
}

}  // namespace berth::services::logs
