#include "pipeline/pipeline_errors.h"

#include <string>

namespace berth::pipeline::errors {

Error UnknownOperation(std::string_view name) {
  return {"UnknownOperationException", "Unknown operation " + std::string(name), 400};
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

Error InternalFailure() {
  return {"InternalFailure",
          "The request processing has failed because of an unknown error, exception or failure.",
          500};
}

}  // namespace berth::pipeline::errors
