#include "services/cloudtrail/api/operations.h"

#include "services/cloudtrail/api/trail_shapes.h"
#include "services/cloudtrail/handlers/handlers.h"

namespace berth::services::cloudtrail {
namespace {

using pipeline::CallContext;

template <class In>
pipeline::Handler Bind(CloudTrailService& s, Result<In> (*decode)(const Document&),
                       Result<Document> (*handler)(CloudTrailService&, CallContext&, const In&)) {
  return [&s, decode, handler](CallContext& ctx, const Document& input) -> Result<Document> {
    BERTH_ASSIGN_OR_RETURN(In in, decode(input));
    return handler(s, ctx, in);
  };
}

// The trail a call names (Name, TrailName or a ResourceId ARN), for the audit record.
std::vector<pipeline::ResourceRef> TrailResource(const CallContext& ctx, const Document& in,
                                                 const Document*) {
  for (const char* key : {"Name", "TrailName", "ResourceId"}) {
    const Document* v = in.Find(key);
    if (v == nullptr || !v->is_string()) continue;
    const std::string& name = v->as_string();
    if (name.rfind("arn:", 0) == 0) return {{"AWS::CloudTrail::Trail", name}};
    return {{"AWS::CloudTrail::Trail", "arn:aws:cloudtrail:" + std::string(ctx.region) + ":" +
                                           ctx.principal.account_id + ":trail/" + name}};
  }
  return {};
}

}  // namespace

pipeline::ServiceSpec MakeCloudTrailService(CloudTrailService& s) {
  pipeline::ServiceSpec spec;
  spec.name = "cloudtrail";
  spec.event_source = "cloudtrail.amazonaws.com";
  spec.display_name = "CloudTrail";
  spec.protocol = pipeline::Protocol::kAwsJson11;
  spec.json_target_prefix = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101";
  namespace h = handlers;
  const std::vector<std::string> kName = {"Name"};
  const std::vector<std::string> kTrailSettings = {
      "Name", "S3BucketName", "S3KeyPrefix", "SnsTopicName", "IncludeGlobalServiceEvents",
      "IsMultiRegionTrail", "EnableLogFileValidation", "CloudWatchLogsLogGroupArn",
      "CloudWatchLogsRoleArn", "KmsKeyId", "IsOrganizationTrail", "TagsList"};
  spec.operations = {
      {.name = "LookupEvents",
       .read_only = true,
       .handler = Bind(s, DecodeLookupEvents, h::LookupEvents),
       .logged_request_fields = {"LookupAttributes", "StartTime", "EndTime", "MaxResults",
                                 "EventCategory"}},
      {.name = "CreateTrail",
       .read_only = false,
       .handler = Bind(s, DecodeCreateTrail, h::CreateTrail),
       .logged_request_fields = kTrailSettings,
       .logged_response_fields = {"*"},
       .resources = TrailResource},
      {.name = "UpdateTrail",
       .read_only = false,
       .handler = Bind(s, DecodeUpdateTrail, h::UpdateTrail),
       .logged_request_fields = kTrailSettings,
       .logged_response_fields = {"*"},
       .resources = TrailResource},
      {.name = "DeleteTrail",
       .read_only = false,
       .handler = Bind(s, DecodeTrailName, h::DeleteTrail),
       .logged_request_fields = kName,
       .resources = TrailResource},
      {.name = "GetTrail",
       .read_only = true,
       .handler = Bind(s, DecodeTrailName, h::GetTrail),
       .logged_request_fields = kName,
       .resources = TrailResource},
      {.name = "DescribeTrails",
       .read_only = true,
       .handler = Bind(s, DecodeDescribeTrails, h::DescribeTrails),
       .logged_request_fields = {"trailNameList", "includeShadowTrails"}},
      {.name = "ListTrails", .read_only = true, .handler = Bind(s, DecodeNothing, h::ListTrails)},
      {.name = "GetTrailStatus",
       .read_only = true,
       .handler = Bind(s, DecodeTrailName, h::GetTrailStatus),
       .logged_request_fields = kName,
       .resources = TrailResource},
      {.name = "StartLogging",
       .read_only = false,
       .handler = Bind(s, DecodeTrailName, h::StartLogging),
       .logged_request_fields = kName,
       .resources = TrailResource},
      {.name = "StopLogging",
       .read_only = false,
       .handler = Bind(s, DecodeTrailName, h::StopLogging),
       .logged_request_fields = kName,
       .resources = TrailResource},
      {.name = "PutEventSelectors",
       .read_only = false,
       .handler = Bind(s, DecodePutEventSelectors, h::PutEventSelectors),
       .logged_request_fields = {"TrailName", "EventSelectors", "AdvancedEventSelectors"},
       .logged_response_fields = {"*"},
       .resources = TrailResource},
      {.name = "GetEventSelectors",
       .read_only = true,
       .handler = Bind(s, DecodeTrailNameField, h::GetEventSelectors),
       .logged_request_fields = {"TrailName"},
       .resources = TrailResource},
      {.name = "PutInsightSelectors",
       .read_only = false,
       .handler = Bind(s, DecodePutInsightSelectors, h::PutInsightSelectors),
       .logged_request_fields = {"TrailName", "InsightSelectors"},
       .logged_response_fields = {"*"},
       .resources = TrailResource},
      {.name = "GetInsightSelectors",
       .read_only = true,
       .handler = Bind(s, DecodeGetInsightSelectors, h::GetInsightSelectors),
       .logged_request_fields = {"TrailName"},
       .resources = TrailResource},
      {.name = "AddTags",
       .read_only = false,
       .handler = Bind(s, DecodeAddTags, h::AddTags),
       .logged_request_fields = {"ResourceId", "TagsList"},
       .resources = TrailResource},
      {.name = "RemoveTags",
       .read_only = false,
       .handler = Bind(s, DecodeRemoveTags, h::RemoveTags),
       .logged_request_fields = {"ResourceId", "TagsList"},
       .resources = TrailResource},
      {.name = "ListTags",
       .read_only = true,
       .handler = Bind(s, DecodeListTags, h::ListTags),
       .logged_request_fields = {"ResourceIdList"}},
      {.name = "ListPublicKeys",
       .read_only = true,
       .handler = Bind(s, DecodeListPublicKeys, h::ListPublicKeys),
       .logged_request_fields = {"StartTime", "EndTime"}},
  };
  return spec;
}

}  // namespace berth::services::cloudtrail
