// GetBucketPolicy, PutBucketPolicy, DeleteBucketPolicy, GetBucketPolicyStatus,
// GetBucketTagging, PutBucketTagging, DeleteBucketTagging: configuration kept with the bucket.
#include "auth/policy/parser.h"
#include "services/s3/api/headers.h"
#include "services/s3/api/xml.h"
#include "services/s3/handlers/handlers.h"
#include "services/s3/model/bucket_policy.h"
#include "services/s3/model/bucket_tags.h"
#include "services/s3/model/errors.h"

namespace berth::services::s3 {
namespace {

Response NoContent() {
  Response response;
  response.status = 204;
  return response;
}

Error NoSuchBucketPolicy(S3Call& call) {
  call.details = {{"BucketName", call.target.bucket}};
  return {"NoSuchBucketPolicy", "The bucket policy does not exist", 404};
}

// A policy change reaches the authorizer with the next call.
void PolicyChanged(S3Call& call) {
  if (call.policies != nullptr) call.policies->Invalidate();
}

}  // namespace

Result<Response> GetBucketPolicy(S3Call& call) {
  BERTH_ASSIGN_OR_RETURN(auto policy, call.store.GetBucketPolicy(call.target.bucket));
  if (!policy) return NoSuchBucketPolicy(call);
  // The document as its owner sent it (S3 returns it unchanged, whitespace included).
  Response response;
  response.body = std::move(*policy);
  response.SetHeader("Content-Type", "application/json");
  return response;
}

Result<Response> PutBucketPolicy(S3Call& call) {
  BERTH_RETURN_IF_ERROR(CheckBodyDigests(call.head(), call.request.body));
  if (auto compiled = CompileBucketPolicy(call.request.body, call.target.bucket); !compiled.ok()) {
    return compiled.error();
  }
  BERTH_RETURN_IF_ERROR(call.store.SetBucketPolicy(call.target.bucket, call.request.body));
  PolicyChanged(call);
  return NoContent();
}

Result<Response> DeleteBucketPolicy(S3Call& call) {
  BERTH_RETURN_IF_ERROR(call.store.SetBucketPolicy(call.target.bucket, std::nullopt));
  PolicyChanged(call);
  return NoContent();
}

Result<Response> GetBucketPolicyStatus(S3Call& call) {
  BERTH_ASSIGN_OR_RETURN(auto policy, call.store.GetBucketPolicy(call.target.bucket));
  if (!policy) return NoSuchBucketPolicy(call);
  auto document = auth::policy::ParsePolicy(
      *policy, auth::policy::ParseOptions{.kind = auth::policy::PolicyKind::kResource});
  const bool is_public = document.ok() && IsPublicPolicy(*document);
  XmlWriter xml("PolicyStatus");
  xml.Bool("IsPublic", is_public);
  return XmlResponse(xml.Finish());
}

Result<Response> GetBucketTagging(S3Call& call) {
  BERTH_ASSIGN_OR_RETURN(auto tags, call.store.GetBucketTags(call.target.bucket));
  if (!tags) {
    call.details = {{"BucketName", call.target.bucket}};
    return Error{"NoSuchTagSet", "The TagSet does not exist", 404};
  }
  XmlWriter xml("Tagging");
  xml.Open("TagSet");
  for (const auto& [key, value] : *tags) {
    xml.Open("Tag").Element("Key", key).Element("Value", value).Close("Tag");
  }
  xml.Close("TagSet");
  return XmlResponse(xml.Finish());
}

Result<Response> PutBucketTagging(S3Call& call) {
  BERTH_RETURN_IF_ERROR(CheckBodyDigests(call.head(), call.request.body));
  BERTH_ASSIGN_OR_RETURN(BucketTags tags, ParseBucketTagging(call.request.body, call.details));
  BERTH_RETURN_IF_ERROR(call.store.SetBucketTags(call.target.bucket, std::move(tags)));
  return NoContent();
}

Result<Response> DeleteBucketTagging(S3Call& call) {
  BERTH_RETURN_IF_ERROR(call.store.SetBucketTags(call.target.bucket, std::nullopt));
  return NoContent();
}

}  // namespace berth::services::s3
