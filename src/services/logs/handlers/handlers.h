#pragma once
// CloudWatch Logs' operations: functions of the service, the call and a typed input,
// returning the output (built with api/shapes.h's encoders) or an AWS error. No wire, no SQL,
// no audit.

#include <string>

#include "core/document.h"
#include "core/result.h"
#include "pipeline/operation.h"
#include "services/logs/api/metric_filter_shapes.h"
#include "services/logs/api/query_shapes.h"
#include "services/logs/api/shapes.h"
#include "services/logs/logs_service.h"

namespace berth::services::logs::handlers {

using pipeline::CallContext;

// groups.cc
Result<Document> CreateLogGroup(LogsService& s, CallContext& ctx, const CreateLogGroupInput& in);
Result<Document> DeleteLogGroup(LogsService& s, CallContext& ctx, const GroupNameInput& in);
Result<Document> DescribeLogGroups(LogsService& s, CallContext& ctx,
                                   const DescribeLogGroupsInput& in);
Result<Document> PutRetentionPolicy(LogsService& s, CallContext& ctx,
                                    const PutRetentionPolicyInput& in);
Result<Document> DeleteRetentionPolicy(LogsService& s, CallContext& ctx, const GroupNameInput& in);
Result<Document> PutLogGroupDeletionProtection(LogsService& s, CallContext& ctx,
                                               const PutDeletionProtectionInput& in);

// streams.cc
Result<Document> CreateLogStream(LogsService& s, CallContext& ctx, const StreamRefInput& in);
Result<Document> DeleteLogStream(LogsService& s, CallContext& ctx, const StreamRefInput& in);
Result<Document> DescribeLogStreams(LogsService& s, CallContext& ctx,
                                    const DescribeLogStreamsInput& in);

// tags.cc
Result<Document> TagResource(LogsService& s, CallContext& ctx, const TagResourceInput& in);
Result<Document> UntagResource(LogsService& s, CallContext& ctx, const UntagResourceInput& in);
Result<Document> ListTagsForResource(LogsService& s, CallContext& ctx, const std::string& arn);
Result<Document> TagLogGroup(LogsService& s, CallContext& ctx, const TagLogGroupInput& in);
Result<Document> UntagLogGroup(LogsService& s, CallContext& ctx, const UntagLogGroupInput& in);
Result<Document> ListTagsLogGroup(LogsService& s, CallContext& ctx, const GroupNameInput& in);

// events.cc
Result<Document> PutLogEvents(LogsService& s, CallContext& ctx, const PutLogEventsInput& in);
Result<Document> GetLogEvents(LogsService& s, CallContext& ctx, const GetLogEventsInput& in);

// filter_events.cc
Result<Document> FilterLogEvents(LogsService& s, CallContext& ctx, const FilterLogEventsInput& in);

// queries.cc (Logs Insights)
Result<Document> StartQuery(LogsService& s, CallContext& ctx, const StartQueryInput& in);
Result<Document> GetQueryResults(LogsService& s, CallContext& ctx, const GetQueryResultsInput& in);
Result<Document> StopQuery(LogsService& s, CallContext& ctx, const QueryIdInput& in);
Result<Document> DescribeQueries(LogsService& s, CallContext& ctx, const DescribeQueriesInput& in);

// log_record.cc
Result<Document> GetLogRecord(LogsService& s, CallContext& ctx, const GetLogRecordInput& in);
Result<Document> ListLogGroupsForQuery(LogsService& s, CallContext& ctx,
                                       const ListLogGroupsForQueryInput& in);

// query_definitions.cc
Result<Document> PutQueryDefinition(LogsService& s, CallContext& ctx,
                                    const PutQueryDefinitionInput& in);
Result<Document> DescribeQueryDefinitions(LogsService& s, CallContext& ctx,
                                          const DescribeQueryDefinitionsInput& in);
Result<Document> DeleteQueryDefinition(LogsService& s, CallContext& ctx,
                                       const QueryDefinitionIdInput& in);

// metric_filters.cc
Result<Document> PutMetricFilter(LogsService& s, CallContext& ctx, const PutMetricFilterInput& in);
Result<Document> DescribeMetricFilters(LogsService& s, CallContext& ctx,
                                       const DescribeMetricFiltersInput& in);
Result<Document> DeleteMetricFilter(LogsService& s, CallContext& ctx,
                                    const DeleteMetricFilterInput& in);
Result<Document> TestMetricFilter(LogsService& s, CallContext& ctx,
                                  const TestMetricFilterInput& in);

// The caller's log group a selector names (an ARN of another account names none).
Result<LogGroup> RequireGroup(LogsService& s, const CallContext& ctx, const GroupSelector& group);

}  // namespace berth::services::logs::handlers
