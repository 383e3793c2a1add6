#include <algorithm>

#include "core/crypto.h"
#include "services/ecr/handlers/handlers.h"
#include "services/ecr/handlers/pagination.h"
#include "services/ecr/image_writes.h"
#include "services/ecr/model/errors.h"
#include "services/ecr/model/manifest.h"
#include "services/ecr/model/validation.h"
#include "store/blob_store.h"

namespace berth::services::ecr::handlers {
namespace {

constexpr uint64_t kMaxManifestBytes = 4 << 20;

std::string Describe(const ImageId& id) {
  std::string out = "{";
  if (id.digest) out += "imageDigest:'" + *id.digest + "'";
  if (id.digest && id.tag) out += ", ";
  if (id.tag) out += "imageTag:'" + *id.tag + "'";
  return out + "}";
}

Document Failure(const ImageId& id, const char* code, const std::string& reason) {
  Document f;
  f["imageId"] = EncodeImageId(id);
  f["failureCode"] = code;
  f["failureReason"] = reason;
  return f;
}

// How an imageId resolves within a repository.
struct Resolved {
  std::optional<Image> image;
  const char* failure_code = nullptr;  // set when the id cannot resolve
  std::string failure_reason;
};

Result<Resolved> Resolve(EcrService& s, const Repository& repo, const ImageId& id) {
  Resolved r;
  if (!id.digest && !id.tag) {
    r.failure_code = "MissingDigestAndTag";
    r.failure_reason = "Invalid request parameters: both tag and digest cannot be null";
    return r;
  }
  if (id.digest && !store::IsValidDigest(*id.digest)) {
    r.failure_code = "InvalidImageDigest";
    r.failure_reason = "Invalid request parameters: image digest should satisfy the regex "
                       "'[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+'";
    return r;
  }
  if (id.tag && !IsValidImageTag(*id.tag)) {
    r.failure_code = "InvalidImageTag";
    r.failure_reason = "Invalid request parameters: image tag is not valid";
    return r;
  }
  std::optional<std::string> digest = id.digest;
  if (id.tag) {
    BERTH_ASSIGN_OR_RETURN(auto target, s.store().ResolveTag(repo.id, *id.tag));
    if (target && digest && *target != *digest) {
      r.failure_code = "ImageTagDoesNotMatchDigest";
      r.failure_reason = "Invalid request parameters: given tag does not map to the given digest";
      return r;
    }
    if (!target && !digest) {
      r.failure_code = "ImageNotFound";
      r.failure_reason = "Requested image not found";
      return r;
    }
    if (target) digest = target;
  }
  BERTH_ASSIGN_OR_RETURN(r.image, s.store().FindImageByDigest(repo.id, *digest));
  if (!r.image) {
    r.failure_code = "ImageNotFound";
    r.failure_reason = "Requested image not found";
  }
  return r;
}

// Entries of ListImages: one per (digest, tag), untagged images once with no tag.
std::vector<ImageId> ImageIdsOf(const std::vector<Image>& images) {
  std::vector<ImageId> ids;
  for (const auto& image : images) {
    if (image.tags.empty()) ids.push_back({image.digest, std::nullopt});
    for (const auto& tag : image.tags) ids.push_back({image.digest, tag});
  }
  return ids;
}

std::string KeyOf(const ImageId& id) { return id.digest.value_or("") + "|" + id.tag.value_or(""); }

}  // namespace

Result<Document> ListImages(EcrService& s, CallContext& ctx, const ListImagesInput& in) {
  BERTH_ASSIGN_OR_RETURN(Repository repo,
                         s.RequireRepository(ctx, in.repo.registry_id, in.repo.name));
  BERTH_ASSIGN_OR_RETURN(auto images, s.store().ListImages(repo.id, in.filter));
  std::vector<ImageId> ids = ImageIdsOf(images);
  std::string after;
  if (in.page.next_token) {
    BERTH_ASSIGN_OR_RETURN(after, DecodePageToken("list", *in.page.next_token));
  }
  Document out;
  out["imageIds"] = Paginate(ids, after, in.page.max_results, "list", KeyOf, EncodeImageId, out);
  return out;
}

Result<Document> DescribeImages(EcrService& s, CallContext& ctx, const DescribeImagesInput& in) {
  BERTH_ASSIGN_OR_RETURN(Repository repo,
                         s.RequireRepository(ctx, in.repo.registry_id, in.repo.name));
  Document details = Document::MakeList();
  Document out;
  if (in.ids) {
    for (const auto& id : *in.ids) {
      BERTH_ASSIGN_OR_RETURN(Resolved r, Resolve(s, repo, id));
      if (!r.image) {
        if (r.failure_code != std::string_view("ImageNotFound")) {
          return errors::InvalidParameter(r.failure_reason);
        }
        return errors::ImageNotFound("The image with imageId " + Describe(id) +
                                     " does not exist within the repository with name '" +
                                     repo.name + "' in the registry with id '" +
                                     repo.registry_id + "'");
      }
      details.Push(EncodeImageDetail(*r.image, repo));
    }
    out["imageDetails"] = std::move(details);
    return out;
  }
  BERTH_ASSIGN_OR_RETURN(auto images, s.store().ListImages(repo.id, in.filter));
  std::string after;
  if (in.page.next_token) {
    BERTH_ASSIGN_OR_RETURN(after, DecodePageToken("describe", *in.page.next_token));
  }
  out["imageDetails"] = Paginate(
      images, after, in.page.max_results, "describe",
      [](const Image& i) { return i.digest; },
      [&](const Image& i) { return EncodeImageDetail(i, repo); }, out);
  return out;
}

Result<Document> BatchGetImage(EcrService& s, CallContext& ctx, const BatchGetImageInput& in) {
  BERTH_ASSIGN_OR_RETURN(Repository repo,
                         s.RequireRepository(ctx, in.repo.registry_id, in.repo.name));
  Document images = Document::MakeList();
  Document failures = Document::MakeList();
  for (const auto& id : in.ids) {
    BERTH_ASSIGN_OR_RETURN(Resolved r, Resolve(s, repo, id));
    if (!r.image) {
      failures.Push(Failure(id, r.failure_code, r.failure_reason));
      continue;
    }
    if (in.accepted_media_types &&
        std::find(in.accepted_media_types->begin(), in.accepted_media_types->end(),
                  r.image->media_type) == in.accepted_media_types->end()) {
      failures.Push(Failure(id, "ImageNotFound",
                            "Requested image not found in an accepted media type"));
      continue;
    }
    BERTH_ASSIGN_OR_RETURN(std::string manifest,
                           s.blobs().ReadAll(r.image->digest, kMaxManifestBytes));
    BERTH_RETURN_IF_ERROR(NotePull(s, repo, *r.image, ctx.now));
    Document image;
    image["registryId"] = repo.registry_id;
    image["repositoryName"] = repo.name;
    image["imageId"] = EncodeImageId({r.image->digest, id.tag});
    image["imageManifest"] = std::move(manifest);
    image["imageManifestMediaType"] = r.image->media_type;
    images.Push(std::move(image));
  }
  Document out;
  out["images"] = std::move(images);
  out["failures"] = std::move(failures);
  return out;
}

Result<Document> BatchDeleteImage(EcrService& s, CallContext& ctx,
                                  const BatchDeleteImageInput& in) {
  BERTH_ASSIGN_OR_RETURN(Repository repo,
                         s.RequireRepository(ctx, in.repo.registry_id, in.repo.name));
  Document deleted = Document::MakeList();
  Document failures = Document::MakeList();
  for (const auto& id : in.ids) {
    BERTH_ASSIGN_OR_RETURN(Resolved r, Resolve(s, repo, id));
    if (!r.image) {
      failures.Push(Failure(id, r.failure_code, r.failure_reason));
      continue;
    }
    // By digest the image and every tag on it go; by tag the tag goes, and the image too when
    // that was its last tag. Either way not while a manifest list still names the image.
    BERTH_ASSIGN_OR_RETURN(ImageDeletion done,
                           id.digest ? s.store().DeleteImage(repo.id, r.image->digest)
                                     : s.store().RemoveTag(repo.id, *id.tag));
    switch (done.outcome) {
      case ImageDeletion::Outcome::kNotFound:  // deleted meanwhile
        failures.Push(Failure(id, "ImageNotFound", "Requested image not found"));
        break;
      case ImageDeletion::Outcome::kReferenced: {
        std::string parents;
        for (const auto& p : done.parents) parents += (parents.empty() ? "" : ", ") + p;
        failures.Push(Failure(id, "ImageReferencedByManifestList",
                              "Requested image referenced by manifest list: [" + parents + "]"));
        break;
      }
      case ImageDeletion::Outcome::kDeleted:
        if (!id.digest) {
          deleted.Push(EncodeImageId({done.digest, id.tag}));
        } else if (r.image->tags.empty()) {
          deleted.Push(EncodeImageId({done.digest, std::nullopt}));
        } else {
          for (const auto& tag : r.image->tags) deleted.Push(EncodeImageId({done.digest, tag}));
        }
        break;
    }
  }
  Document out;
  out["imageIds"] = std::move(deleted);
  out["failures"] = std::move(failures);
  return out;
}

Result<Document> PutImage(EcrService& s, CallContext& ctx, const PutImageInput& in) {
  BERTH_ASSIGN_OR_RETURN(Repository repo,
                         s.RequireRepository(ctx, in.repo.registry_id, in.repo.name));
  const std::string digest = "sha256:" + crypto::Sha256Hex(in.manifest);
  if (in.digest && *in.digest != digest) return errors::ImageDigestDoesNotMatch(*in.digest, digest);
  BERTH_ASSIGN_OR_RETURN(ManifestWrite write,
                         WriteManifest(s, repo, in.manifest, in.media_type.value_or(""), in.tag,
                                       ctx.now));
  const PutImageOutcome outcome = write.outcome;
  if (outcome == PutImageOutcome::kAlreadyExists) {
    return errors::ImageAlreadyExists(
        "Image with digest '" + digest + "'" + (in.tag ? " and tag '" + *in.tag + "'" : "") +
        " already exists in the repository with name '" + repo.name +
        "' in registry with id '" + repo.registry_id + "'");
  }
  if (outcome == PutImageOutcome::kTagImmutable) {
    return errors::ImageTagAlreadyExists(*in.tag, repo.name);
  }
  Document out;
  Document& img = out["image"];
  img["registryId"] = repo.registry_id;
  img["repositoryName"] = repo.name;
  img["imageId"] = EncodeImageId({digest, in.tag});
  img["imageManifest"] = in.manifest;
  img["imageManifestMediaType"] = write.manifest.media_type;
  return out;
}

}  // namespace berth::services::ecr::handlers
