#include "pipeline/pipeline_errors.h"

#include <string>
#include <utility>

#include "store/disk_reserve.h"

namespace berth::pipeline::errors {

Error UnknownOperation(std::string_view service, std::string_view operation) {
  return {"UnknownOperationException",
          "berth does not implement " + std::string(service) + " " +
              std::string(operation) + " yet",
          400};
}

Error UnknownTarget(std::string_view target) {
  return {"UnknownOperationException",
          "berth does not implement X-Amz-Target " + std::string(target) +
              ": it names no service berth serves",
          400};
}

Error UnknownRpcV2Service(std::string_view path) {
  return {"UnknownOperationException",
          "berth does not implement " + std::string(path) + ": it names no service berth serves",
          400};
}

Error InvalidAction(std::string_view action) {
  return {"InvalidAction",
          "The action " + std::string(action) + " is not valid for this web service.", 400};
}

Error NoRoute(std::string_view method, std::string_view path) {
  return {"NotFound", "No resource at " + std::string(method) + " " + std::string(path), 404};
}

Error RequestTooLarge(uint64_t limit) {
  return {"RequestEntityTooLargeException",
          "Request body exceeds the maximum of " + std::to_string(limit) + " bytes", 413};
}

Error AccessDeniedException(std::string message) {
  return {"AccessDeniedException", std::move(message), 400};
}

Error AccessDenied(std::string message) { return {"AccessDenied", std::move(message), 403}; }
Error UnsupportedContentEncoding(std::string_view encoding) {
  return {"UnsupportedMediaType",
          "The request's Content-Encoding " + std::string(encoding) + " is not supported.", 415};
}

Error MalformedGzip() {
  return {"SerializationException", "The request body is not a valid gzip stream.", 400};
}

Error InternalFailure() {
  return {"InternalFailure",
          "The request processing has failed because of an unknown error, exception or failure.",
          500};
}

Error InsufficientSpace(uint64_t reserve_bytes) {
  return {"ServiceUnavailable", store::ReserveMessage(reserve_bytes), 503};
}

}  // namespace berth::pipeline::errors
