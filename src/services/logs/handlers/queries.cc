// Logs Insights: StartQuery, GetQueryResults, StopQuery, DescribeQueries over the service's
// QueryRunner.
#include <algorithm>
#include <limits>

#include "services/logs/api/page_tokens.h"
#include "services/logs/handlers/handlers.h"
#include "services/logs/insights/query.h"
#include "services/logs/model/errors.h"

namespace berth::services::logs::handlers {
namespace {

constexpr int64_t kMaxSeconds = std::numeric_limits<int64_t>::max() / 1000 - 1;

// StartQuery's times are whole epoch seconds, both ends included: [start, end + 1 s).
TimePoint SecondsToTime(int64_t seconds) {
  return FromMillis(std::min(seconds, kMaxSeconds) * 1000);
}

}  // namespace

Result<Document> StartQuery(LogsService& s, CallContext& ctx, const StartQueryInput& in) {
  insights::CompileErrorLocation where;
  auto compiled = insights::Compile(in.query_string, &where);
  if (!compiled.ok()) {
    return errors::MalformedQuery(compiled.error().message, where.start_char_offset,
                                  where.end_char_offset);
  }
  const std::string& account = ctx.principal.account_id;
  QueryRequest request;
  for (const GroupSelector& group : in.groups) {
    // Another account's group (named by ARN) is not this caller's to read.
    if ((group.account && *group.account != account)) {
      return errors::QueryLogGroupNotFound(*group.account, group.name);
    }
    BERTH_ASSIGN_OR_RETURN(bool exists, s.LogGroupExists(account, group.name));
    if (!exists) return errors::QueryLogGroupNotFound(account, group.name);
    if (std::find(request.log_groups.begin(), request.log_groups.end(), group.name) ==
        request.log_groups.end()) {
      request.log_groups.push_back(group.name);
    }
  }
  request.account_id = account;
  request.user_arn = ctx.principal.arn;
  request.start = SecondsToTime(in.start_s);
  request.end = SecondsToTime(in.end_s + 1);
  request.query = std::move(compiled).value();
  request.limit = static_cast<size_t>(in.limit.value_or(10'000));
  BERTH_ASSIGN_OR_RETURN(std::string id, s.queries().Start(std::move(request)));
  Document out = Document::MakeMap(1);
  out["queryId"] = std::move(id);
  return out;
}

Result<Document> GetQueryResults(LogsService& s, CallContext& ctx,
                                 const GetQueryResultsInput& in) {
  BERTH_ASSIGN_OR_RETURN(QueryResults results,
                         s.queries().Results(ctx.principal.account_id, in.query_id));
  size_t offset = 0;
  if (in.next_token) {
    BERTH_ASSIGN_OR_RETURN(offset, DecodeResultsToken(*in.next_token, in.query_id));
  }
  // maxItems 0 (the model allows it) asks for nothing in particular: a full page.
  const auto page = static_cast<size_t>(in.max_items.value_or(0) > 0 ? *in.max_items
                                                                     : kMaxResultsPage);
  Document out = EncodeQueryResults(results, offset, page);
  if (offset + page < results.rows->size()) {
    out["nextToken"] = EncodeResultsToken(in.query_id, offset + page);
  }
  return out;
}

Result<Document> StopQuery(LogsService& s, CallContext& ctx, const QueryIdInput& in) {
  BERTH_ASSIGN_OR_RETURN(bool stopped, s.queries().Stop(ctx.principal.account_id, in.query_id));
  Document out = Document::MakeMap(1);
  out["success"] = stopped;
  return out;
}

Result<Document> DescribeQueries(LogsService& s, CallContext& ctx,
                                 const DescribeQueriesInput& in) {
  Document out = Document::MakeMap(2);
  Document queries = Document::MakeList();
  QueryListing listing;
  listing.log_group = in.log_group_name;
  if (in.next_token) {
    BERTH_ASSIGN_OR_RETURN(listing.before_sequence, DecodeQueriesToken(*in.next_token));
  }
  // "Unknown" is a status no query here has.
  if (in.status && *in.status == "Unknown") {
    out["queries"] = std::move(queries);
    return out;
  }
  if (in.status) listing.status = ParseQueryStatus(*in.status);
  const auto limit = static_cast<size_t>(in.max_results);
  listing.limit = limit + 1;  // one more, to know whether a page follows
  std::vector<QuerySummary> found = s.queries().List(ctx.principal.account_id, listing);
  const bool more = found.size() > limit;
  if (more) found.resize(limit);
  for (const QuerySummary& q : found) queries.Push(EncodeQueryInfo(q));
  out["queries"] = std::move(queries);
  if (more) out["nextToken"] = EncodeQueriesToken(found.back().sequence);
  return out;
}

}  // namespace berth::services::logs::handlers
