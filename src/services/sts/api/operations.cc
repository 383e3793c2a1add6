#include "services/sts/api/operations.h"

#include "services/sts/handlers/handlers.h"

namespace berth::services::sts {

pipeline::ServiceSpec MakeStsService() {
  pipeline::ServiceSpec spec;
  spec.name = "sts";
  spec.event_source = "sts.amazonaws.com";
  spec.display_name = "STS";
  spec.protocol = pipeline::Protocol::kAwsQuery;
  spec.query_version = "2011-06-15";
  spec.xml_namespace = "https://sts.amazonaws.com/doc/2011-06-15/";
  spec.operations = {
      {.name = "GetCallerIdentity", .read_only = true, .handler = handlers::GetCallerIdentity},
  };
  return spec;
}

}  // namespace berth::services::sts
