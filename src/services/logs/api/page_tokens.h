#pragma once
// CloudWatch Logs' paging tokens and event ids. All are opaque to clients; a token berth did
// not issue (or issued for another operation) is InvalidParameterException.
//
// Event positions (EventKey) are written as 48 digits: timestamp, block and place, so a
// token names one position for good and two tokens are equal exactly when their positions
// are. GetLogEvents' tokens look like AWS's: "f/<digits>/s" reads forward from after the
// position, "b/<digits>/s" backward from before it.

#include <string>
#include <string_view>

#include "core/result.h"
#include "services/logs/model/query_definition.h"
#include "services/logs/model/types.h"
#include "services/logs/store/logs_store.h"

namespace berth::services::logs {

// AWS's FilteredLogEvent.eventId: unique per event and stable.
std::string EventId(const EventKey& key);

std::string ForwardToken(const EventKey& after);
std::string BackwardToken(const EventKey& before);
struct StreamToken {
  Direction direction = Direction::kForward;
  EventKey key;  // forward: events after it; backward: events before it
};
Result<StreamToken> DecodeStreamToken(std::string_view token);

// FilterLogEvents: the position of the last event looked at.
std::string EncodeFilterToken(const EventKey& last);
Result<EventKey> DecodeFilterToken(std::string_view token);

// DescribeLogGroups: the last name returned.
std::string EncodeGroupsToken(std::string_view last_name);
Result<std::string> DecodeGroupsToken(std::string_view token);

// DescribeLogStreams: the last stream returned, in the listing's order.
std::string EncodeStreamsToken(StreamOrder order, bool descending, const StreamCursor& last);
Result<StreamCursor> DecodeStreamsToken(std::string_view token, StreamOrder order,
                                        bool descending);

// DescribeQueries: the start order (sequence) of the last query returned.
std::string EncodeQueriesToken(uint64_t last_sequence);
Result<uint64_t> DecodeQueriesToken(std::string_view token);

// GetQueryResults: the query and the number of rows already returned.
std::string EncodeResultsToken(std::string_view query_id, size_t offset);
Result<size_t> DecodeResultsToken(std::string_view token, std::string_view query_id);
// ListLogGroupsForQuery: the query and the number of groups already returned.
std::string EncodeQueryGroupsToken(std::string_view query_id, size_t offset);
Result<size_t> DecodeQueryGroupsToken(std::string_view token, std::string_view query_id);

// DescribeQueryDefinitions: the last definition returned (with the prefix asked for).
std::string EncodeDefinitionsToken(std::string_view prefix, const QueryDefinitionCursor& last);
Result<QueryDefinitionCursor> DecodeDefinitionsToken(std::string_view token,
                                                     std::string_view prefix);

// DescribeMetricFilters: the last (filter name, group name) returned. Group names hold no
// '|': the group goes first.
std::string EncodeMetricFiltersToken(const std::pair<std::string, std::string>& last);
Result<std::pair<std::string, std::string>> DecodeMetricFiltersToken(std::string_view token);

}  // namespace berth::services::logs
