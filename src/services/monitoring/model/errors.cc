#include "services/monitoring/model/errors.h"

namespace berth::services::monitoring::errors {

const std::vector<std::pair<std::string, std::string>>& QueryErrorCodes() {
  static const auto* codes = new std::vector<std::pair<std::string, std::string>>{
      {"InvalidParameterValueException", "InvalidParameterValue"},
      {"MissingRequiredParameterException", "MissingParameter"},
      {"InvalidParameterCombinationException", "InvalidParameterCombination"},
      {"LimitExceededException", "LimitExceeded"},
      {"InternalServiceFault", "InternalServiceError"},
      {"InvalidFormatFault", "InvalidFormat"},
      {"LimitExceededFault", "LimitExceeded"},

      {"DashboardInvalidInputError", "InvalidParameterInput"},
      {"DashboardNotFoundError", "ResourceNotFound"},
  };
  return *codes;
}

Error InvalidValue(std::string_view param, std::string_view value) {
  return InvalidParameterValue("The value " + std::string(value) + " for parameter " +
                               std::string(param) + " is invalid.");
}

Error InvalidParameterValue(std::string message) {
  return {"InvalidParameterValueException", std::move(message), 400};
}

Error MissingParameter(std::string_view param) {
  return MissingParameterMessage("The parameter " + std::string(param) + " is required.");
}

Error MissingParameterMessage(std::string message) {
  return {"MissingRequiredParameterException", std::move(message), 400};
}

Error InvalidParameterCombination(std::string message) {
  return {"InvalidParameterCombinationException", std::move(message), 400};
}

Error InvalidNextToken() { return {"InvalidNextToken", "The service returned an invalid next token.", 400}; }

Error LimitExceeded(std::string message) {
  return {"LimitExceededException", std::move(message), 400};
}

Error ResourceNotFound(std::string message) {
  return {"ResourceNotFound", std::move(message), 404};
}

Error ResourceNotFoundException(std::string message) {
  return {"ResourceNotFoundException", std::move(message), 404};
}

Error InvalidFormat(std::string message) { return {"InvalidFormatFault", std::move(message), 400}; }

Error LimitExceededFault(std::string message) {
  return {"LimitExceededFault", std::move(message), 400};
}

Error Serialization(std::string message) {
  return {"SerializationException", std::move(message), 400};
}

}  // namespace berth::services::monitoring::errors
