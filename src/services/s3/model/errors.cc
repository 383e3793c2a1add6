#include "services/s3/model/errors.h"

#include <string>

namespace berth::services::s3::errors {

Error NoSuchBucket() { return {"NoSuchBucket", "The specified bucket does not exist", 404}; }

Error NoSuchKey() { return {"NoSuchKey", "The specified key does not exist.", 404}; }

Error NoSuchUpload() {
  return {"NoSuchUpload",
          "The specified upload does not exist. The upload ID may be invalid, or the upload may "
          "have been aborted or completed.",
          404};
}

Error BucketAlreadyOwnedByYou() {
  return {"BucketAlreadyOwnedByYou",
          "Your previous request to create the named bucket succeeded and you already own it.",
          409};
}

Error BucketAlreadyExists() {
  return {"BucketAlreadyExists",
          "The requested bucket name is not available. The bucket namespace is shared by all "
          "users of the system. Please select a different name and try again.",
          409};
}

Error InvalidBucketName() {
  return {"InvalidBucketName", "The specified bucket is not valid.", 400};
}

Error BucketNotEmpty() {
  return {"BucketNotEmpty", "The bucket you tried to delete is not empty", 409};
}

Error TooManyBuckets() {
  return {"TooManyBuckets", "You have attempted to create more buckets than allowed", 400};
}

Error InvalidLocationConstraint() {
  return {"InvalidLocationConstraint", "The specified location-constraint is not valid", 400};
}

Error IllegalLocationConstraint(std::string_view constraint, std::string_view region) {
  if (constraint.empty()) {
    return {"IllegalLocationConstraintException",
            "The unspecified location constraint is incompatible for the region specific "
            "endpoint this request was sent to.",
            400};
  }
  return {"IllegalLocationConstraintException",
          "The " + std::string(constraint) +
              " location constraint is incompatible for the region specific endpoint this "
              "request was sent to (" +
              std::string(region) + ").",
          400};
}

Error InvalidRange() { return {"InvalidRange", "The requested range is not satisfiable", 416}; }

Error PreconditionFailed(std::string_view condition) {
  return {"PreconditionFailed",
          "At least one of the pre-conditions you specified did not hold (" +
              std::string(condition) + ")",
          412};
}

Error AccessDenied(std::string_view message) { return {"AccessDenied", std::string(message), 403}; }

Error SignatureDoesNotMatch() {
  return {"SignatureDoesNotMatch",
          "The request signature we calculated does not match the signature you provided. Check "
          "your key and signing method.",
          403};
}

Error InvalidAccessKeyId() {
  return {"InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.",
          403};
}

Error InvalidToken() {
  return {"InvalidToken", "The provided token is malformed or otherwise invalid.", 400};
}

Error ExpiredToken() { return {"ExpiredToken", "The provided token has expired.", 400}; }

Error RequestTimeTooSkewed() {
  return {"RequestTimeTooSkewed",
          "The difference between the request time and the current time is too large.", 403};
}

Error XAmzContentSHA256Mismatch() {
  return {"XAmzContentSHA256Mismatch",
          "The provided 'x-amz-content-sha256' header does not match what was computed.", 400};
}

Error MissingContentSha256() {
  return {"InvalidRequest", "Missing required header for this request: x-amz-content-sha256", 400};
}

Error AuthorizationHeaderMalformed(std::string_view message) {
  return {"AuthorizationHeaderMalformed",
          "The authorization header is malformed; " + std::string(message), 400};
}

Error AuthorizationQueryParametersError(std::string_view message) {
  return {"AuthorizationQueryParametersError", std::string(message), 400};
}

Error MethodNotAllowed() {
  return {"MethodNotAllowed", "The specified method is not allowed against this resource.", 405};
}

Error NotImplemented() {
  return {"NotImplemented", "A header you provided implies functionality that is not implemented",
          501};
}

Error EntityTooLarge(uint64_t max_bytes) {
  return {"EntityTooLarge",
          "Your proposed upload exceeds the maximum allowed size (" + std::to_string(max_bytes) +
              " bytes)",
          400};
}

Error EntityTooSmall() {
  return {"EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size", 400};
}

Error MaxMessageLengthExceeded() {
  return {"MaxMessageLengthExceeded", "Your request was too big.", 400};
}

Error MissingContentLength() {
  return {"MissingContentLength", "You must provide the Content-Length HTTP header.", 411};
}

Error IncompleteBody(std::string_view message) {
  return {"IncompleteBody", std::string(message), 400};
}

Error InvalidPart(std::string_view message) {
  return {"InvalidPart",
          "One or more of the specified parts could not be found.  The part may not have been "
          "uploaded, or the specified entity tag may not match the part's entity tag. (" +
              std::string(message) + ")",
          400};
}

Error InvalidPartOrder() {
  return {"InvalidPartOrder",
          "The list of parts was not in ascending order. Parts must be ordered by part number.",
          400};
}

Error InvalidArgument(std::string_view message) {
  return {"InvalidArgument", std::string(message), 400};
}

Error InvalidRequest(std::string_view message) {
  return {"InvalidRequest", std::string(message), 400};
}

Error MalformedXML() {
  return {"MalformedXML",
          "The XML you provided was not well-formed or did not validate against our published "
          "schema",
          400};
}

Error KeyTooLong() { return {"KeyTooLongError", "Your key is too long", 400}; }

Error MetadataTooLarge() {
  return {"MetadataTooLarge", "Your metadata headers exceed the maximum allowed metadata size",
          400};
}

Error InvalidDigest() {
  return {"InvalidDigest", "The Content-MD5 you specified is not valid.", 400};
}

Error BadDigest(std::string_view message) { return {"BadDigest", std::string(message), 400}; }

Error InternalError(std::string_view detail) {
  return {"InternalError",
          "We encountered an internal error. Please try again. (" + std::string(detail) + ")", 500};
}

}  // namespace berth::services::s3::errors
