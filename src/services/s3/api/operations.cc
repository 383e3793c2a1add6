#include "services/s3/api/operations.h"

#include "core/url.h"
#include "services/s3/model/errors.h"
#include "services/s3/model/names.h"

namespace berth::services::s3 {
namespace {

enum class Level { kService, kBucket, kObject };

// The operations berth answers, in the operation-table shape every service uses.
struct OpName {
  OpId id;
  std::string_view name;
  std::string_view action;
  bool read_only;
};
constexpr OpName kOps[] = {
    {.id = OpId::kListBuckets,
     .name = "ListBuckets",
     .action = "s3:ListAllMyBuckets",
     .read_only = true},
    {.id = OpId::kCreateBucket,
     .name = "CreateBucket",
     .action = "s3:CreateBucket",
     .read_only = false},
    {.id = OpId::kDeleteBucket,
     .name = "DeleteBucket",
     .action = "s3:DeleteBucket",
     .read_only = false},
    {.id = OpId::kHeadBucket, .name = "HeadBucket", .action = "s3:ListBucket", .read_only = true},
    {.id = OpId::kGetBucketLocation,
     .name = "GetBucketLocation",
     .action = "s3:GetBucketLocation",
     .read_only = true},
    {.id = OpId::kListObjects, .name = "ListObjects", .action = "s3:ListBucket", .read_only = true},
    {.id = OpId::kListObjectsV2,
     .name = "ListObjectsV2",
     .action = "s3:ListBucket",
     .read_only = true},
    {.id = OpId::kListMultipartUploads,
     .name = "ListMultipartUploads",
     .action = "s3:ListBucketMultipartUploads",
     .read_only = true},
    // Authorized on the bucket; S3 checks s3:DeleteObject for each key named in the body.
    {.id = OpId::kDeleteObjects,
     .name = "DeleteObjects",
     .action = "s3:DeleteObject",
     .read_only = false},
    {.id = OpId::kGetObject, .name = "GetObject", .action = "s3:GetObject", .read_only = true},
    {.id = OpId::kHeadObject, .name = "HeadObject", .action = "s3:GetObject", .read_only = true},
    {.id = OpId::kPutObject, .name = "PutObject", .action = "s3:PutObject", .read_only = false},
    {.id = OpId::kCopyObject, .name = "CopyObject", .action = "s3:PutObject", .read_only = false},
    {.id = OpId::kDeleteObject,
     .name = "DeleteObject",
     .action = "s3:DeleteObject",
     .read_only = false},
    {.id = OpId::kCreateMultipartUpload,
     .name = "CreateMultipartUpload",
     .action = "s3:PutObject",
     .read_only = false},
    {.id = OpId::kUploadPart, .name = "UploadPart", .action = "s3:PutObject", .read_only = false},
    {.id = OpId::kUploadPartCopy,
     .name = "UploadPartCopy",
     .action = "s3:PutObject",
     .read_only = false},
    {.id = OpId::kCompleteMultipartUpload,
     .name = "CompleteMultipartUpload",
     .action = "s3:PutObject",
     .read_only = false},
    {.id = OpId::kAbortMultipartUpload,
     .name = "AbortMultipartUpload",
     .action = "s3:AbortMultipartUpload",
     .read_only = false},
    {.id = OpId::kListParts,
     .name = "ListParts",
     .action = "s3:ListMultipartUploadParts",
     .read_only = true},
    {.id = OpId::kGetObjectTagging,
     .name = "GetObjectTagging",
     .action = "s3:GetObjectTagging",
     .read_only = true},
    {.id = OpId::kGetBucketPolicy,
     .name = "GetBucketPolicy",
     .action = "s3:GetBucketPolicy",
     .read_only = true},
    {.id = OpId::kPutBucketPolicy,
     .name = "PutBucketPolicy",
     .action = "s3:PutBucketPolicy",
     .read_only = false},
    {.id = OpId::kDeleteBucketPolicy,
     .name = "DeleteBucketPolicy",
     .action = "s3:DeleteBucketPolicy",
     .read_only = false},
    {.id = OpId::kGetBucketPolicyStatus,
     .name = "GetBucketPolicyStatus",
     .action = "s3:GetBucketPolicyStatus",
     .read_only = true},
    {.id = OpId::kGetBucketTagging,
     .name = "GetBucketTagging",
     .action = "s3:GetBucketTagging",
     .read_only = true},
    {.id = OpId::kPutBucketTagging,
     .name = "PutBucketTagging",
     .action = "s3:PutBucketTagging",
     .read_only = false},
    // S3 has no s3:DeleteBucketTagging: removing the set is putting an empty one.
    {.id = OpId::kDeleteBucketTagging,
     .name = "DeleteBucketTagging",
     .action = "s3:PutBucketTagging",
     .read_only = false},
};

S3Operation Op(OpId id) {
  for (const OpName& op : kOps) {
    if (op.id == id) {
      return S3Operation{id, std::string(op.name), std::string(op.action), op.read_only};
    }
  }
  return S3Operation{};
}

// Sub-resources of operations berth does not offer, by level: the query parameter and the
// noun of their API names (GET acl on a bucket is GetBucketAcl, PUT is PutBucketAcl, …).
struct SubResource {
  Level level;
  std::string_view param;
  std::string_view noun;
};
constexpr SubResource kUnsupported[] = {
    {Level::kBucket, "acl", "BucketAcl"},
    {Level::kBucket, "versioning", "BucketVersioning"},
    {Level::kBucket, "versions", "ObjectVersions"},
    {Level::kBucket, "cors", "BucketCors"},
    {Level::kBucket, "lifecycle", "BucketLifecycleConfiguration"},
    {Level::kBucket, "encryption", "BucketEncryption"},
    {Level::kBucket, "website", "BucketWebsite"},
    {Level::kBucket, "logging", "BucketLogging"},
    {Level::kBucket, "notification", "BucketNotificationConfiguration"},
    {Level::kBucket, "replication", "BucketReplication"},
    {Level::kBucket, "ownershipControls", "BucketOwnershipControls"},
    {Level::kBucket, "publicAccessBlock", "PublicAccessBlock"},
    {Level::kBucket, "object-lock", "ObjectLockConfiguration"},
    {Level::kBucket, "accelerate", "BucketAccelerateConfiguration"},
    {Level::kBucket, "requestPayment", "BucketRequestPayment"},
    {Level::kBucket, "analytics", "BucketAnalyticsConfiguration"},
    {Level::kBucket, "metrics", "BucketMetricsConfiguration"},
    {Level::kBucket, "inventory", "BucketInventoryConfiguration"},
    {Level::kBucket, "intelligent-tiering", "BucketIntelligentTieringConfiguration"},
    {Level::kObject, "acl", "ObjectAcl"},
    {Level::kObject, "tagging", "ObjectTagging"},
    {Level::kObject, "retention", "ObjectRetention"},
    {Level::kObject, "legal-hold", "ObjectLegalHold"},
    {Level::kObject, "attributes", "ObjectAttributes"},
    {Level::kObject, "torrent", "ObjectTorrent"},
    {Level::kObject, "restore", "RestoreObject"},
    {Level::kObject, "select", "SelectObjectContent"},
};

std::string_view Verb(std::string_view method) {
  if (method == "GET" || method == "HEAD") return "Get";
  if (method == "DELETE") return "Delete";
  if (method == "POST") return "";
  return "Put";
}

// The unsupported operation the request asks for, if any.
std::optional<S3Operation> Unsupported(Level level, const RequestHead& head,
                                       const S3Request& request) {
  for (const SubResource& sub : kUnsupported) {
    if (sub.level != level || !request.Has(sub.param)) continue;
    std::string name = std::string(Verb(head.method)) + std::string(sub.noun);
    std::string action = "s3:" + name;  // AWS's action for most of them has the API's name
    return S3Operation{OpId::kNotImplemented, std::move(name), std::move(action),
                       head.method == "GET" || head.method == "HEAD"};
  }
  return std::nullopt;
}

// The bucket sub-resources berth keeps: ?policy, ?policyStatus, ?tagging.
std::optional<S3Operation> BucketConfigurationOf(std::string_view m, const S3Request& r) {
  if (r.Has("policyStatus")) {
    if (m == "GET") return Op(OpId::kGetBucketPolicyStatus);
  } else if (r.Has("policy")) {
    if (m == "GET") return Op(OpId::kGetBucketPolicy);
    if (m == "PUT") return Op(OpId::kPutBucketPolicy);
    if (m == "DELETE") return Op(OpId::kDeleteBucketPolicy);
  } else if (r.Has("tagging")) {
    if (m == "GET") return Op(OpId::kGetBucketTagging);
    if (m == "PUT") return Op(OpId::kPutBucketTagging);
    if (m == "DELETE") return Op(OpId::kDeleteBucketTagging);
  }
  return std::nullopt;
}

Result<S3Operation> OperationOf(Level level, const RequestHead& head, const S3Request& r) {
  const std::string& m = head.method;
  if (level == Level::kService) {
    if (m == "GET") return Op(OpId::kListBuckets);
    return errors::MethodNotAllowed();
  }
  if (level == Level::kObject && head.method == "GET" && r.Has("tagging")) {
    return Op(OpId::kGetObjectTagging);
  }
  if (level == Level::kBucket && (r.Has("policy") || r.Has("policyStatus") || r.Has("tagging"))) {
    if (auto op = BucketConfigurationOf(m, r)) return *op;
    return errors::MethodNotAllowed();
  }
  if (auto unsupported = Unsupported(level, head, r)) return *unsupported;
  if (level == Level::kBucket) {
    if (m == "GET") {
      if (r.Has("location")) return Op(OpId::kGetBucketLocation);
      if (r.Has("uploads")) return Op(OpId::kListMultipartUploads);
      if (r.Query("list-type") == "2") return Op(OpId::kListObjectsV2);
      return Op(OpId::kListObjects);
    }
    if (m == "HEAD") return Op(OpId::kHeadBucket);
    if (m == "PUT") return Op(OpId::kCreateBucket);
    if (m == "DELETE") return Op(OpId::kDeleteBucket);
    if (m == "POST" && r.Has("delete")) return Op(OpId::kDeleteObjects);
    return errors::MethodNotAllowed();
  }
  const bool copies = head.Find("x-amz-copy-source") != nullptr;
  if (m == "GET") return r.Has("uploadId") ? Op(OpId::kListParts) : Op(OpId::kGetObject);
  if (m == "HEAD") return Op(OpId::kHeadObject);
  if (m == "PUT") {
    if (r.Has("uploadId") || r.Has("partNumber"))
      return Op(copies ? OpId::kUploadPartCopy : OpId::kUploadPart);
    return Op(copies ? OpId::kCopyObject : OpId::kPutObject);
  }
  if (m == "DELETE")
    return r.Has("uploadId") ? Op(OpId::kAbortMultipartUpload) : Op(OpId::kDeleteObject);
  if (m == "POST") {
    if (r.Has("uploads")) return Op(OpId::kCreateMultipartUpload);
    if (r.Has("uploadId")) return Op(OpId::kCompleteMultipartUpload);
  }
  return errors::MethodNotAllowed();
}

}  // namespace

std::optional<std::string> S3Request::Query(std::string_view name) const {
  for (const auto& [k, v] : query)
    if (k == name) return v;
  return std::nullopt;
}

Result<S3Request> ParseS3Request(const RequestHead& head) {
  S3Request request;
  auto query = url::ParseQuery(head.query, /*plus_as_space=*/false);
  if (!query) return Error{"InvalidURI", "Couldn't parse the specified URI.", 400};
  request.query = std::move(*query);

  std::string_view path = head.path;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  const size_t slash = path.find('/');
  auto bucket = url::PercentDecode(path.substr(0, slash));
  if (!bucket) return Error{"InvalidURI", "Couldn't parse the specified URI.", 400};
  request.bucket = std::move(*bucket);
  if (slash != std::string_view::npos) {
    auto key = url::PercentDecode(path.substr(slash + 1));
    if (!key) return Error{"InvalidURI", "Couldn't parse the specified URI.", 400};
    request.key = std::move(*key);
  }
  const Level level = request.bucket.empty() ? Level::kService
                      : request.key.empty()  ? Level::kBucket
                                             : Level::kObject;
  BERTH_ASSIGN_OR_RETURN(request.op, OperationOf(level, head, request));
  if (level != Level::kService && !IsValidBucketName(request.bucket)) {
    return errors::InvalidBucketName();
  }
  return request;
}

}  // namespace berth::services::s3
