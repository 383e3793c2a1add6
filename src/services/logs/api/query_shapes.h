#pragma once
// Logs Insights' wire shapes (botocore's logs/2014-03-28 model): StartQuery, GetQueryResults,
// StopQuery, DescribeQueries, the query definitions and GetLogRecord — Document → typed
// inputs with AWS's checks, and results → output Documents. StartQuery's times are epoch
// seconds; every other timestamp is epoch milliseconds.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/document.h"
#include "core/result.h"
#include "services/logs/api/shapes.h"
#include "services/logs/model/query_definition.h"
#include "services/logs/query_runner.h"

namespace berth::services::logs {

inline constexpr size_t kMaxQueryLogGroups = 50;
inline constexpr int64_t kMaxQueryLimit = 100'000;
inline constexpr int64_t kMaxResultsPage = 10'000;

struct StartQueryInput {
  // From exactly one of logGroupName, logGroupNames and logGroupIdentifiers.
  std::vector<GroupSelector> groups;
  int64_t start_s = 0;
  int64_t end_s = 0;  // inclusive
  std::string query_string;
  std::optional<int64_t> limit;
};
struct QueryIdInput {
  std::string query_id;
};
struct GetQueryResultsInput {
  std::string query_id;
  std::optional<std::string> next_token;
  std::optional<int64_t> max_items;
};
struct DescribeQueriesInput {
  std::optional<std::string> log_group_name;
  std::optional<std::string> status;  // a QueryStatus name, or "Unknown" (matches nothing)
  int64_t max_results = 1000;
  std::optional<std::string> next_token;
};
struct PutQueryDefinitionInput {
  std::optional<std::string> id;  // set: replace that definition
  std::string name;
  std::string query_string;
  std::vector<std::string> log_group_names;
  std::vector<QueryParameter> parameters;
  std::string client_token;  // empty when none
};
struct DescribeQueryDefinitionsInput {
  std::string prefix;
  int64_t max_results = 1000;
  std::optional<std::string> next_token;
  std::optional<std::string> language;  // only definitions of this query language
};
struct QueryDefinitionIdInput {
  std::string id;
};
struct GetLogRecordInput {
  std::string pointer;
};

// Decoders: SerializationException for wrong types, InvalidParameterException for values
// AWS refuses (SQL and PPL queries among them: berth runs Logs Insights QL only).
Result<StartQueryInput> DecodeStartQuery(const Document& in);
Result<QueryIdInput> DecodeQueryId(const Document& in);
Result<GetQueryResultsInput> DecodeGetQueryResults(const Document& in);
Result<DescribeQueriesInput> DecodeDescribeQueries(const Document& in);
Result<PutQueryDefinitionInput> DecodePutQueryDefinition(const Document& in);
Result<DescribeQueryDefinitionsInput> DecodeDescribeQueryDefinitions(const Document& in);
Result<QueryDefinitionIdInput> DecodeQueryDefinitionId(const Document& in);
Result<GetLogRecordInput> DecodeGetLogRecord(const Document& in);

// GetQueryResults' answer with rows [offset, offset + page) of `results`; nextToken (from
// `next_token`, empty for none) is set by the caller.
Document EncodeQueryResults(const QueryResults& results, size_t offset, size_t page);
Document EncodeQueryInfo(const QuerySummary& query);
Document EncodeQueryDefinition(const QueryDefinition& definition);

}  // namespace berth::services::logs
