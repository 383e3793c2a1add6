#include "services/logs/model/errors.h"

#include <string>

namespace berth::services::logs::errors {
namespace {

Error E(const char* code, std::string message) { return Error{code, std::move(message), 400}; }

}  // namespace

Error LogGroupNotFound() {
  return E("ResourceNotFoundException", "The specified log group does not exist.");
}
Error LogStreamNotFound() {
  return E("ResourceNotFoundException", "The specified log stream does not exist.");
}
Error ResourceNotFound() {
  return E("ResourceNotFoundException", "The specified resource does not exist.");
}
Error LogGroupAlreadyExists() {
  return E("ResourceAlreadyExistsException", "The specified log group already exists");
}
Error LogStreamAlreadyExists() {
  return E("ResourceAlreadyExistsException", "The specified log stream already exists");
}
Error InvalidParameter(std::string_view message) {
  return E("InvalidParameterException", std::string(message));
}
Error ConstraintViolated(std::string_view member, std::string_view value,
                         std::string_view constraint) {
  // Long values are cut, as AWS does, so an oversized input does not come back whole.
  constexpr size_t kShown = 256;
  std::string shown(value.substr(0, kShown));
  if (value.size() > kShown) shown += "...";
  return E("InvalidParameterException",
           "1 validation error detected: Value '" + shown + "' at '" + std::string(member) +
               "' failed to satisfy constraint: " + std::string(constraint));
}
Error InvalidFilterPattern(std::string_view detail, size_t column) {
  return E("InvalidParameterException", "Invalid filter pattern: " + std::string(detail) +
                                            " (at column " + std::to_string(column) + ")");
}
Error LimitExceeded(std::string_view message) {
  return E("LimitExceededException", std::string(message));
}
Error TooManyTags(std::string_view message) {
  return E("TooManyTagsException", std::string(message));
}
Error DeletionProtected(std::string_view group_name) {
  return E("ValidationException", "Log group " + std::string(group_name) +
                                      " has deletion protection enabled; disable it with "
                                      "PutLogGroupDeletionProtection first");
}

}  // namespace berth::services::logs::errors
