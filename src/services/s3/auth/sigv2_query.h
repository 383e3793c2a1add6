#pragma once
// S3's older query-string authentication (Signature Version 2): the presigned URLs that
// `aws s3 presign` (aws-cli 1.x) and boto3's generate_presigned_url still make by default
// for us-east-1: ?AWSAccessKeyId=…&Expires=<epoch seconds>&Signature=<base64 HMAC-SHA1>
// over
//   <METHOD>\n<Content-MD5>\n<Content-Type>\n<Expires>\n<x-amz-* headers><resource>
// where the resource is the path as sent plus the sub-resource parameters S3 names, sorted.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/http_types.h"

namespace berth::services::s3 {

struct SigV2Query {
  std::string access_key_id;
  std::string signature;  // base64, decoded from the query
  int64_t expires = 0;    // epoch seconds
};

// True when the query carries a SigV2 signature (AWSAccessKeyId and Signature).
bool HasSigV2Query(const RequestHead& head);
// The signature's parts; nullopt when one is missing or Expires is not a number.
std::optional<SigV2Query> ParseSigV2Query(const RequestHead& head);
std::string SigV2StringToSign(const RequestHead& head, int64_t expires);
// base64(HMAC-SHA1(secret, string_to_sign)).
std::string SigV2Signature(std::string_view secret, std::string_view string_to_sign);

}  // namespace berth::services::s3
