#pragma once
// The subscription filter and destination operations: functions of LogSubscriptions, the
// call and a decoded input, returning the output or an AWS error. No wire, no SQL, no audit.

#include "core/document.h"
#include "core/result.h"
#include "pipeline/operation.h"
#include "services/logs/subscriptions/log_subscriptions.h"
#include "services/logs/subscriptions/shapes.h"

namespace berth::services::logs::subscription_handlers {

using pipeline::CallContext;

// filters.cc
Result<Document> PutSubscriptionFilter(LogSubscriptions& s, CallContext& ctx,
                                       const PutSubscriptionFilterInput& in);
Result<Document> DescribeSubscriptionFilters(LogSubscriptions& s, CallContext& ctx,
                                             const DescribeSubscriptionFiltersInput& in);
Result<Document> DeleteSubscriptionFilter(LogSubscriptions& s, CallContext& ctx,
                                          const DeleteSubscriptionFilterInput& in);

// destinations.cc
Result<Document> PutDestination(LogSubscriptions& s, CallContext& ctx,
                                const PutDestinationInput& in);
Result<Document> PutDestinationPolicy(LogSubscriptions& s, CallContext& ctx,
                                      const PutDestinationPolicyInput& in);
Result<Document> DescribeDestinations(LogSubscriptions& s, CallContext& ctx,
                                      const DescribeDestinationsInput& in);
Result<Document> DeleteDestination(LogSubscriptions& s, CallContext& ctx,
                                   const DestinationNameInput& in);

}  // namespace berth::services::logs::subscription_handlers
