#pragma once
// CloudWatch's errors, one factory each. Codes are the JSON/CBOR error shape names; the query
// codes (InvalidParameterValue, MissingParameter, …) come from kQueryErrorCodes, which the
// operation table hands the dispatcher (awsQueryCompatible).

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace berth::services::monitoring::errors {

// (error shape name, query code) where they differ.
const std::vector<std::pair<std::string, std::string>>& QueryErrorCodes();

// "The value <value> for parameter <param> is invalid."
Error InvalidValue(std::string_view param, std::string_view value);
// Any other InvalidParameterValue message.
Error InvalidParameterValue(std::string message);
// "The parameter <param> is required."
Error MissingParameter(std::string_view param);
Error MissingParameterMessage(std::string message);
Error InvalidParameterCombination(std::string message);
Error InvalidNextToken();
Error LimitExceeded(std::string message);
// Alarms' errors: an unknown alarm (DeleteAlarms, SetAlarmState), an unknown tagged resource,
// StateReasonData that is no JSON, too many alarms.
Error ResourceNotFound(std::string message);
Error ResourceNotFoundException(std::string message);
Error InvalidFormat(std::string message);
Error LimitExceededFault(std::string message);
// Type mismatches on the wire (a string where a list belongs …).
Error Serialization(std::string message);

}  // namespace berth::services::monitoring::errors
