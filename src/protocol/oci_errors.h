#pragma once
// The OCI Distribution error shape: {"errors":[{"code":…,"message":…}]} with the error's status.

#include "core/http_types.h"
#include "core/result.h"

namespace berth::protocol {

Response EncodeOciError(const Error& error);

}  // namespace berth::protocol
