#pragma once
// SNS's errors as AWS names and words them (query protocol; botocore's sns model).

#include <string>
#include <string_view>

#include "core/result.h"

namespace berth::services::sns::errors {

// 400 InvalidParameter: "Invalid parameter: <what>".
Error InvalidParameter(std::string_view what);
// 400 ParameterValueInvalid (InvalidParameterValueException).
Error InvalidParameterValue(std::string_view what);
// 404 NotFound: "Topic does not exist", "Subscription does not exist".
Error TopicNotFound();
Error SubscriptionNotFound();
// 404 ResourceNotFound (tagging): "Resource does not exist".
Error ResourceNotFound();
// 403 AuthorizationError.
Error AuthorizationError(std::string message);
// 400 TagLimitExceeded: more than 50 tags on a topic.
Error TagLimitExceeded();
// What berth does not do (FIFO topics, filter policies, SMS …): InvalidParameter with why.
Error Unsupported(std::string_view what, std::string_view why);

}  // namespace berth::services::sns::errors
