#include "services/sts/model/errors.h"

namespace berth::services::sts::errors {

Error Constraint(std::string_view value, std::string_view member, std::string_view what) {
  return Validation("1 validation error detected: Value '" + std::string(value) + "' at '" +
                    std::string(member) + "' failed to satisfy constraint: " + std::string(what));
}

Error Validation(std::string message) { return {"ValidationError", std::move(message), 400}; }

Error NotAuthorizedToAssume(std::string_view caller_arn, std::string_view role_arn) {
  return AccessDenied("User: " + std::string(caller_arn) +
                      " is not authorized to perform: sts:AssumeRole on resource: " +
                      std::string(role_arn));
}

Error AccessDenied(std::string message) { return {"AccessDenied", std::move(message), 403}; }

Error PackedPolicyTooLarge() {
  return {"PackedPolicyTooLarge",
          "Packed size of consumed session policies and session tags exceeds the limit.", 400};
}

}  // namespace berth::services::sts::errors
