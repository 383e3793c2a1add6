#pragma once
// STS's operation table (query protocol, version 2011-06-15, signed for service "sts"; the
// only protocol botocore's model lists).

#include "pipeline/operation.h"
#include "services/iam/iam_service.h"

namespace berth::services::sts {

pipeline::ServiceSpec MakeStsService(iam::IamService& iam);

}  // namespace berth::services::sts
