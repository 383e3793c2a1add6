#include "services/s3/handlers/handlers.h"

#include <charconv>

#include "core/crypto.h"
#include "services/s3/model/errors.h"
#include "services/s3/model/names.h"

namespace berth::services::s3 {

S3Handler HandlerFor(OpId id) {
  switch (id) {
    case OpId::kListBuckets:
      return ListBuckets;
    case OpId::kCreateBucket:
      return CreateBucket;
    case OpId::kDeleteBucket:
      return DeleteBucket;
    case OpId::kHeadBucket:
      return HeadBucket;
    case OpId::kGetBucketLocation:
      return GetBucketLocation;
    case OpId::kListObjects:
      return ListObjects;
    case OpId::kListObjectsV2:
      return ListObjectsV2;
    case OpId::kListMultipartUploads:
      return ListMultipartUploads;
    case OpId::kDeleteObjects:
      return DeleteObjects;
    case OpId::kGetObject:
      return GetObject;
    case OpId::kHeadObject:
      return GetObject;
    case OpId::kPutObject:
      return PutObject;
    case OpId::kCopyObject:
      return CopyObject;
    case OpId::kDeleteObject:
      return DeleteObject;
    case OpId::kCreateMultipartUpload:
      return CreateMultipartUpload;
    case OpId::kUploadPart:
      return UploadPart;
    case OpId::kUploadPartCopy:
      return UploadPartCopy;
    case OpId::kCompleteMultipartUpload:
      return CompleteMultipartUpload;
    case OpId::kAbortMultipartUpload:
      return AbortMultipartUpload;
    case OpId::kGetObjectTagging:
      return GetObjectTagging;
    case OpId::kListParts:
      return ListParts;
    case OpId::kGetBucketPolicy:
      return GetBucketPolicy;
    case OpId::kPutBucketPolicy:
      return PutBucketPolicy;
    case OpId::kDeleteBucketPolicy:
      return DeleteBucketPolicy;
    case OpId::kGetBucketPolicyStatus:
      return GetBucketPolicyStatus;
    case OpId::kGetBucketTagging:
      return GetBucketTagging;
    case OpId::kPutBucketTagging:
      return PutBucketTagging;
    case OpId::kDeleteBucketTagging:
      return DeleteBucketTagging;
    case OpId::kNotImplemented:
      return nullptr;
  }
  return nullptr;
}

std::string CanonicalUserId(std::string_view account_id) {
  return crypto::Sha256Hex("berth-canonical-user:" + std::string(account_id));
}

Result<BucketInfo> S3Call::RequireBucket(std::string_view name) {
  if (!IsValidBucketName(name)) return errors::NoSuchBucket();
  BERTH_ASSIGN_OR_RETURN(auto bucket, store.GetBucket(name));
  if (!bucket) return errors::NoSuchBucket();
  if (bucket->owner != caller.principal.account_id) return errors::AccessDenied();
  return std::move(*bucket);
}

Status S3Call::Authorize(std::string_view action, std::string_view arn) const {
  if (authorizer == nullptr) return Ok();
  const pipeline::ResourceRef resource{"AWS::S3::Object", std::string(arn)};
  const pipeline::AccessRequest access{.principal = caller.principal,
                                       .action = action,
                                       .resources = std::span(&resource, 1),
                                       .source_ip = request.head.remote_ip,
                                       .secure_transport = false,
                                       .now = now};
  std::optional<pipeline::Denial> denial = authorizer->Check(access);
  if (!denial) return Ok();
  return errors::AccessDenied(pipeline::DenialMessage(access, *denial));
}

std::string S3Arn(std::string_view bucket, std::string_view key) {
  std::string arn = "arn:aws:s3:::" + std::string(bucket);
  if (!key.empty()) arn.append("/").append(key);
  return arn;
}

Result<int64_t> IntegerParam(const S3Call& call, std::string_view name, int64_t min, int64_t max,
                             int64_t fallback) {
  auto text = call.target.Query(name);
  if (!text) return fallback;
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (text->empty() || ec != std::errc() || ptr != text->data() + text->size() || value < min ||
      value > max) {
    call.details = {{"ArgumentName", std::string(name)}, {"ArgumentValue", *text}};
    return errors::InvalidArgument("Provided " + std::string(name) +
                                   " not an integer or within "
                                   "integer range [" +
                                   std::to_string(min) + ", " + std::to_string(max) + "]");
  }
  return value;
}

}  // namespace berth::services::s3
