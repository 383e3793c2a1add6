// ListBuckets, CreateBucket, DeleteBucket, HeadBucket, GetBucketLocation.
#include "core/crypto.h"
#include "core/xml_writer.h"
#include "services/s3/api/xml.h"
#include "services/s3/handlers/handlers.h"
#include "services/s3/model/errors.h"
#include "services/s3/model/names.h"

namespace berth::services::s3 {
namespace {

constexpr std::string_view kDefaultRegion = "us-east-1";
constexpr int64_t kMaxBuckets = 10000;

Response Empty(int status) {
  Response response;
  response.status = status;
  return response;
}

// The LocationConstraint of a CreateBucketConfiguration body ("" when there is none).
Result<std::string> LocationConstraint(std::string_view body) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return std::string();
  BERTH_ASSIGN_OR_RETURN(XmlElement root, ParseXml(body));
  if (root.name != "CreateBucketConfiguration") return errors::MalformedXML();
  const XmlElement* constraint = root.Child("LocationConstraint");
  return constraint != nullptr ? constraint->text : std::string();
}

// "eu-west-1", "EU": letters, digits and dashes (AWS checks a list of its regions; berth
// serves any region's name on its one endpoint).
bool LooksLikeRegion(std::string_view constraint) {
  if (constraint.empty()) return true;
  if (constraint.size() > 64) return false;
  for (char c : constraint) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
  }
  return true;
}

// The region of an existing bucket ("" when it cannot be read).
std::string OwnBucketRegion(S3Call& call, std::string_view name) {
  auto bucket = call.store.GetBucket(name);
  return bucket.ok() && *bucket ? (*bucket)->region : std::string();
}

}  // namespace

Result<Response> ListBuckets(S3Call& call) {
  const std::string prefix = call.target.Query("prefix").value_or("");
  BERTH_ASSIGN_OR_RETURN(int64_t max,
                         IntegerParam(call, "max-buckets", 1, kMaxBuckets, kMaxBuckets));
  std::string after;
  if (auto token = call.target.Query("continuation-token")) {
    auto decoded = crypto::Base64UrlDecode(*token);
    if (!decoded || decoded->empty()) {
      call.details = {{"ArgumentName", "continuation-token"}};
      return errors::InvalidArgument("The continuation token provided is incorrect");
    }
    after = std::move(*decoded);
  }
  BERTH_ASSIGN_OR_RETURN(auto buckets,
                         call.store.ListBuckets(call.caller.principal.account_id, prefix, after,
                                                static_cast<size_t>(max) + 1));
  const bool truncated = buckets.size() > static_cast<size_t>(max);
  if (truncated) buckets.pop_back();

  XmlWriter xml("ListAllMyBucketsResult");
  xml.Open("Owner")
      .Element("ID", CanonicalUserId(call.caller.principal.account_id))
      .Element("DisplayName", call.caller.principal.account_id)
      .Close("Owner");
  xml.Open("Buckets");
  for (const auto& bucket : buckets) {
    xml.Open("Bucket")
        .Element("Name", bucket.name)
        .Time("CreationDate", bucket.created)
        .Element("BucketRegion", bucket.region)
        .Close("Bucket");
  }
  xml.Close("Buckets");
  if (truncated) xml.Element("ContinuationToken", crypto::Base64UrlEncode(buckets.back().name));
  if (call.target.Has("prefix")) xml.Element("Prefix", prefix);
  return XmlResponse(xml.Finish());
}

Result<Response> CreateBucket(S3Call& call) {
  const std::string& name = call.target.bucket;
  BERTH_ASSIGN_OR_RETURN(std::string constraint, LocationConstraint(call.request.body));
  // AWS's rules, with berth's one endpoint standing for each region's: no constraint means
  // us-east-1, which must not be named; a constraint must match the signing region.
  if (constraint == kDefaultRegion || !LooksLikeRegion(constraint)) {
    return errors::InvalidLocationConstraint();
  }
  const std::string region = constraint.empty() ? std::string(kDefaultRegion) : constraint;
  if (region != call.caller.region) {
    return errors::IllegalLocationConstraint(constraint, call.caller.region);
  }
  Status created =
      call.store.CreateBucket(BucketInfo{name, call.caller.principal.account_id, region, call.now});
  // us-east-1 answers its owner's repeated CreateBucket with 200 and changes nothing (S3's
  // legacy behaviour there); every other region says BucketAlreadyOwnedByYou.
  if (!created.ok() && !(created.error().code == "BucketAlreadyOwnedByYou" &&
                         region == kDefaultRegion && OwnBucketRegion(call, name) == region)) {
    return created.error();
  }
  Response response = Empty(200);
  response.SetHeader("Location", "/" + name);
  return response;
}

Result<Response> DeleteBucket(S3Call& call) {
  BERTH_RETURN_IF_ERROR(call.store.DeleteBucket(call.target.bucket));
  // Its policy went with it; a bucket made anew under the name starts without one.
  if (call.policies != nullptr) call.policies->Invalidate();
  return Empty(204);
}

Result<Response> HeadBucket(S3Call& call) {
  Response response = Empty(200);
  response.SetHeader("x-amz-bucket-region", call.bucket->region);
  response.SetHeader("x-amz-access-point-alias", "false");
  return response;
}

Result<Response> GetBucketLocation(S3Call& call) {
  // us-east-1 is the empty constraint.
  const std::string& region = call.bucket->region;
  XmlWriter xml("LocationConstraint");
  std::string body = xml.Finish();
  if (region != kDefaultRegion) {
    std::string escaped;
    xml::AppendEscaped(escaped, region);
    body.insert(body.rfind("</LocationConstraint>"), escaped);
  }
  return XmlResponse(std::move(body));
}

}  // namespace berth::services::s3
