#include "services/sns/model/errors.h"

namespace berth::services::sns::errors {

Error InvalidParameter(std::string_view what) {
  return {"InvalidParameter", "Invalid parameter: " + std::string(what), 400};
}

Error InvalidParameterValue(std::string_view what) {
  return {"ParameterValueInvalid", std::string(what), 400};
}

Error TopicNotFound() { return {"NotFound", "Topic does not exist", 404}; }

Error SubscriptionNotFound() { return {"NotFound", "Subscription does not exist", 404}; }

Error ResourceNotFound() { return {"ResourceNotFound", "Resource does not exist", 404}; }

Error AuthorizationError(std::string message) {
  return {"AuthorizationError", std::move(message), 403};
}

Error TagLimitExceeded() {
  return {"TagLimitExceeded", "Could not complete request: tag quota of per resource exceeded", 400};
}

Error Unsupported(std::string_view what, std::string_view why) {
  return InvalidParameter(std::string(what) + ": " + std::string(why));
}

}  // namespace berth::services::sns::errors
