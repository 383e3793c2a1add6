#pragma once
// The wire shapes of subscription filters and destinations (botocore's logs/2014-03-28
// model): PutSubscriptionFilter, DescribeSubscriptionFilters, DeleteSubscriptionFilter,
// PutDestination, PutDestinationPolicy, DescribeDestinations, DeleteDestination, with the
// model's checks worded as AWS words them.

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "core/document.h"
#include "core/result.h"
#include "services/logs/subscriptions/subscription.h"

namespace berth::services::logs {

struct PutSubscriptionFilterInput {
  std::string group;
  std::string name;
  std::string pattern;
  std::string destination_arn;
  std::optional<std::string> role_arn;
  std::string distribution = "ByLogStream";
  bool apply_on_transformed_logs = false;
};
struct DescribeSubscriptionFiltersInput {
  std::string group;
  std::string prefix;
  std::string after;  // from nextToken
  int64_t limit = 50;
};
struct DeleteSubscriptionFilterInput {
  std::string group;
  std::string name;
};
struct PutDestinationInput {
  std::string name;
  std::string target_arn;
  std::string role_arn;
  std::map<std::string, std::string> tags;
};
struct PutDestinationPolicyInput {
  std::string name;
  std::string policy;
};
struct DescribeDestinationsInput {
  std::string prefix;
  std::string after;  // from nextToken
  int64_t limit = 50;
};
struct DestinationNameInput {
  std::string name;
};

Result<PutSubscriptionFilterInput> DecodePutSubscriptionFilter(const Document& in);
Result<DescribeSubscriptionFiltersInput> DecodeDescribeSubscriptionFilters(const Document& in);
Result<DeleteSubscriptionFilterInput> DecodeDeleteSubscriptionFilter(const Document& in);
Result<PutDestinationInput> DecodePutDestination(const Document& in);
Result<PutDestinationPolicyInput> DecodePutDestinationPolicy(const Document& in);
Result<DescribeDestinationsInput> DecodeDescribeDestinations(const Document& in);
Result<DestinationNameInput> DecodeDestinationName(const Document& in);

// The kinds of nextToken the two listings issue (one listing's token is refused by the other).
inline constexpr char kFiltersTokenKind[] = "subscription-filters";
inline constexpr char kDestinationsTokenKind[] = "destinations";

// The nextToken after `last` (a filter or destination name) for listings of `kind`.
std::string EncodeNameToken(std::string_view kind, std::string_view last);

Document EncodeSubscriptionFilter(const SubscriptionFilter& f);
Document EncodeDestination(const Destination& d, std::string_view region);

}  // namespace berth::services::logs
