#include "services/logs/api/operations.h"

#include "services/logs/api/query_shapes.h"
#include "services/logs/api/shapes.h"
#include "services/logs/handlers/handlers.h"
#include "services/logs/model/arn.h"

namespace berth::services::logs {
namespace {

using pipeline::CallContext;
using pipeline::OperationSpec;
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

constexpr size_t kDefaultLimit = 1 << 20;
// A full PutLogEvents batch is 1 MiB of messages, which JSON escaping can grow several times
// (a control character becomes \u00XX).
constexpr size_t kPutLogEventsLimit = 8 << 20;

OperationSpec Op(std::string name, bool read_only, pipeline::Handler handler,
                 std::vector<std::string> logged_request,
                 pipeline::ResourceFinder resources = GroupResource,
                 size_t max_bytes = kDefaultLimit, std::vector<std::string> logged_response = {}) {
  return OperationSpec{.name = std::move(name),
                       .read_only = read_only,
                       .handler = std::move(handler),
                       .logged_request_fields = std::move(logged_request),
                       .logged_response_fields = std::move(logged_response),
                       .resources = std::move(resources),
                       .max_request_bytes = max_bytes};
}

}  // namespace

pipeline::ServiceSpec MakeLogsService(LogsService& s, std::vector<pipeline::OperationSpec> more) {
  namespace h = handlers;
  pipeline::ServiceSpec spec;
  spec.name = "logs";
  spec.event_source = "logs.amazonaws.com";
  spec.protocol = pipeline::Protocol::kAwsJson11;
  spec.json_target_prefix = "Logs_20140328";
  spec.operations = {
      Op("CreateLogGroup", false, Bind(s, DecodeCreateLogGroup, h::CreateLogGroup),
         {"logGroupName", "kmsKeyId", "tags", "logGroupClass", "deletionProtectionEnabled"}),
      Op("DeleteLogGroup", false, Bind(s, DecodeGroupName, h::DeleteLogGroup), {"logGroupName"}),
      Op("DescribeLogGroups", true, Bind(s, DecodeDescribeLogGroups, h::DescribeLogGroups),
         {"logGroupNamePrefix", "logGroupNamePattern", "logGroupIdentifiers", "logGroupClass",
          "accountIdentifiers", "limit", "nextToken"},
         nullptr),
      Op("PutRetentionPolicy", false, Bind(s, DecodePutRetentionPolicy, h::PutRetentionPolicy),
         {"logGroupName", "retentionInDays"}),
      Op("DeleteRetentionPolicy", false, Bind(s, DecodeGroupName, h::DeleteRetentionPolicy),
         {"logGroupName"}),
      Op("PutLogGroupDeletionProtection", false,
         Bind(s, DecodePutDeletionProtection, h::PutLogGroupDeletionProtection),
         {"logGroupIdentifier", "deletionProtectionEnabled"}),
      Op("CreateLogStream", false, Bind(s, DecodeStreamRef, h::CreateLogStream),
         {"logGroupName", "logStreamName"}),
      Op("DeleteLogStream", false, Bind(s, DecodeStreamRef, h::DeleteLogStream),
         {"logGroupName", "logStreamName"}),
      Op("DescribeLogStreams", true, Bind(s, DecodeDescribeLogStreams, h::DescribeLogStreams),
         {"logGroupName", "logGroupIdentifier", "logStreamNamePrefix", "orderBy", "descending",
          "limit", "nextToken"}),
      Op("TagResource", false, Bind(s, DecodeTagResource, h::TagResource),
         {"resourceArn", "tags"}, ArnResource),
      Op("UntagResource", false, Bind(s, DecodeUntagResource, h::UntagResource),
         {"resourceArn", "tagKeys"}, ArnResource),
      Op("ListTagsForResource", true, Bind(s, DecodeResourceArn, h::ListTagsForResource),
         {"resourceArn"}, ArnResource),
      Op("TagLogGroup", false, Bind(s, DecodeTagLogGroup, h::TagLogGroup),
         {"logGroupName", "tags"}),
      Op("UntagLogGroup", false, Bind(s, DecodeUntagLogGroup, h::UntagLogGroup),
         {"logGroupName", "tags"}),
      Op("ListTagsLogGroup", true, Bind(s, DecodeGroupName, h::ListTagsLogGroup),
         {"logGroupName"}),
      // Messages are payload, never recorded.
      Op("PutLogEvents", false, Bind(s, DecodePutLogEvents, h::PutLogEvents),
         {"logGroupName", "logStreamName"}, GroupResource, kPutLogEventsLimit),
      Op("GetLogEvents", true, Bind(s, DecodeGetLogEvents, h::GetLogEvents),
         {"logGroupName", "logGroupIdentifier", "logStreamName", "startTime", "endTime", "limit",
          "startFromHead", "nextToken"}),
      Op("FilterLogEvents", true, Bind(s, DecodeFilterLogEvents, h::FilterLogEvents),
         {"logGroupName", "logGroupIdentifier", "logStreamNames", "logStreamNamePrefix",
          "startTime", "endTime", "filterPattern", "limit", "interleaved", "nextToken"}),
      // Logs Insights.
      Op("StartQuery", true, Bind(s, DecodeStartQuery, h::StartQuery),
         {"queryLanguage", "logGroupName", "logGroupNames", "logGroupIdentifiers", "startTime",
          "endTime", "queryString", "limit"},
         QueryGroupsResource, kDefaultLimit, {"queryId"}),
      Op("GetQueryResults", true, Bind(s, DecodeGetQueryResults, h::GetQueryResults),
         {"queryId", "nextToken", "maxItems"}, nullptr),
      Op("StopQuery", false, Bind(s, DecodeQueryId, h::StopQuery), {"queryId"}, nullptr),
      Op("ListLogGroupsForQuery", true,
         Bind(s, DecodeListLogGroupsForQuery, h::ListLogGroupsForQuery),
         {"queryId", "nextToken", "maxResults"}, nullptr),
      // The pointer names an event, never its content: recorded as is.
      Op("GetLogRecord", true, Bind(s, DecodeGetLogRecord, h::GetLogRecord),
         {"logRecordPointer", "unmask"}, nullptr),
      Op("DescribeQueries", true, Bind(s, DecodeDescribeQueries, h::DescribeQueries),
         {"logGroupName", "status", "maxResults", "nextToken", "queryLanguage"}),
      Op("PutQueryDefinition", false, Bind(s, DecodePutQueryDefinition, h::PutQueryDefinition),
         {"queryLanguage", "name", "queryDefinitionId", "logGroupNames", "queryString",
          "clientToken", "parameters"},
         nullptr, kDefaultLimit, {"queryDefinitionId"}),
      Op("DescribeQueryDefinitions", true,
         Bind(s, DecodeDescribeQueryDefinitions, h::DescribeQueryDefinitions),
         {"queryLanguage", "queryDefinitionNamePrefix", "maxResults", "nextToken"}, nullptr),
      Op("DeleteQueryDefinition", false,
         Bind(s, DecodeQueryDefinitionId, h::DeleteQueryDefinition), {"queryDefinitionId"},
         nullptr),
  };
  for (auto& op : more) spec.operations.push_back(std::move(op));
  return spec;
}

}  // namespace berth::services::logs
