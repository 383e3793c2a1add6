#pragma once
// PutBucketTagging's body and S3's rules for a bucket's tags: at most 50, keys of 1–128 and
// values of 0–256 characters from S3's set (letters, digits, spaces and + - = . _ : / @), no
// key twice, none under the reserved "aws:" prefix. Errors are InvalidTag (400) with S3's
// message and the TagKey/TagValue elements S3 adds; a body that is no <Tagging><TagSet> is
// MalformedXML.

#include <string_view>

#include "core/result.h"
#include "services/s3/auth/s3_auth.h"
#include "services/s3/bucket_store.h"

namespace berth::services::s3 {

inline constexpr size_t kMaxBucketTags = 50;

Result<BucketTags> ParseBucketTagging(std::string_view body, ErrorDetails& details);

}  // namespace berth::services::s3
