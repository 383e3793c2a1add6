#include "services/logs/api/operations.h"

#include "services/logs/api/query_shapes.h"
#include "services/logs/api/shapes.h"
#include "services/logs/handlers/handlers.h"
#include "services/logs/model/arn.h"

namespace berth::services::logs {
namespace {

using pipeline::CallContext;
using pipeline::ResourceRef;

constexpr char kLogGroupType[] = "AWS::Logs::LogGroup";

// Decodes the input, then calls the handler with it.
template <class In>
pipeline::Handler Bind(LogsService& s, Result<In> (*decode)(const Document&),
                       Result<Document> (*handler)(LogsService&, CallContext&, const In&)) {
  return [&s, decode, handler](CallContext& ctx, const Document& input) -> Result<Document> {
    BERTH_ASSIGN_OR_RETURN(In in, decode(input));
    return handler(s, ctx, in);
  };
}

// The log group named by logGroupName or logGroupIdentifier, for the audit record.
std::vector<ResourceRef> GroupResource(const CallContext& ctx, const Document& in,
                                       const Document*) {
  for (const char* member : {"logGroupName", "logGroupIdentifier"}) {
    const Document* value = in.Find(member);
    if (value == nullptr || !value->is_string()) continue;
    auto ref = ParseLogGroupIdentifier(value->as_string());
    if (!ref.ok()) return {};
    return {{kLogGroupType, LogGroupArnWithoutStar(ctx.region,
                                                   ref->account.value_or(ctx.principal.account_id),
                                                   ref->name)}};
  }
  return {};
}

// The log groups a query names (logGroupName, logGroupNames or logGroupIdentifiers).
std::vector<ResourceRef> QueryGroupsResource(const CallContext& ctx, const Document& in,
                                             const Document*) {
  std::vector<ResourceRef> out;
  auto add = [&](const Document& value) {
    if (!value.is_string()) return;
    auto ref = ParseLogGroupIdentifier(value.as_string());
    if (!ref.ok()) return;
    out.push_back({kLogGroupType,
                   LogGroupArnWithoutStar(ctx.region,
                                          ref->account.value_or(ctx.principal.account_id),
                                          ref->name)});
  };
  if (const Document* name = in.Find("logGroupName")) add(*name);
  for (const char* member : {"logGroupNames", "logGroupIdentifiers"}) {
    const Document* list = in.Find(member);
    if (list == nullptr || !list->is_list()) continue;
    for (const Document& value : list->as_list()) add(value);
  }
  return out;
}

std::vector<ResourceRef> ArnResource(const CallContext&, const Document& in, const Document*) {
  const Document* arn = in.Find("resourceArn");
  if (arn == nullptr || !arn->is_string()) return {};
  return {{kLogGroupType, arn->as_string()}};
}

// A full PutLogEvents batch is 1 MiB of messages, which JSON escaping can grow several times
// (a control character becomes \u00XX).
constexpr size_t kPutLogEventsLimit = 8 << 20;

}  // namespace

pipeline::ServiceSpec MakeLogsService(LogsService& s, std::vector<pipeline::OperationSpec> more) {
  namespace h = handlers;
  pipeline::ServiceSpec spec;
  spec.name = "logs";
  spec.event_source = "logs.amazonaws.com";
  spec.display_name = "CloudWatch Logs";
  spec.protocol = pipeline::Protocol::kAwsJson11;
  spec.json_target_prefix = "Logs_20140328";
  spec.operations = {
      {.name = "CreateLogGroup",
       .read_only = false,
       .handler = Bind(s, DecodeCreateLogGroup, h::CreateLogGroup),
       .logged_request_fields = {"logGroupName", "kmsKeyId", "tags", "logGroupClass",
                                 "deletionProtectionEnabled"},
       .resources = GroupResource},
      {.name = "DeleteLogGroup",
       .read_only = false,
       .handler = Bind(s, DecodeGroupName, h::DeleteLogGroup),
       .logged_request_fields = {"logGroupName"},
       .resources = GroupResource},
      {.name = "DescribeLogGroups",
       .read_only = true,
       .handler = Bind(s, DecodeDescribeLogGroups, h::DescribeLogGroups),
       .logged_request_fields = {"logGroupNamePrefix", "logGroupNamePattern", "logGroupIdentifiers",
                                 "logGroupClass", "accountIdentifiers", "limit", "nextToken"}},
      {.name = "PutRetentionPolicy",
       .read_only = false,
       .handler = Bind(s, DecodePutRetentionPolicy, h::PutRetentionPolicy),
       .logged_request_fields = {"logGroupName", "retentionInDays"},
       .resources = GroupResource},
      {.name = "DeleteRetentionPolicy",
       .read_only = false,
       .handler = Bind(s, DecodeGroupName, h::DeleteRetentionPolicy),
       .logged_request_fields = {"logGroupName"},
       .resources = GroupResource},
      {.name = "PutLogGroupDeletionProtection",
       .read_only = false,
       .handler = Bind(s, DecodePutDeletionProtection, h::PutLogGroupDeletionProtection),
       .logged_request_fields = {"logGroupIdentifier", "deletionProtectionEnabled"},
       .resources = GroupResource},
      {.name = "CreateLogStream",
       .read_only = false,
       .handler = Bind(s, DecodeStreamRef, h::CreateLogStream),
       .logged_request_fields = {"logGroupName", "logStreamName"},
       .resources = GroupResource},
      {.name = "DeleteLogStream",
       .read_only = false,
       .handler = Bind(s, DecodeStreamRef, h::DeleteLogStream),
       .logged_request_fields = {"logGroupName", "logStreamName"},
       .resources = GroupResource},
      {.name = "DescribeLogStreams",
       .read_only = true,
       .handler = Bind(s, DecodeDescribeLogStreams, h::DescribeLogStreams),
       .logged_request_fields = {"logGroupName", "logGroupIdentifier", "logStreamNamePrefix",
                                 "orderBy", "descending", "limit", "nextToken"},
       .resources = GroupResource},
      {.name = "TagResource",
       .read_only = false,
       .handler = Bind(s, DecodeTagResource, h::TagResource),
       .logged_request_fields = {"resourceArn", "tags"},
       .resources = ArnResource},
      {.name = "UntagResource",
       .read_only = false,
       .handler = Bind(s, DecodeUntagResource, h::UntagResource),
       .logged_request_fields = {"resourceArn", "tagKeys"},
       .resources = ArnResource},
      {.name = "ListTagsForResource",
       .read_only = true,
       .handler = Bind(s, DecodeResourceArn, h::ListTagsForResource),
       .logged_request_fields = {"resourceArn"},
       .resources = ArnResource},
      {.name = "TagLogGroup",
       .read_only = false,
       .handler = Bind(s, DecodeTagLogGroup, h::TagLogGroup),
       .logged_request_fields = {"logGroupName", "tags"},
       .resources = GroupResource},
      {.name = "UntagLogGroup",
       .read_only = false,
       .handler = Bind(s, DecodeUntagLogGroup, h::UntagLogGroup),
       .logged_request_fields = {"logGroupName", "tags"},
       .resources = GroupResource},
      {.name = "ListTagsLogGroup",
       .read_only = true,
       .handler = Bind(s, DecodeGroupName, h::ListTagsLogGroup),
       .logged_request_fields = {"logGroupName"},
       .resources = GroupResource},
      // Messages are payload, never recorded.
      {.name = "PutLogEvents",
       .read_only = false,
       .handler = Bind(s, DecodePutLogEvents, h::PutLogEvents),
       .logged_request_fields = {"logGroupName", "logStreamName"},
       .resources = GroupResource,
       .max_request_bytes = kPutLogEventsLimit},
      {.name = "GetLogEvents",
       .read_only = true,
       .handler = Bind(s, DecodeGetLogEvents, h::GetLogEvents),
       .logged_request_fields = {"logGroupName", "logGroupIdentifier", "logStreamName", "startTime",
                                 "endTime", "limit", "startFromHead", "nextToken"},
       .resources = GroupResource},
      {.name = "FilterLogEvents",
       .read_only = true,
       .handler = Bind(s, DecodeFilterLogEvents, h::FilterLogEvents),
       .logged_request_fields = {"logGroupName", "logGroupIdentifier", "logStreamNames",
                                 "logStreamNamePrefix", "startTime", "endTime", "filterPattern",
                                 "limit", "interleaved", "nextToken"},
       .resources = GroupResource},
      // Metric filters.
      {.name = "PutMetricFilter",
       .read_only = false,
       .handler = Bind(s, DecodePutMetricFilter, h::PutMetricFilter),
       .logged_request_fields = {"logGroupName", "filterName", "filterPattern",
                                 "metricTransformations", "applyOnTransformedLogs"},
       .resources = GroupResource},
      {.name = "DescribeMetricFilters",
       .read_only = true,
       .handler = Bind(s, DecodeDescribeMetricFilters, h::DescribeMetricFilters),
       .logged_request_fields = {"logGroupName", "filterNamePrefix", "metricName",
                                 "metricNamespace", "limit", "nextToken"},
       .resources = GroupResource},
      {.name = "DeleteMetricFilter",
       .read_only = false,
       .handler = Bind(s, DecodeDeleteMetricFilter, h::DeleteMetricFilter),
       .logged_request_fields = {"logGroupName", "filterName"},
       .resources = GroupResource},
      // Messages are payload, never recorded.
      {.name = "TestMetricFilter",
       .read_only = true,
       .handler = Bind(s, DecodeTestMetricFilter, h::TestMetricFilter),
       .logged_request_fields = {"filterPattern"}},
      // Logs Insights.
      {.name = "StartQuery",
       .read_only = true,
       .handler = Bind(s, DecodeStartQuery, h::StartQuery),
       .logged_request_fields = {"queryLanguage", "logGroupName", "logGroupNames",
                                 "logGroupIdentifiers", "startTime", "endTime", "queryString",
                                 "limit"},
       .logged_response_fields = {"queryId"},
       .resources = QueryGroupsResource},
      {.name = "GetQueryResults",
       .read_only = true,
       .handler = Bind(s, DecodeGetQueryResults, h::GetQueryResults),
       .logged_request_fields = {"queryId", "nextToken", "maxItems"}},
      {.name = "StopQuery",
       .read_only = false,
       .handler = Bind(s, DecodeQueryId, h::StopQuery),
       .logged_request_fields = {"queryId"}},
      {.name = "ListLogGroupsForQuery",
       .read_only = true,
       .handler = Bind(s, DecodeListLogGroupsForQuery, h::ListLogGroupsForQuery),
       .logged_request_fields = {"queryId", "nextToken", "maxResults"}},
      // The pointer names an event, never its content: recorded as is.
      {.name = "GetLogRecord",
       .read_only = true,
       .handler = Bind(s, DecodeGetLogRecord, h::GetLogRecord),
       .logged_request_fields = {"logRecordPointer", "unmask"}},
      {.name = "DescribeQueries",
       .read_only = true,
       .handler = Bind(s, DecodeDescribeQueries, h::DescribeQueries),
       .logged_request_fields = {"logGroupName", "status", "maxResults", "nextToken",
                                 "queryLanguage"},
       .resources = GroupResource},
      {.name = "PutQueryDefinition",
       .read_only = false,
       .handler = Bind(s, DecodePutQueryDefinition, h::PutQueryDefinition),
       .logged_request_fields = {"queryLanguage", "name", "queryDefinitionId", "logGroupNames",
                                 "queryString", "clientToken", "parameters"},
       .logged_response_fields = {"queryDefinitionId"}},
      {.name = "DescribeQueryDefinitions",
       .read_only = true,
       .handler = Bind(s, DecodeDescribeQueryDefinitions, h::DescribeQueryDefinitions),
       .logged_request_fields = {"queryLanguage", "queryDefinitionNamePrefix", "maxResults",
                                 "nextToken"}},
      {.name = "DeleteQueryDefinition",
       .read_only = false,
       .handler = Bind(s, DecodeQueryDefinitionId, h::DeleteQueryDefinition),
       .logged_request_fields = {"queryDefinitionId"}},
  };
  for (auto& op : more) spec.operations.push_back(std::move(op));
  return spec;
}

}  // namespace berth::services::logs
