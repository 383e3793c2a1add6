#include "services/sts/api/operations.h"

#include "services/sts/api/audit.h"
#include "services/sts/handlers/handlers.h"

namespace berth::services::sts {
namespace {

using pipeline::CallContext;
using pipeline::ResourceRef;

// The role AssumeRole names: authorized on (sts:AssumeRole on the role's ARN) and recorded.
std::vector<ResourceRef> RoleResource(const CallContext&, const Document& in, const Document*) {
  const Document* arn = in.is_map() ? in.Find("RoleArn") : nullptr;
  if (arn == nullptr || !arn->is_string()) return {};
  return {{"AWS::IAM::Role", arn->as_string()}};
}

}  // namespace

pipeline::ServiceSpec MakeStsService(iam::IamService& iam) {
  pipeline::ServiceSpec spec;
  spec.name = "sts";
  spec.event_source = "sts.amazonaws.com";
  spec.display_name = "STS";
  spec.protocol = pipeline::Protocol::kAwsQuery;
  spec.query_version = "2011-06-15";
  spec.xml_namespace = "https://sts.amazonaws.com/doc/2011-06-15/";
  spec.operations = {
      {.name = "GetCallerIdentity", .read_only = true, .handler = handlers::GetCallerIdentity},
      // Their answers hold a secret: recorded without it.
      {.name = "AssumeRole",
       .read_only = false,
       .handler = [&iam](CallContext& ctx,
                         const Document& in) { return handlers::AssumeRole(iam, ctx, in); },
       .record_request = RecordAssumeRoleRequest,
       .record_response = RecordCredentialsResponse,
       .resources = RoleResource},
      {.name = "GetSessionToken",
       .read_only = false,
       .handler = [&iam](CallContext& ctx,
                         const Document& in) { return handlers::GetSessionToken(iam, ctx, in); },
       .record_request = RecordSessionTokenRequest,
       .record_response = RecordCredentialsResponse},
  };
  return spec;
}

}  // namespace berth::services::sts
