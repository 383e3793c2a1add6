#pragma once
// CloudWatch Logs' errors, one factory each, with AWS's codes and messages. All are client
// errors (400): the CLI retries 5xx, and none of these get better by retrying.

#include <cstddef>
#include <string_view>

#include "core/result.h"

namespace berth::services::logs::errors {

Error LogGroupNotFound();
Error LogStreamNotFound();
// A tagging call names an ARN that is no log group of the caller's.
Error ResourceNotFound();
Error LogGroupAlreadyExists();
Error LogStreamAlreadyExists();
Error InvalidParameter(std::string_view message);
// AWS's wording for a member that breaks its model constraint:
// "1 validation error detected: Value '<v>' at '<member>' failed to satisfy constraint: <c>".
Error ConstraintViolated(std::string_view member, std::string_view value,
                         std::string_view constraint);
// A filter pattern that does not parse; `column` is 1-based.
Error InvalidFilterPattern(std::string_view detail, size_t column);
Error LimitExceeded(std::string_view message);
Error TooManyTags(std::string_view message);
// An operation a log group's deletion protection forbids.
Error DeletionProtected(std::string_view group_name);

// Logs Insights.
// A query that does not compile, with MalformedQueryException's queryCompileError member
// (location: start and end character offsets; message).
Error MalformedQuery(std::string_view message, int start_offset, int end_offset);
// StartQuery names a log group the account does not have.
Error QueryLogGroupNotFound(std::string_view account, std::string_view group_name);
Error QueryNotFound();
// StopQuery of a query that has already finished.
Error QueryNotRunning(std::string_view query_id);
Error QueryConcurrencyLimit(size_t limit);
Error QueryDefinitionNotFound();

}  // namespace berth::services::logs::errors
