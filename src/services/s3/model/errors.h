#pragma once
// S3's errors, one factory each, with S3's codes, messages and HTTP statuses. The endpoint
// encodes them as <Error><Code>…</Code><Message>…</Message>…<RequestId>…</RequestId></Error>
// and adds the elements S3 names for each code (BucketName, Key, UploadId, …).

#include <cstdint>
#include <string_view>

#include "core/result.h"

namespace berth::services::s3::errors {

Error NoSuchBucket();
Error NoSuchKey();
Error NoSuchUpload();
Error BucketAlreadyOwnedByYou();
Error BucketAlreadyExists();
Error InvalidBucketName();
Error BucketNotEmpty();
Error TooManyBuckets();
Error InvalidLocationConstraint();
Error IllegalLocationConstraint(std::string_view constraint, std::string_view region);
Error InvalidRange();
Error PreconditionFailed(std::string_view condition);
Error AccessDenied(std::string_view message = "Access Denied");
Error SignatureDoesNotMatch();
Error InvalidAccessKeyId();
// Temporary credentials: the session token is missing or not the key's / the session is over.
Error InvalidToken();
Error ExpiredToken();
Error RequestTimeTooSkewed();
Error XAmzContentSHA256Mismatch();
Error MissingContentSha256();
Error AuthorizationHeaderMalformed(std::string_view message);
Error AuthorizationQueryParametersError(std::string_view message);
Error MethodNotAllowed();
Error NotImplemented();
Error EntityTooLarge(uint64_t max_bytes);
Error EntityTooSmall();
Error MaxMessageLengthExceeded();
Error MissingContentLength();
Error IncompleteBody(std::string_view message);
Error InvalidPart(std::string_view message);
Error InvalidPartOrder();
Error InvalidArgument(std::string_view message);
Error InvalidRequest(std::string_view message);
Error MalformedXML();
Error KeyTooLong();
Error MetadataTooLarge();
Error InvalidDigest();
Error BadDigest(std::string_view message);
Error InternalError(std::string_view detail);

}  // namespace berth::services::s3::errors
