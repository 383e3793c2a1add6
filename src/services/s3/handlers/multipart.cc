// CreateMultipartUpload, UploadPart, UploadPartCopy, CompleteMultipartUpload,
// AbortMultipartUpload.
#include <charconv>

#include "core/url.h"
#include "services/s3/api/headers.h"
#include "services/s3/api/xml.h"
#include "services/s3/handlers/handlers.h"
#include "services/s3/model/errors.h"
#include "services/s3/model/names.h"

namespace berth::services::s3 {
namespace {

Result<int> PartNumber(const S3Call& call) {
  auto number = IntegerParam(call, "partNumber", 1, kMaxPartNumber, 0);
  if (!number.ok() || *number == 0) {
    return errors::InvalidArgument(
        "Part number must be an integer between 1 and 10000, "
        "inclusive");
  }
  return static_cast<int>(*number);
}

Result<MultipartUpload> UploadOf(S3Call& call) {
  auto upload = call.store.GetUpload(call.target.bucket, call.target.key,
                                     call.target.Query("uploadId").value_or(""));
  if (!upload.ok() && upload.error().code == "NoSuchUpload") {
    call.details = {{"UploadId", call.target.Query("uploadId").value_or("")}};
  }
  return upload;
}

// The parts a CompleteMultipartUpload body lists.
Result<std::vector<CompletedPart>> ListedParts(std::string_view body,
                                               std::string_view checksum_algorithm) {
  BERTH_ASSIGN_OR_RETURN(XmlElement root, ParseXml(body));
  if (root.name != "CompleteMultipartUpload") return errors::MalformedXML();
  std::vector<CompletedPart> parts;
  for (const auto& element : root.children) {
    if (element.name != "Part") continue;
    const XmlElement* number = element.Child("PartNumber");
    const XmlElement* etag = element.Child("ETag");
    if (number == nullptr || etag == nullptr) return errors::MalformedXML();
    CompletedPart part;
    const std::string& text = number->text;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), part.number);
    if (ec != std::errc() || ptr != text.data() + text.size() || part.number < 1 ||
        part.number > kMaxPartNumber) {
      return errors::MalformedXML();
    }
    part.etag = etag->text;
    if (!checksum_algorithm.empty()) {
      if (const XmlElement* sum = element.Child("Checksum" + std::string(checksum_algorithm))) {
        part.checksum = sum->text;
      }
    }
    parts.push_back(std::move(part));
  }
  if (parts.empty() || parts.size() > static_cast<size_t>(kMaxPartNumber)) {
    return errors::MalformedXML();
  }
  return parts;
}

}  // namespace

Result<Response> CreateMultipartUpload(S3Call& call) {
  BERTH_RETURN_IF_ERROR(ValidateKey(call.target.key));
  MultipartUpload upload;
  upload.bucket = call.target.bucket;
  upload.key = call.target.key;
  upload.initiator_arn = call.caller.principal.arn;
  upload.owner = call.caller.principal.account_id;
  BERTH_ASSIGN_OR_RETURN(upload.how, ReadObjectWrite(call.head()));
  if (const std::string* algorithm = call.Header("x-amz-checksum-algorithm")) {
    auto parsed = ParseChecksumAlgorithm(*algorithm);
    if (!parsed) return errors::InvalidRequest("Checksum algorithm provided is unsupported.");
    upload.checksum_algorithm = std::string(ChecksumName(*parsed));
  }
  BERTH_ASSIGN_OR_RETURN(upload, call.store.CreateUpload(std::move(upload)));
  XmlWriter xml("InitiateMultipartUploadResult");
  xml.Element("Bucket", upload.bucket).Element("Key", upload.key);
  xml.Element("UploadId", upload.upload_id);
  Response response = XmlResponse(xml.Finish());
  if (!upload.checksum_algorithm.empty()) {
    response.SetHeader("x-amz-checksum-algorithm", upload.checksum_algorithm);
  }
  return response;
}

Result<Response> UploadPart(S3Call& call) {
  BERTH_ASSIGN_OR_RETURN(int number, PartNumber(call));
  BERTH_ASSIGN_OR_RETURN(MultipartUpload upload, UploadOf(call));
  BERTH_RETURN_IF_ERROR(call.sink->Finish());
  const std::string algorithm = call.sink->checksum_algorithm();
  if (!upload.checksum_algorithm.empty() && !algorithm.empty() &&
      algorithm != upload.checksum_algorithm) {
    return errors::InvalidRequest(
        "Checksum Type mismatch occurred, expected checksum Type: " + upload.checksum_algorithm +
        ", actual checksum Type: " + algorithm);
  }
  BERTH_ASSIGN_OR_RETURN(PartInfo part, call.store.CommitPart(call.sink->TakePending(), upload,
                                                              number, call.sink->checksum_value()));
  Response response;
  response.SetHeader("ETag", Quoted(part.etag));
  if (!algorithm.empty()) {
    response.SetHeader(ChecksumHeader(*ParseChecksumAlgorithm(algorithm)), part.checksum);
  }
  return response;
}

Result<Response> UploadPartCopy(S3Call& call) {
  BERTH_ASSIGN_OR_RETURN(int number, PartNumber(call));
  BERTH_ASSIGN_OR_RETURN(MultipartUpload upload, UploadOf(call));
  std::string source = *call.Header("x-amz-copy-source");
  if (!source.empty() && source.front() == '/') source.erase(0, 1);
  const size_t slash = source.find('/');
  if (slash == std::string::npos) {
    return errors::InvalidArgument(
        "Copy Source must mention the source bucket and key: "
        "sourcebucket/sourcekey");
  }
  auto from_bucket = url::PercentDecode(source.substr(0, slash));
  auto from_key = url::PercentDecode(source.substr(slash + 1));
  if (!from_bucket || !from_key) return errors::InvalidArgument("Invalid copy source encoding");
  BERTH_RETURN_IF_ERROR(call.RequireBucket(*from_bucket));
  BERTH_RETURN_IF_ERROR(call.Authorize("s3:GetObject", S3Arn(*from_bucket, *from_key)));
  std::optional<ByteRange> range;
  if (const std::string* header = call.Header("x-amz-copy-source-range")) {
    // "bytes=first-last", both given (S3 accepts no other form here).
    const RangeRequest parsed = ParseRange(*header, UINT64_MAX);
    if (parsed.kind != RangeKind::kPartial || header->back() == '-' ||
        header->find("=-") != std::string::npos) {
      return errors::InvalidArgument(
          "The x-amz-copy-source-range value must be of the form "
          "bytes=first-last where first and last are the zero-based "
          "offsets of the first and last bytes to copy");
    }
    range = parsed.range;
  }
  BERTH_ASSIGN_OR_RETURN(PartInfo part,
                         call.store.CopyPart(upload, number, *from_bucket, *from_key, range));
  XmlWriter xml("CopyPartResult");
  xml.Element("ETag", Quoted(part.etag)).Time("LastModified", part.last_modified);
  return XmlResponse(xml.Finish());
}

Result<Response> CompleteMultipartUpload(S3Call& call) {
  BERTH_ASSIGN_OR_RETURN(MultipartUpload upload, UploadOf(call));
  BERTH_ASSIGN_OR_RETURN(auto parts, ListedParts(call.request.body, upload.checksum_algorithm));
  BERTH_ASSIGN_OR_RETURN(ObjectInfo info, call.store.CompleteUpload(upload, parts));
  const std::string* host = call.Header("host");
  XmlWriter xml("CompleteMultipartUploadResult");
  xml.Element("Location", "http://" + (host ? *host : std::string("localhost")) + "/" +
                              upload.bucket + "/" + url::UriEncode(upload.key, false))
      .Element("Bucket", upload.bucket)
      .Element("Key", upload.key)
      .Element("ETag", Quoted(info.etag));
  if (!info.checksum.empty()) {
    xml.Element("Checksum" + info.checksum_algorithm, info.checksum)
        .Element("ChecksumType", "COMPOSITE");
  }
  return XmlResponse(xml.Finish());
}

Result<Response> AbortMultipartUpload(S3Call& call) {
  BERTH_ASSIGN_OR_RETURN(MultipartUpload upload, UploadOf(call));
  BERTH_RETURN_IF_ERROR(call.store.AbortUpload(upload));
  Response response;
  response.status = 204;
  return response;
}

}  // namespace berth::services::s3
