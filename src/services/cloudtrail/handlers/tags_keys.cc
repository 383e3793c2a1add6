#include <chrono>

#include "services/cloudtrail/handlers/handlers.h"
#include "services/cloudtrail/model/errors.h"

namespace berth::services::cloudtrail::handlers {
namespace {

constexpr size_t kMaxTags = 50;
// The digest key does not rotate: it is valid from its creation for as long as it is kept.
constexpr std::chrono::hours kKeyValidity{24 * 365 * 10};

// The trail a tag call's ResourceId (a trail ARN) names.
Result<Trail> TaggedTrail(CloudTrailService& s, const CallContext& ctx, const std::string& arn) {
  if (arn.rfind("arn:aws:cloudtrail:", 0) != 0) {
    return Error{"CloudTrailARNInvalidException", "Invalid trail ARN: " + arn, 400};
  }
  auto t = RequireTrail(s, ctx, arn);
  if (!t.ok() && t.error().code == "TrailNotFoundException") return errors::ResourceNotFound(arn);
  return t;
}

}  // namespace

Result<Document> AddTags(CloudTrailService& s, CallContext& ctx, const TagsInput& in) {
  BERTH_ASSIGN_OR_RETURN(Trail t, TaggedTrail(s, ctx, in.resource_id));
  for (const auto& [k, v] : in.tags) t.tags[k] = v;
  if (t.tags.size() > kMaxTags) return errors::TagsLimitExceeded();
  BERTH_RETURN_IF_ERROR(s.trails().Update(t));
  return Document::MakeMap();
}

Result<Document> RemoveTags(CloudTrailService& s, CallContext& ctx, const TagsInput& in) {
  BERTH_ASSIGN_OR_RETURN(Trail t, TaggedTrail(s, ctx, in.resource_id));
  for (const auto& [k, v] : in.tags) t.tags.erase(k);
  BERTH_RETURN_IF_ERROR(s.trails().Update(t));
  return Document::MakeMap();
}

Result<Document> ListTags(CloudTrailService& s, CallContext& ctx, const ListTagsInput& in) {
  Document list = Document::MakeList();
  for (const auto& arn : in.resource_ids) {
    BERTH_ASSIGN_OR_RETURN(Trail t, TaggedTrail(s, ctx, arn));
    Document entry;
    entry["ResourceId"] = arn;
    entry["TagsList"] = EncodeTagsList(t.tags);
    list.Push(std::move(entry));
  }
  Document out;
  out["ResourceTagList"] = std::move(list);
  return out;
}

Result<Document> ListPublicKeys(CloudTrailService& s, CallContext& ctx, const TimeRangeInput& in) {
  const DigestSigner& key = s.signer();
  const TimePoint from = key.valid_from();
  const TimePoint until = from + kKeyValidity;
  const TimePoint start = in.start.value_or(ctx.now);
  const TimePoint end = in.end.value_or(ctx.now);
  Document list = Document::MakeList();
  if (from <= end && until >= start) {
    Document k;
    // A blob: base64 of the PKCS#1 DER key on the wire. (The aws CLI leaves blobs encoded and
    // validate-logs decodes this once; SDKs hand out the DER bytes.)
    k["Value"] = Document::Blob(key.public_key_der());
    k["ValidityStartTime"] = Document::Timestamp(from);
    k["ValidityEndTime"] = Document::Timestamp(until);
    k["Fingerprint"] = key.fingerprint();
    list.Push(std::move(k));
  }
  Document out;
  out["PublicKeyList"] = std::move(list);
  return out;
}

}  // namespace berth::services::cloudtrail::handlers
