#include "services/ecr/api/shapes.h"

#include <algorithm>

#include "core/crypto.h"
#include "services/ecr/ecr_service.h"
#include "services/ecr/model/errors.h"
#include "services/ecr/model/validation.h"

namespace berth::services::ecr {
namespace {

constexpr size_t kMaxTags = 50;

Error OutOfRange(const std::string& field, int64_t min, int64_t max) {
  return errors::InvalidParameter("Invalid parameter at '" + field +
                                  "' failed to satisfy constraint: 'Member must have value "
                                  "between " + std::to_string(min) + " and " +
                                  std::to_string(max) + ", inclusive'");
}

// registryId and repositoryName, which nearly every operation takes.
void ReadRepositoryRef(FieldReader& r, RepositoryRef& out) {
  out.registry_id = r.OptionalString("registryId");
  out.name = r.RequiredString("repositoryName");
}

void ReadPage(FieldReader& r, Page& out, int64_t max) {
  out.next_token = r.OptionalString("nextToken");
  if (auto m = r.OptionalInt("maxResults")) {
    if (*m < 1 || *m > max) r.Fail(OutOfRange("maxResults", 1, max));
    out.max_results = *m;
  }
}

// [{"Key": k, "Value": v}, …] (ECR spells these members with capitals).
std::map<std::string, std::string> ReadTags(FieldReader& r, const char* member) {
  std::map<std::string, std::string> tags;
  const Document* list = r.OptionalList(member);
  if (list == nullptr) return tags;
  for (const auto& item : list->as_list()) {
    FieldReader t(item);
    std::string key = t.RequiredString("Key");
    std::optional<std::string> value = t.OptionalString("Value");
    if (!t.ok()) {
      r.Fail(t.status().error());
      return tags;
    }
    if (key.empty() || key.size() > 128 || (value && value->size() > 256)) {
      r.Fail(errors::InvalidTagParameter("Invalid parameter at 'tags' failed to satisfy "
                                         "constraint: 'Tag keys must be 1-128 characters and "
                                         "values at most 256'"));
      return tags;
    }
    tags[key] = value.value_or("");
  }
  if (tags.size() > kMaxTags) {
    r.Fail(errors::TooManyTags("A repository can have at most 50 tags"));
  }
  return tags;
}

TagStatus ReadTagFilter(FieldReader& r) {
  const Document* filter = r.OptionalMap("filter");
  if (filter == nullptr) return TagStatus::kAny;
  FieldReader f(*filter);
  auto status = f.OptionalString("tagStatus");
  if (!f.ok()) {
    r.Fail(f.status().error());
    return TagStatus::kAny;
  }
  if (!status || *status == "ANY") return TagStatus::kAny;
  if (*status == "TAGGED") return TagStatus::kTagged;
  if (*status == "UNTAGGED") return TagStatus::kUntagged;
  r.Fail(errors::InvalidParameter("Invalid parameter at 'filter.tagStatus' failed to satisfy "
                                  "constraint: 'Member must satisfy enum value set: [TAGGED, "
                                  "UNTAGGED, ANY]'"));
  return TagStatus::kAny;
}

std::vector<ImageId> ReadImageIds(FieldReader& r, const char* member, bool required) {
  std::vector<ImageId> ids;
  const Document* list = r.OptionalList(member);
  if (list == nullptr) {
    if (required) r.RequiredString(member);  // records the "must not be null" error
    return ids;
  }
  if (list->as_list().empty() || list->as_list().size() > 100) {
    r.Fail(OutOfRange(std::string(member) + ".length", 1, 100));
    return ids;
  }
  for (const auto& item : list->as_list()) {
    FieldReader f(item);
    ImageId id{f.OptionalString("imageDigest"), f.OptionalString("imageTag")};
    if (!f.ok()) {
      r.Fail(f.status().error());
      return ids;
    }
    ids.push_back(std::move(id));
  }
  return ids;
}

TagMutability ReadMutability(FieldReader& r, const std::string& value) {
  auto parsed = ParseTagMutability(value);
  if (!parsed) {
    r.Fail(errors::InvalidParameter(
        "Invalid parameter at 'imageTagMutability' failed to satisfy constraint: 'Member must "
        "satisfy enum value set: [MUTABLE, IMMUTABLE, IMMUTABLE_WITH_EXCLUSION, "
        "MUTABLE_WITH_EXCLUSION]'"));
  }
  return parsed.value_or(TagMutability::kMutable);
}

// imageTagMutabilityExclusionFilters: 1–5 WILDCARD filters of [0-9a-zA-Z._*-]{1,128}, given
// with (and only with) a *_WITH_EXCLUSION setting.
std::vector<std::string> ReadMutabilityExclusions(FieldReader& r, TagMutability mutability) {
  constexpr char kMember[] = "imageTagMutabilityExclusionFilters";
  std::vector<std::string> out;
  const Document* list = r.OptionalList(kMember);
  const bool wanted = mutability == TagMutability::kImmutableWithExclusion ||
                      mutability == TagMutability::kMutableWithExclusion;
  if (list == nullptr) {
    if (wanted && r.ok()) {
      r.Fail(errors::InvalidParameter(
          "Invalid parameter at 'imageTagMutabilityExclusionFilters' failed to satisfy "
          "constraint: 'imageTagMutabilityExclusionFilters must be provided when "
          "imageTagMutability is " + std::string(ToString(mutability)) + "'"));
    }
    return out;
  }
  if (!wanted) {
    r.Fail(errors::InvalidParameter(
        "Invalid parameter at 'imageTagMutabilityExclusionFilters' failed to satisfy "
        "constraint: 'imageTagMutabilityExclusionFilters can only be provided when "
        "imageTagMutability is IMMUTABLE_WITH_EXCLUSION or MUTABLE_WITH_EXCLUSION'"));
    return out;
  }
  if (list->as_list().empty() || list->as_list().size() > 5) {
    r.Fail(OutOfRange(std::string(kMember) + ".length", 1, 5));
    return out;
  }
  for (const auto& item : list->as_list()) {
    FieldReader f(item);
    const std::string type = f.RequiredString("filterType");
    std::string filter = f.RequiredString("filter");
    if (!f.ok()) {
      r.Fail(f.status().error());
      return out;
    }
    const bool valid_filter =
        !filter.empty() && filter.size() <= 128 &&
        std::all_of(filter.begin(), filter.end(), [](char c) {
          return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                 c == '.' || c == '_' || c == '*' || c == '-';
        });
    if (type != "WILDCARD") {
      r.Fail(errors::InvalidParameter(
          "Invalid parameter at 'imageTagMutabilityExclusionFilters.filterType' failed to "
          "satisfy constraint: 'Member must satisfy enum value set: [WILDCARD]'"));
      return out;
    }
    if (!valid_filter) {
      r.Fail(errors::InvalidParameter(
          "Invalid parameter at 'imageTagMutabilityExclusionFilters.filter' failed to satisfy "
          "constraint: 'Member must satisfy regular expression pattern: "
          "^[0-9a-zA-Z._*-]{1,128}$'"));
      return out;
    }
    out.push_back(std::move(filter));
  }
  return out;
}

template <class T>
Result<T> Finish(const FieldReader& r, T value) {
  if (!r.ok()) return r.status().error();
  return value;
}

}  // namespace

Result<RepositoryRef> DecodeRepositoryRef(const Document& in) {
  FieldReader r(in);
  RepositoryRef out;
  ReadRepositoryRef(r, out);
  return Finish(r, std::move(out));
}

Result<CreateRepositoryInput> DecodeCreateRepository(const Document& in) {
  FieldReader r(in);
  CreateRepositoryInput out;
  ReadRepositoryRef(r, out.repo);
  out.tags = ReadTags(r, "tags");
  if (auto m = r.OptionalString("imageTagMutability")) {
    out.mutability = ReadMutability(r, *m);
  }
  out.mutability_exclusions = ReadMutabilityExclusions(r, out.mutability);
  if (const Document* scanning = r.OptionalMap("imageScanningConfiguration")) {
    FieldReader s(*scanning);
    out.scan_on_push = s.OptionalBool("scanOnPush").value_or(false);
    if (!s.ok()) r.Fail(s.status().error());
  }
  if (const Document* encryption = r.OptionalMap("encryptionConfiguration")) {
    FieldReader e(*encryption);
    out.encryption_type = e.RequiredString("encryptionType");
    out.kms_key = e.OptionalString("kmsKey");
    if (!e.ok()) r.Fail(e.status().error());
    if (out.encryption_type != "AES256" && out.encryption_type != "KMS" &&
        out.encryption_type != "KMS_DSSE") {
      r.Fail(errors::InvalidParameter("Invalid parameter at 'encryptionType' failed to satisfy "
                                      "constraint: 'Member must satisfy enum value set: [AES256, "
                                      "KMS, KMS_DSSE]'"));
    }
    if (out.encryption_type == "AES256" && out.kms_key) {
      r.Fail(errors::InvalidParameter("Invalid parameter at 'kmsKey': a KMS key can only be "
                                      "given with encryptionType KMS"));
    }
  }
  return Finish(r, std::move(out));
}

Result<DescribeRepositoriesInput> DecodeDescribeRepositories(const Document& in) {
  FieldReader r(in);
  DescribeRepositoriesInput out;
  out.registry_id = r.OptionalString("registryId");
  out.names = r.OptionalStringList("repositoryNames");
  ReadPage(r, out.page, 1000);
  if (out.names && (out.names->empty() || out.names->size() > 100)) {
    r.Fail(OutOfRange("repositoryNames.length", 1, 100));
  }
  if (out.names && (out.page.next_token || r.OptionalInt("maxResults"))) {
    r.Fail(errors::InvalidParameter("Invalid parameter: maxResults and nextToken cannot be used "
                                    "with repositoryNames"));
  }
  return Finish(r, std::move(out));
}

Result<DeleteRepositoryInput> DecodeDeleteRepository(const Document& in) {
  FieldReader r(in);
  DeleteRepositoryInput out;
  ReadRepositoryRef(r, out.repo);
  out.force = r.OptionalBool("force").value_or(false);
  return Finish(r, std::move(out));
}

Result<PutImageTagMutabilityInput> DecodePutImageTagMutability(const Document& in) {
  FieldReader r(in);
  PutImageTagMutabilityInput out;
  ReadRepositoryRef(r, out.repo);
  std::string m = r.RequiredString("imageTagMutability");
  if (r.ok()) out.mutability = ReadMutability(r, m);
  out.mutability_exclusions = ReadMutabilityExclusions(r, out.mutability);
  return Finish(r, std::move(out));
}

Result<PutImageScanningConfigurationInput> DecodePutImageScanningConfiguration(
    const Document& in) {
  FieldReader r(in);
  PutImageScanningConfigurationInput out;
  ReadRepositoryRef(r, out.repo);
  const Document* scanning = r.OptionalMap("imageScanningConfiguration");
  if (scanning == nullptr) {
    r.RequiredString("imageScanningConfiguration");
  } else {
    FieldReader s(*scanning);
    out.scan_on_push = s.OptionalBool("scanOnPush").value_or(false);
    if (!s.ok()) r.Fail(s.status().error());
  }
  return Finish(r, std::move(out));
}

Result<std::string> DecodeResourceArn(const Document& in) {
  FieldReader r(in);
  std::string arn = r.RequiredString("resourceArn");
  return Finish(r, std::move(arn));
}

Result<TagResourceInput> DecodeTagResource(const Document& in) {
  FieldReader r(in);
  TagResourceInput out;
  out.arn = r.RequiredString("resourceArn");
  if (r.OptionalList("tags") == nullptr) r.RequiredString("tags");
  out.tags = ReadTags(r, "tags");
  return Finish(r, std::move(out));
}

Result<UntagResourceInput> DecodeUntagResource(const Document& in) {
  FieldReader r(in);
  UntagResourceInput out;
  out.arn = r.RequiredString("resourceArn");
  auto keys = r.OptionalStringList("tagKeys");
  if (!keys) r.RequiredString("tagKeys");
  out.keys = keys.value_or(std::vector<std::string>{});
  return Finish(r, std::move(out));
}

Result<SetRepositoryPolicyInput> DecodeSetRepositoryPolicy(const Document& in) {
  FieldReader r(in);
  SetRepositoryPolicyInput out;
  ReadRepositoryRef(r, out.repo);
  out.policy_text = r.RequiredString("policyText");
  r.OptionalBool("force");  // accepted; berth has no lock-out check to skip
  return Finish(r, std::move(out));
}

Result<PutLifecyclePolicyInput> DecodePutLifecyclePolicy(const Document& in) {
  FieldReader r(in);
  PutLifecyclePolicyInput out;
  ReadRepositoryRef(r, out.repo);
  out.policy_text = r.RequiredString("lifecyclePolicyText");
  return Finish(r, std::move(out));
}

Result<std::string> DecodePutRegistryPolicy(const Document& in) {
  FieldReader r(in);
  std::string text = r.RequiredString("policyText");
  return Finish(r, std::move(text));
}

Result<StartLifecyclePolicyPreviewInput> DecodeStartLifecyclePolicyPreview(const Document& in) {
  FieldReader r(in);
  StartLifecyclePolicyPreviewInput out;
  ReadRepositoryRef(r, out.repo);
  out.policy_text = r.OptionalString("lifecyclePolicyText");
  return Finish(r, std::move(out));
}

Result<GetLifecyclePolicyPreviewInput> DecodeGetLifecyclePolicyPreview(const Document& in) {
  FieldReader r(in);
  GetLifecyclePolicyPreviewInput out;
  ReadRepositoryRef(r, out.repo);
  if (r.OptionalList("imageIds") != nullptr) {
    out.ids = ReadImageIds(r, "imageIds", false);
    if (in.Find("maxResults") != nullptr || in.Find("nextToken") != nullptr) {
      r.Fail(errors::InvalidParameter("Invalid parameter: maxResults and nextToken cannot be "
                                      "used together with imageIds"));
    }
  }
  ReadPage(r, out.page, 100);
  out.filter = ReadTagFilter(r);
  return Finish(r, std::move(out));
}

Result<ListImagesInput> DecodeListImages(const Document& in) {
  FieldReader r(in);
  ListImagesInput out;
  ReadRepositoryRef(r, out.repo);
  ReadPage(r, out.page, 1000);
  out.filter = ReadTagFilter(r);
  return Finish(r, std::move(out));
}

Result<DescribeImagesInput> DecodeDescribeImages(const Document& in) {
  FieldReader r(in);
  DescribeImagesInput out;
  ReadRepositoryRef(r, out.repo);
  if (r.OptionalList("imageIds") != nullptr) out.ids = ReadImageIds(r, "imageIds", false);
  ReadPage(r, out.page, 1000);
  out.filter = ReadTagFilter(r);
  return Finish(r, std::move(out));
}

Result<BatchGetImageInput> DecodeBatchGetImage(const Document& in) {
  FieldReader r(in);
  BatchGetImageInput out;
  ReadRepositoryRef(r, out.repo);
  out.ids = ReadImageIds(r, "imageIds", true);
  out.accepted_media_types = r.OptionalStringList("acceptedMediaTypes");
  return Finish(r, std::move(out));
}

Result<BatchDeleteImageInput> DecodeBatchDeleteImage(const Document& in) {
  FieldReader r(in);
  BatchDeleteImageInput out;
  ReadRepositoryRef(r, out.repo);
  out.ids = ReadImageIds(r, "imageIds", true);
  return Finish(r, std::move(out));
}

Result<PutImageInput> DecodePutImage(const Document& in) {
  FieldReader r(in);
  PutImageInput out;
  ReadRepositoryRef(r, out.repo);
  out.manifest = r.RequiredString("imageManifest");
  out.media_type = r.OptionalString("imageManifestMediaType");
  out.tag = r.OptionalString("imageTag");
  out.digest = r.OptionalString("imageDigest");
  if (r.ok() && out.tag && !IsValidImageTag(*out.tag)) {
    r.Fail(errors::InvalidParameter("Invalid parameter at 'imageTag' failed to satisfy "
                                    "constraint: 'must satisfy regular expression "
                                    "'[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}''"));
  }
  return Finish(r, std::move(out));
}

Result<BatchCheckLayerAvailabilityInput> DecodeBatchCheckLayerAvailability(const Document& in) {
  FieldReader r(in);
  BatchCheckLayerAvailabilityInput out;
  ReadRepositoryRef(r, out.repo);
  auto digests = r.OptionalStringList("layerDigests");
  if (!digests) r.RequiredString("layerDigests");
  out.digests = digests.value_or(std::vector<std::string>{});
  if (r.ok() && (out.digests.empty() || out.digests.size() > 100)) {
    r.Fail(OutOfRange("layerDigests.length", 1, 100));
  }
  return Finish(r, std::move(out));
}

Result<UploadLayerPartInput> DecodeUploadLayerPart(const Document& in) {
  FieldReader r(in);
  UploadLayerPartInput out;
  ReadRepositoryRef(r, out.repo);
  out.upload_id = r.RequiredString("uploadId");
  auto first = r.OptionalInt("partFirstByte");
  auto last = r.OptionalInt("partLastByte");
  auto blob = r.OptionalBlob("layerPartBlob");
  if (r.ok() && !first) r.RequiredString("partFirstByte");
  if (r.ok() && !last) r.RequiredString("partLastByte");
  if (r.ok() && !blob) r.RequiredString("layerPartBlob");
  out.first_byte = first.value_or(0);
  out.last_byte = last.value_or(0);
  out.blob = std::move(blob).value_or("");
  return Finish(r, std::move(out));
}

Result<CompleteLayerUploadInput> DecodeCompleteLayerUpload(const Document& in) {
  FieldReader r(in);
  CompleteLayerUploadInput out;
  ReadRepositoryRef(r, out.repo);
  out.upload_id = r.RequiredString("uploadId");
  auto digests = r.OptionalStringList("layerDigests");
  if (r.ok() && !digests) r.RequiredString("layerDigests");
  out.digests = digests.value_or(std::vector<std::string>{});
  return Finish(r, std::move(out));
}

Result<GetDownloadUrlForLayerInput> DecodeGetDownloadUrlForLayer(const Document& in) {
  FieldReader r(in);
  GetDownloadUrlForLayerInput out;
  ReadRepositoryRef(r, out.repo);
  out.digest = r.RequiredString("layerDigest");
  return Finish(r, std::move(out));
}

Document EncodeRepository(const Repository& repo, const pipeline::CallContext& ctx) {
  // On the hot path of every listing: the map is sized up front.
  Document d = Document::MakeMap(9);
  d["repositoryArn"] = RepositoryArn(ctx.region, repo.registry_id, repo.name);
  d["registryId"] = repo.registry_id;
  d["repositoryName"] = repo.name;
  std::string uri;
  uri.reserve(ctx.host.size() + 1 + repo.name.size());
  uri.append(ctx.host).append("/").append(repo.name);
  d["repositoryUri"] = std::move(uri);
  d["createdAt"] = Document::Timestamp(repo.created_at);
  d["imageTagMutability"] = ToString(repo.tag_mutability);
  if (!repo.tag_mutability_exclusions.empty()) {
    d["imageTagMutabilityExclusionFilters"] =
        EncodeMutabilityExclusions(repo.tag_mutability_exclusions);
  }
  Document scanning = Document::MakeMap(1);
  scanning["scanOnPush"] = repo.scan_on_push;
  d["imageScanningConfiguration"] = std::move(scanning);
  Document encryption = Document::MakeMap(2);
  encryption["encryptionType"] = repo.encryption_type;
  if (repo.kms_key) encryption["kmsKey"] = *repo.kms_key;
  d["encryptionConfiguration"] = std::move(encryption);
  return d;
}

Document EncodeImageId(const ImageId& id) {
  Document d = Document::MakeMap();
  if (id.digest) d["imageDigest"] = *id.digest;
  if (id.tag) d["imageTag"] = *id.tag;
  return d;
}

Document EncodeImageDetail(const Image& image, const Repository& repo) {
  Document d;
  d["registryId"] = repo.registry_id;
  d["repositoryName"] = repo.name;
  d["imageDigest"] = image.digest;
  if (!image.tags.empty()) {
    Document tags = Document::MakeList();
    for (const auto& t : image.tags) tags.Push(t);
    d["imageTags"] = std::move(tags);
  }
  d["imageSizeInBytes"] = static_cast<int64_t>(image.size);
  d["imagePushedAt"] = Document::Timestamp(image.pushed_at);
  d["imageManifestMediaType"] = image.media_type;
  if (image.artifact_media_type) d["artifactMediaType"] = *image.artifact_media_type;
  if (image.last_pulled_at) d["lastRecordedPullTime"] = Document::Timestamp(*image.last_pulled_at);
  if (image.subject) d["subjectManifestDigest"] = *image.subject;
  return d;
}

Document EncodeTags(const std::map<std::string, std::string>& tags) {
  Document list = Document::MakeList();
  for (const auto& [key, value] : tags) {
    Document tag;
    tag["Key"] = key;
    tag["Value"] = value;
    list.Push(std::move(tag));
  }
  return list;
}

Document EncodeMutabilityExclusions(const std::vector<std::string>& filters) {
  Document list = Document::MakeList();
  for (const auto& filter : filters) {
    Document f;
    f["filterType"] = "WILDCARD";
    f["filter"] = filter;
    list.Push(std::move(f));
  }
  return list;
}

std::string EncodePageToken(std::string_view kind, std::string_view last_key) {
  return crypto::Base64UrlEncode(std::string(kind) + "|" + std::string(last_key));
}

Result<std::string> DecodePageToken(std::string_view kind, const std::string& token) {
  auto raw = crypto::Base64UrlDecode(token);
  if (!raw || raw->size() <= kind.size() || raw->compare(0, kind.size(), kind) != 0 ||
      (*raw)[kind.size()] != '|') {
    return errors::InvalidParameter("Invalid parameter at 'nextToken' failed to satisfy "
                                    "constraint: 'Invalid pagination token'");
  }
  return raw->substr(kind.size() + 1);
}

}  // namespace berth::services::ecr
