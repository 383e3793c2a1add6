#pragma once
// IAM's operation table (query protocol, version 2010-05-08; signed for service "iam" in
// whatever region the client names, as IAM is global).

#include "pipeline/operation.h"
#include "services/iam/iam_service.h"

namespace berth::services::iam {

pipeline::ServiceSpec MakeIamService(IamService& service);

}  // namespace berth::services::iam
