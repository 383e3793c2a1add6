#include "services/logs/model/errors.h"

#include <memory>
#include <string>

#include "core/document.h"

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

Error MalformedQuery(std::string_view message, int start_offset, int end_offset) {
  Error error = E("MalformedQueryException", std::string(message));
  Document location = Document::MakeMap(2);
  location["startCharOffset"] = static_cast<int64_t>(start_offset);
  location["endCharOffset"] = static_cast<int64_t>(end_offset);
  Document compile_error = Document::MakeMap(2);
  compile_error["location"] = std::move(location);
  compile_error["message"] = std::string(message);
  auto members = std::make_shared<Document>(Document::MakeMap(1));
  (*members)["queryCompileError"] = std::move(compile_error);
  error.members = std::move(members);
  return error;
}
Error QueryLogGroupNotFound(std::string_view account, std::string_view group_name) {
  return E("ResourceNotFoundException", "Log group '" + std::string(group_name) +
                                            "' does not exist for account ID '" +
                                            std::string(account) + "'");
}
Error QueryNotFound() {
  return E("ResourceNotFoundException", "The specified query does not exist.");
}
Error QueryNotRunning(std::string_view query_id) {
  return E("InvalidParameterException",
           "Query " + std::string(query_id) + " is not running; it has already ended.");
}
Error QueryConcurrencyLimit(size_t limit) {
  return E("LimitExceededException", "Account maximum query concurrency limit of [" +
                                         std::to_string(limit) + "] reached.");
}
Error QueryDefinitionNotFound() {
  return E("ResourceNotFoundException", "The specified query definition does not exist.");
}

}  // namespace berth::services::logs::errors
