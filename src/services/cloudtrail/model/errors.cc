#include "services/cloudtrail/model/errors.h"

namespace berth::services::cloudtrail::errors {
namespace {

Error E(const char* code, std::string message, int status = 400) {
  return Error{code, std::move(message), status};
}

}  // namespace

Error InvalidLookupAttributes(std::string message) {
  return E("InvalidLookupAttributesException", std::move(message));
}
Error InvalidTimeRange() {
  return E("InvalidTimeRangeException",
           "Start time must be before end time, and the time range must be within the last 90 "
           "days.");
}
Error InvalidMaxResults() {
  return E("InvalidMaxResultsException", "MaxResults must be between 1 and 50.");
}
Error InvalidNextToken() {
  return E("InvalidNextTokenException",
           "Invalid NextToken: it is malformed, expired, or was issued for other parameters.");
}
Error InvalidEventCategory() {
  return E("InvalidEventCategoryException", "The event category is not valid.");
}
Error InvalidTrailName(std::string message) {
  return E("InvalidTrailNameException", std::move(message));
}
Error TrailAlreadyExists(std::string_view name, std::string_view account) {
  return E("TrailAlreadyExistsException",
           "Trail " + std::string(name) + " already exists for customer: " + std::string(account));
}
Error TrailNotFound(std::string_view name_or_arn, std::string_view account) {
  return E("TrailNotFoundException", "Unknown trail: " + std::string(name_or_arn) +
                                         " for the user: " + std::string(account), 400);
}
Error S3BucketDoesNotExist(std::string_view bucket) {
  return E("S3BucketDoesNotExistException",
           "S3 bucket " + std::string(bucket) + " does not exist.");
}
Error InsufficientS3BucketPolicy(std::string_view bucket) {
  return E("InsufficientS3BucketPolicyException",
           "Incorrect S3 bucket policy is detected for bucket: " + std::string(bucket));
}
Error InvalidS3Prefix(std::string message) { return E("InvalidS3PrefixException", std::move(message)); }
Error InvalidCloudWatchLogsLogGroupArn(std::string message) {
  return E("InvalidCloudWatchLogsLogGroupArnException", std::move(message));
}
Error InvalidCloudWatchLogsRoleArn(std::string message) {
  return E("InvalidCloudWatchLogsRoleArnException", std::move(message));
}
Error InvalidEventSelectors(std::string message) {
  return E("InvalidEventSelectorsException", std::move(message));
}
Error InvalidParameterCombination(std::string message) {
  return E("InvalidParameterCombinationException", std::move(message));
}
Error InvalidParameter(std::string message) {
  return E("InvalidParameterException", std::move(message));
}
Error InvalidTag(std::string message) { return E("InvalidTagParameterException", std::move(message)); }
Error TagsLimitExceeded() {
  return E("TagsLimitExceededException", "The number of tags per trail has exceeded 50.");
}
Error ResourceNotFound(std::string_view arn) {
  return E("ResourceNotFoundException",
           "The specified resource is not found: " + std::string(arn));
}
Error InvalidHomeRegion(std::string_view arn) {
  return E("InvalidHomeRegionException",
           "This operation must be called from the trail's home region: " + std::string(arn));
}

Error InvalidInsightSelectors(std::string message) {
  return E("InvalidInsightSelectorsException", std::move(message));
}
Error InsightNotEnabled(std::string_view trail_arn) {
  return E("InsightNotEnabledException",
           "Trail " + std::string(trail_arn) +
               " does not have Insights enabled. Edit the trail settings to enable Insights, and "
               "then try the operation again.");
}

}  // namespace berth::services::cloudtrail::errors
