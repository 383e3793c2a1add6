// ListObjects (v1 and v2), ListMultipartUploads, ListParts.
#include "core/crypto.h"
#include "core/url.h"
#include "services/s3/api/headers.h"
#include "services/s3/api/xml.h"
#include "services/s3/handlers/handlers.h"
#include "services/s3/model/errors.h"

namespace berth::services::s3 {
namespace {

constexpr int64_t kMaxKeys = static_cast<int64_t>(kMaxListKeys);
constexpr int64_t kMaxParts = 1000;

// encoding-type=url: names in the answer are URL-encoded (so keys with characters XML cannot
// carry survive), and the answer says so.
struct Names {
  bool url = false;
  std::string operator()(std::string_view name) const {
    return url ? url::UriEncode(name, /*encode_slash=*/false) : std::string(name);
  }
};

Result<Names> EncodingOf(const S3Call& call) {
  auto type = call.target.Query("encoding-type");
  if (!type) return Names{};
  if (*type != "url") {
    call.details = {{"ArgumentName", "encoding-type"}, {"ArgumentValue", *type}};
    return errors::InvalidArgument("Invalid Encoding Method specified in Request");
  }
  return Names{true};
}

void WriteOwner(XmlWriter& xml, std::string_view element, std::string_view account) {
  xml.Open(element)
      .Element("ID", CanonicalUserId(account))
      .Element("DisplayName", account)
      .Close(element);
}

// Who started an upload, and whose it is.
void WriteInitiatorAndOwner(XmlWriter& xml, const MultipartUpload& upload) {
  xml.Open("Initiator")
      .Element("ID", upload.initiator_arn)
      .Element("DisplayName", upload.initiator_arn)
      .Close("Initiator");
  WriteOwner(xml, "Owner", upload.owner);
}

void WriteEntries(XmlWriter& xml, const ListPage& page, const Names& names, bool owner,
                  std::string_view account) {
  for (const auto& object : page.objects) {
    xml.Open("Contents")
        .Element("Key", names(object.key))
        .Time("LastModified", object.last_modified)
        .Element("ETag", Quoted(object.etag))
        .Element("Size", object.size);
    if (owner) WriteOwner(xml, "Owner", account);
    xml.Element("StorageClass", object.storage_class).Close("Contents");
  }
  for (const auto& prefix : page.common_prefixes) {
    xml.Open("CommonPrefixes").Element("Prefix", names(prefix)).Close("CommonPrefixes");
  }
}

// prefix, delimiter and max-keys (as asked, in *max_keys; at most 1000 in the query), the
// parameters both versions of ListObjects share.
Result<ListQuery> ListQueryOf(const S3Call& call, int64_t* max_keys) {
  BERTH_ASSIGN_OR_RETURN(*max_keys, IntegerParam(call, "max-keys", 0, INT32_MAX, kMaxKeys));
  ListQuery query;
  query.prefix = call.target.Query("prefix").value_or("");
  query.delimiter = call.target.Query("delimiter").value_or("");
  query.max_keys = static_cast<size_t>(std::min(*max_keys, kMaxKeys));
  return query;
}

}  // namespace

Result<Response> ListObjects(S3Call& call) {
  BERTH_ASSIGN_OR_RETURN(Names names, EncodingOf(call));
  int64_t max_keys = 0;
  BERTH_ASSIGN_OR_RETURN(ListQuery query, ListQueryOf(call, &max_keys));
  query.start_after = call.target.Query("marker").value_or("");
  BERTH_ASSIGN_OR_RETURN(ListPage page, call.store.ListObjects(call.target.bucket, query));

  XmlWriter xml("ListBucketResult");
  xml.Element("Name", call.target.bucket)
      .Element("Prefix", names(query.prefix))
      .Element("Marker", names(query.start_after));
  // As S3: NextMarker only with a delimiter; otherwise the last key is the next marker.
  if (page.truncated && !query.delimiter.empty()) xml.Element("NextMarker", names(page.last));
  xml.Element("MaxKeys", static_cast<uint64_t>(max_keys));
  if (!query.delimiter.empty()) xml.Element("Delimiter", names(query.delimiter));
  xml.Bool("IsTruncated", page.truncated);
  if (names.url) xml.Element("EncodingType", "url");
  WriteEntries(xml, page, names, /*owner=*/true, call.bucket->owner);
  return XmlResponse(xml.Finish());
}

Result<Response> ListObjectsV2(S3Call& call) {
  BERTH_ASSIGN_OR_RETURN(Names names, EncodingOf(call));
  int64_t max_keys = 0;
  BERTH_ASSIGN_OR_RETURN(ListQuery query, ListQueryOf(call, &max_keys));
  const auto start_after = call.target.Query("start-after");
  const auto token = call.target.Query("continuation-token");
  if (token) {
    // The token is where the previous page ended (opaque to clients).
    auto last = crypto::Base64UrlDecode(*token);
    if (!last || last->empty()) {
      call.details = {{"ArgumentName", "continuation-token"}};
      return errors::InvalidArgument("The continuation token provided is incorrect");
    }
    query.start_after = std::move(*last);
  } else if (start_after) {
    query.start_after = *start_after;
  }
  const bool fetch_owner = call.target.Query("fetch-owner") == "true";
  BERTH_ASSIGN_OR_RETURN(ListPage page, call.store.ListObjects(call.target.bucket, query));

  XmlWriter xml("ListBucketResult");
  xml.Element("Name", call.target.bucket).Element("Prefix", names(query.prefix));
  if (start_after) xml.Element("StartAfter", names(*start_after));
  if (token) xml.Element("ContinuationToken", *token);
  if (page.truncated) xml.Element("NextContinuationToken", crypto::Base64UrlEncode(page.last));
  xml.Element("KeyCount", page.objects.size() + page.common_prefixes.size())
      .Element("MaxKeys", static_cast<uint64_t>(max_keys));
  if (!query.delimiter.empty()) xml.Element("Delimiter", names(query.delimiter));
  xml.Bool("IsTruncated", page.truncated);
  if (names.url) xml.Element("EncodingType", "url");
  WriteEntries(xml, page, names, fetch_owner, call.bucket->owner);
  return XmlResponse(xml.Finish());
}

Result<Response> ListMultipartUploads(S3Call& call) {
  BERTH_ASSIGN_OR_RETURN(Names names, EncodingOf(call));
  BERTH_ASSIGN_OR_RETURN(int64_t max, IntegerParam(call, "max-uploads", 0, INT32_MAX, 1000));
  UploadListQuery query;
  query.prefix = call.target.Query("prefix").value_or("");
  query.key_marker = call.target.Query("key-marker").value_or("");
  query.upload_id_marker = call.target.Query("upload-id-marker").value_or("");
  if (query.key_marker.empty()) query.upload_id_marker.clear();  // S3 ignores it then
  query.max_uploads = static_cast<size_t>(std::min<int64_t>(max, 1000));
  const std::string delimiter = call.target.Query("delimiter").value_or("");
  BERTH_ASSIGN_OR_RETURN(auto page, call.store.ListUploads(call.target.bucket, query));

  XmlWriter xml("ListMultipartUploadsResult");
  xml.Element("Bucket", call.target.bucket)
      .Element("KeyMarker", names(query.key_marker))
      .Element("UploadIdMarker", query.upload_id_marker);
  if (page.truncated && !page.uploads.empty()) {
    xml.Element("NextKeyMarker", names(page.uploads.back().key))
        .Element("NextUploadIdMarker", page.uploads.back().upload_id);
  }
  if (!query.prefix.empty()) xml.Element("Prefix", names(query.prefix));
  if (!delimiter.empty()) xml.Element("Delimiter", names(delimiter));
  xml.Element("MaxUploads", static_cast<uint64_t>(max)).Bool("IsTruncated", page.truncated);
  if (names.url) xml.Element("EncodingType", "url");
  // With a delimiter, uploads of keys past it roll up into common prefixes (within the page).
  std::vector<std::string> prefixes;
  for (const auto& upload : page.uploads) {
    const size_t at =
        delimiter.empty() ? std::string::npos : upload.key.find(delimiter, query.prefix.size());
    if (at != std::string::npos) {
      std::string common = upload.key.substr(0, at + delimiter.size());
      if (prefixes.empty() || prefixes.back() != common) prefixes.push_back(std::move(common));
      continue;
    }
    xml.Open("Upload").Element("Key", names(upload.key)).Element("UploadId", upload.upload_id);
    WriteInitiatorAndOwner(xml, upload);
    xml.Element("StorageClass", StorageClassOf(upload.how.headers))
        .Time("Initiated", upload.initiated);
    if (!upload.checksum_algorithm.empty()) {
      xml.Element("ChecksumAlgorithm", upload.checksum_algorithm);
    }
    xml.Close("Upload");
  }
  for (const auto& prefix : prefixes) {
    xml.Open("CommonPrefixes").Element("Prefix", names(prefix)).Close("CommonPrefixes");
  }
  return XmlResponse(xml.Finish());
}

Result<Response> ListParts(S3Call& call) {
  const std::string upload_id = call.target.Query("uploadId").value_or("");
  BERTH_ASSIGN_OR_RETURN(auto upload,
                         call.store.GetUpload(call.target.bucket, call.target.key, upload_id));
  BERTH_ASSIGN_OR_RETURN(int64_t max, IntegerParam(call, "max-parts", 0, INT32_MAX, kMaxParts));
  BERTH_ASSIGN_OR_RETURN(int64_t after,
                         IntegerParam(call, "part-number-marker", 0, kMaxPartNumber, 0));
  BERTH_ASSIGN_OR_RETURN(auto page,
                         call.store.ListParts(upload, static_cast<int>(after),
                                              static_cast<size_t>(std::min(max, kMaxParts))));
  XmlWriter xml("ListPartsResult");
  xml.Element("Bucket", call.target.bucket)
      .Element("Key", call.target.key)
      .Element("UploadId", upload.upload_id)
      .Element("PartNumberMarker", static_cast<uint64_t>(after));
  if (!page.parts.empty()) {
    xml.Element("NextPartNumberMarker", static_cast<uint64_t>(page.parts.back().number));
  }
  xml.Element("MaxParts", static_cast<uint64_t>(max)).Bool("IsTruncated", page.truncated);
  for (const auto& part : page.parts) {
    xml.Open("Part")
        .Element("PartNumber", static_cast<uint64_t>(part.number))
        .Time("LastModified", part.last_modified)
        .Element("ETag", Quoted(part.etag))
        .Element("Size", part.size);
    if (!part.checksum.empty() && !upload.checksum_algorithm.empty()) {
      xml.Element("Checksum" + upload.checksum_algorithm, part.checksum);
    }
    xml.Close("Part");
  }
  WriteInitiatorAndOwner(xml, upload);
  xml.Element("StorageClass", StorageClassOf(upload.how.headers));
  if (!upload.checksum_algorithm.empty()) {
    xml.Element("ChecksumAlgorithm", upload.checksum_algorithm);
  }
  return XmlResponse(xml.Finish());
}

}  // namespace berth::services::s3
