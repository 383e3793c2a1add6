#pragma once
// The Amazon ECR service as the dispatcher sees it: every operation, listed once.

#include "pipeline/operation.h"
#include "services/ecr/ecr_service.h"

namespace berth::services::ecr {

// `service` must outlive the returned spec.
pipeline::ServiceSpec MakeEcrService(EcrService& service);

}  // namespace berth::services::ecr
