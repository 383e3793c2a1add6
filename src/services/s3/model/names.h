#pragma once
// What S3 accepts as bucket names and object keys.

#include <string_view>

#include "core/result.h"

namespace berth::services::s3 {

inline constexpr size_t kMaxKeyBytes = 1024;

// S3's rules for general purpose buckets: 3–63 characters of lower-case letters, digits, '.'
// and '-', beginning and ending with a letter or digit; no "..", not an IPv4 address, none of
// AWS's reserved prefixes (xn--, sthree-, amzn-s3-demo-) and suffixes (-s3alias, --ol-s3,
// .mrap, --x-s3, --table-s3).
bool IsValidBucketName(std::string_view name);

// A key is 1–1024 bytes of UTF-8 without NUL (which XML cannot carry in a listing).
// Errors: KeyTooLongError, InvalidArgument.
Status ValidateKey(std::string_view key);

// True when `text` is well-formed UTF-8 (no overlong forms, surrogates or code points past
// U+10FFFF).
bool IsValidUtf8(std::string_view text);

}  // namespace berth::services::s3
