#include "services/cloudtrail/api/operations.h"

#include "services/cloudtrail/api/trail_shapes.h"
#include "services/cloudtrail/handlers/handlers.h"

namespace berth::services::cloudtrail {
namespace {

using pipeline::CallContext;
using pipeline::OperationSpec;

template <class In>
pipeline::Handler Bind(CloudTrailService& s, Result<In> (*decode)(const Document&),
                       Result<Document> (*handler)(CloudTrailService&, CallContext&, const In&)) {
  return [&s, decode, handler](CallContext& ctx, const Document& input) -> Result<Document> {
    BERTH_ASSIGN_OR_RETURN(In in, decode(input));
    return handler(s, ctx, in);
  };
}

OperationSpec Op(std::string name, bool read_only, pipeline::Handler handler,
                 std::vector<std::string> logged_request,
                 std::vector<std::string> logged_response = {},
                 pipeline::ResourceFinder resources = {}) {
  return OperationSpec{.name = std::move(name),
                       .read_only = read_only,
                       .handler = std::move(handler),
                       .logged_request_fields = std::move(logged_request),
                       .logged_response_fields = std::move(logged_response),
                       .resources = std::move(resources)};
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
  spec.protocol = pipeline::Protocol::kAwsJson11;
  spec.json_target_prefix = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101";
  namespace h = handlers;
  const std::vector<std::string> kName = {"Name"};
  const std::vector<std::string> kTrailSettings = {
      "Name", "S3BucketName", "S3KeyPrefix", "SnsTopicName", "IncludeGlobalServiceEvents",
      "IsMultiRegionTrail", "EnableLogFileValidation", "CloudWatchLogsLogGroupArn",
      "CloudWatchLogsRoleArn", "KmsKeyId", "IsOrganizationTrail", "TagsList"};
  spec.operations = {
      Op("LookupEvents", true, Bind(s, DecodeLookupEvents, h::LookupEvents),
         {"LookupAttributes", "StartTime", "EndTime", "MaxResults", "EventCategory"}),
      Op("CreateTrail", false, Bind(s, DecodeCreateTrail, h::CreateTrail), kTrailSettings,
         {"*"}, TrailResource),
      Op("UpdateTrail", false, Bind(s, DecodeUpdateTrail, h::UpdateTrail), kTrailSettings,
         {"*"}, TrailResource),
      Op("DeleteTrail", false, Bind(s, DecodeTrailName, h::DeleteTrail), kName, {},
         TrailResource),
      Op("GetTrail", true, Bind(s, DecodeTrailName, h::GetTrail), kName, {}, TrailResource),
      Op("DescribeTrails", true, Bind(s, DecodeDescribeTrails, h::DescribeTrails),
         {"trailNameList", "includeShadowTrails"}),
      Op("ListTrails", true, Bind(s, DecodeNothing, h::ListTrails), {}),
      Op("GetTrailStatus", true, Bind(s, DecodeTrailName, h::GetTrailStatus), kName, {},
         TrailResource),
      Op("StartLogging", false, Bind(s, DecodeTrailName, h::StartLogging), kName, {},
         TrailResource),
      Op("StopLogging", false, Bind(s, DecodeTrailName, h::StopLogging), kName, {},
         TrailResource),
      Op("PutEventSelectors", false, Bind(s, DecodePutEventSelectors, h::PutEventSelectors),
         {"TrailName", "EventSelectors", "AdvancedEventSelectors"}, {"*"}, TrailResource),
      Op("GetEventSelectors", true, Bind(s, DecodeTrailNameField, h::GetEventSelectors),
         {"TrailName"}, {}, TrailResource),
      Op("AddTags", false, Bind(s, DecodeAddTags, h::AddTags), {"ResourceId", "TagsList"}, {},
         TrailResource),
      Op("RemoveTags", false, Bind(s, DecodeRemoveTags, h::RemoveTags),
         {"ResourceId", "TagsList"}, {}, TrailResource),
      Op("ListTags", true, Bind(s, DecodeListTags, h::ListTags), {"ResourceIdList"}),
      Op("ListPublicKeys", true, Bind(s, DecodeListPublicKeys, h::ListPublicKeys),
         {"StartTime", "EndTime"}),
  };
  return spec;
}

}  // namespace berth::services::cloudtrail
