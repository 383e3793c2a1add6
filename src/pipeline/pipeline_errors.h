#pragma once
// Errors the pipeline itself answers with (as opposed to a service's or the signature's).

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace berth::pipeline::errors {

// X-Amz-Target names an operation the service (`service`: the name users know it by,
// ServiceSpec::display_name) does not have (AWS JSON services: 400 UnknownOperationException),
// said in words: "berth does not implement CloudWatch Logs PutSubscriptionFilter yet".
Error UnknownOperation(std::string_view service, std::string_view operation);
// X-Amz-Target names no service berth has.
Error UnknownTarget(std::string_view target);
// An RPC v2 CBOR path (/service/<name>/operation/<Op>) names no service berth has.
Error UnknownRpcV2Service(std::string_view path);
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
// Content-Encoding other than gzip/identity (415), and a gzip body that does not inflate (400).
Error UnsupportedContentEncoding(std::string_view encoding);
Error MalformedGzip();
// Free space is below the disk reserve and the operation may add data (503, as AWS answers
// when it cannot serve a call for now).
Error InsufficientSpace(uint64_t reserve_bytes);
// A handler failed unexpectedly (500); details go to the server log, not to the caller.
Error InternalFailure();

}  // namespace berth::pipeline::errors
