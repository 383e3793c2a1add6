#pragma once
// CloudTrail's operation table (JSON 1.1, com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101).

#include "pipeline/operation.h"
#include "services/cloudtrail/cloudtrail_service.h"

namespace berth::services::cloudtrail {

pipeline::ServiceSpec MakeCloudTrailService(CloudTrailService& service);

}  // namespace berth::services::cloudtrail
