#pragma once
// CloudTrail's errors, as AWS names and words them (all 400 unless said otherwise).

#include <string>
#include <string_view>

#include "core/result.h"

namespace berth::services::cloudtrail::errors {

Error InvalidLookupAttributes(std::string message);
Error InvalidTimeRange();
Error InvalidMaxResults();
Error InvalidNextToken();
Error InvalidEventCategory();
Error InvalidTrailName(std::string message);
Error TrailAlreadyExists(std::string_view name, std::string_view account);
Error TrailNotFound(std::string_view name_or_arn, std::string_view account);
Error S3BucketDoesNotExist(std::string_view bucket);
Error InsufficientS3BucketPolicy(std::string_view bucket);
Error InvalidS3Prefix(std::string message);
Error InvalidCloudWatchLogsLogGroupArn(std::string message);
Error InvalidCloudWatchLogsRoleArn(std::string message);
Error InvalidEventSelectors(std::string message);
Error InvalidParameterCombination(std::string message);
Error InvalidParameter(std::string message);
Error InvalidTag(std::string message);
Error TagsLimitExceeded();
Error ResourceNotFound(std::string_view arn);
Error InvalidHomeRegion(std::string_view arn);
Error InvalidInsightSelectors(std::string message);
Error InsightNotEnabled(std::string_view trail_arn);

}  // namespace berth::services::cloudtrail::errors
