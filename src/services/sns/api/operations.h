#pragma once
// SNS's operation table (query protocol, version 2010-03-31, signed for service "sns"; the
// current botocore model lists the query protocol only).

#include "pipeline/operation.h"
#include "services/sns/sns_service.h"

namespace berth::services::sns {

pipeline::ServiceSpec MakeSnsService(SnsService& s);

}  // namespace berth::services::sns
