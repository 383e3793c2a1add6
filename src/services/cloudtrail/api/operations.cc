#include "services/cloudtrail/api/operations.h"

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
  return OperationSpec{std::move(name), read_only, std::move(handler), std::move(logged_request),
                       std::move(logged_response), std::move(resources)};
}

}  // namespace

pipeline::ServiceSpec MakeCloudTrailService(CloudTrailService& s) {
  pipeline::ServiceSpec spec;
  spec.name = "cloudtrail";
  spec.event_source = "cloudtrail.amazonaws.com";
  spec.protocol = pipeline::Protocol::kAwsJson11;
  spec.json_target_prefix = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101";
  spec.operations = {
      Op("LookupEvents", true, Bind(s, DecodeLookupEvents, handlers::LookupEvents),
         {"LookupAttributes", "StartTime", "EndTime", "MaxResults", "EventCategory"}),
  };
  return spec;
}

}  // namespace berth::services::cloudtrail
