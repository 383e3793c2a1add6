#pragma once
// STS's operation table (query protocol, version 2011-06-15, signed for service "sts").

#include "pipeline/operation.h"

namespace berth::services::sts {

pipeline::ServiceSpec MakeStsService();

}  // namespace berth::services::sts
