#pragma once
// Errors the pipeline itself answers with (as opposed to a service's or the signature's).

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace berth::pipeline::errors {

// X-Amz-Target names no operation berth has (AWS JSON services: 400).
Error UnknownOperation(std::string_view name);
// Query protocol: Action names no operation of the service (AWS: 400 InvalidAction).
Error InvalidAction(std::string_view action);
// A request that is no AWS API call and matches no other route.
Error NoRoute(std::string_view method, std::string_view path);
// The body exceeds what the operation accepts (413).
Error RequestTooLarge(uint64_t limit);
// The authorizer refused the call (message: DenialMessage), in the JSON protocols' shape
// (AWS: 400 AccessDeniedException) and in the query protocol's and raw wires' (403).
Error AccessDeniedException(std::string message);
Error AccessDenied(std::string message);
// A handler failed unexpectedly (500); details go to the server log, not to the caller.
Error InternalFailure();

}  // namespace berth::pipeline::errors
