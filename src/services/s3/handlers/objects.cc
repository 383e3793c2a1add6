// GetObject and HeadObject, PutObject, DeleteObject, DeleteObjects, CopyObject.
#include <algorithm>
#include <cctype>
#include <fstream>

#include "core/url.h"
#include "services/s3/api/headers.h"
#include "services/s3/api/xml.h"
#include "services/s3/handlers/handlers.h"
#include "services/s3/model/errors.h"
#include "services/s3/model/http_date.h"
#include "services/s3/model/names.h"
#include "services/s3/model/range.h"

namespace berth::services::s3 {
namespace {

constexpr size_t kMaxDeleteKeys = 1000;

// The response-* query parameters of a GET that override the stored headers.
constexpr std::pair<std::string_view, std::string_view> kOverrides[] = {
    {"response-content-type", "Content-Type"},
    {"response-content-language", "Content-Language"},
    {"response-expires", "Expires"},
    {"response-cache-control", "Cache-Control"},
    {"response-content-disposition", "Content-Disposition"},
    {"response-content-encoding", "Content-Encoding"},
};

enum class Precondition { kProceed, kNotModified, kFailed };

// True when the If-Match / If-None-Match list names this ETag ("*" names any).
bool EtagListMatches(std::string_view list, std::string_view etag) {
  for (std::string_view item : HeaderList(list)) {
    if (item.substr(0, 2) == "W/") item.remove_prefix(2);
    if (item == "*" || item == Quoted(etag) || item == etag) return true;
  }
  return false;
}

// RFC 9110's order: If-Match, else If-Unmodified-Since; then If-None-Match, else
// If-Modified-Since. `prefix` is "if-" for a GET and "x-amz-copy-source-if-" for a copy.
Precondition Evaluate(const RequestHead& head, std::string_view prefix, const ObjectInfo& info,
                      std::string* failed) {
  auto header = [&](std::string_view name) {
    return head.Find(std::string(prefix) + std::string(name));
  };
  if (const std::string* match = header("match")) {
    if (!EtagListMatches(*match, info.etag)) {
      *failed = "If-Match";
      return Precondition::kFailed;
    }
  } else if (const std::string* since = header("unmodified-since")) {
    auto t = ParseHttpDate(*since);
    if (t && info.last_modified > *t) {
      *failed = "If-Unmodified-Since";
      return Precondition::kFailed;
    }
  }
  if (const std::string* none = header("none-match")) {
    if (EtagListMatches(*none, info.etag)) return Precondition::kNotModified;
  } else if (const std::string* since = header("modified-since")) {
    auto t = ParseHttpDate(*since);
    if (t && info.last_modified <= *t) return Precondition::kNotModified;
  }
  return Precondition::kProceed;
}

// "/bucket/key" or "bucket/key", URL-encoded, maybe with "?versionId=…".
Result<std::pair<std::string, std::string>> CopySource(const std::string& header) {
  std::string_view source = header;
  const size_t question = source.find('?');
  if (question != std::string_view::npos) {
    const std::string_view version = source.substr(question + 1);
    if (version != "versionId=null" && version.substr(0, 10) == "versionId=") {
      return errors::InvalidArgument("berth keeps no object versions: " + std::string(version));
    }
    source = source.substr(0, question);
  }
  auto decoded = url::PercentDecode(source);
  if (!decoded) return errors::InvalidArgument("Invalid copy source encoding");
  std::string_view path = *decoded;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  const size_t slash = path.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == path.size()) {
    return errors::InvalidArgument(
        "Copy Source must mention the source bucket and key: "
        "sourcebucket/sourcekey");
  }
  return std::make_pair(std::string(path.substr(0, slash)), std::string(path.substr(slash + 1)));
}

// The flexible checksum of `file`'s bytes. Errors: InternalError when it cannot be read.
Result<std::string> ChecksumOfFile(const FileRange& file, ChecksumAlgorithm algorithm) {
  std::ifstream in(file.path, std::ios::binary);
  if (!in) return errors::InternalError("cannot open " + file.path);
  in.seekg(static_cast<std::streamoff>(file.offset));
  Checksum sum(algorithm);
  std::string buffer(1 << 20, '\0');
  uint64_t left = file.length;
  while (left > 0) {
    const auto want = static_cast<std::streamsize>(std::min<uint64_t>(left, buffer.size()));
    in.read(buffer.data(), want);
    if (in.gcount() != want) return errors::InternalError("cannot read " + file.path);
    sum.Update(std::string_view(buffer.data(), static_cast<size_t>(want)));
    left -= static_cast<uint64_t>(want);
  }
  return sum.Base64();
}

// The checksum a CopyObject gives its copy, as S3 does: the algorithm x-amz-checksum-algorithm
// names, computed over the bytes; else the source's own (a single-part source's value is
// carried over as it is; a multipart source's composite value is no checksum of the copy, so
// the copy gets the full-object value of the same algorithm). nullopt: no checksum.
Result<std::optional<BucketStore::ChecksumValue>> CopyChecksum(const S3Call& call,
                                                               const StoredObject& source) {
  std::optional<ChecksumAlgorithm> algorithm;
  if (const std::string* asked = call.Header("x-amz-checksum-algorithm")) {
    algorithm = ParseChecksumAlgorithm(*asked);
    if (!algorithm) return errors::InvalidRequest("Checksum algorithm provided is unsupported.");
  } else if (!source.info.checksum_algorithm.empty()) {
    algorithm = ParseChecksumAlgorithm(source.info.checksum_algorithm);
  }
  if (!algorithm) return std::optional<BucketStore::ChecksumValue>();
  const std::string name(ChecksumName(*algorithm));
  if (source.info.parts == 0 && source.info.checksum_algorithm == name &&
      !source.info.checksum.empty()) {
    return std::optional<BucketStore::ChecksumValue>({name, source.info.checksum});
  }
  BERTH_ASSIGN_OR_RETURN(std::string value, ChecksumOfFile(source.file, *algorithm));
  return std::optional<BucketStore::ChecksumValue>({name, std::move(value)});
}

}  // namespace

Result<Response> GetObject(S3Call& call) {
  const RequestHead& head = call.head();
  BERTH_ASSIGN_OR_RETURN(auto found, call.store.GetObject(call.target.bucket, call.target.key));
  if (!found) {
    call.details = {{"Key", call.target.key}};
    return errors::NoSuchKey();
  }
  const ObjectInfo& info = found->info;
  if (auto part = call.target.Query("partNumber"); part && (*part != "1" || info.parts > 0)) {
    return errors::NotImplemented();
  }
  std::string failed;
  const Precondition precondition = Evaluate(head, "if-", info, &failed);
  if (precondition == Precondition::kFailed) {
    call.details = {{"Condition", failed}};
    return errors::PreconditionFailed(failed);
  }
  Response response;
  if (precondition == Precondition::kNotModified) {
    response.status = 304;
    response.SetHeader("ETag", Quoted(info.etag));
    response.SetHeader("Last-Modified", HttpDate(info.last_modified));
    return response;
  }
  FileRange file = found->file;
  bool partial = false;
  if (const std::string* range = head.Find("range")) {
    const RangeRequest request = ParseRange(*range, info.size);
    if (request.kind == RangeKind::kUnsatisfiable) {
      call.details = {{"RangeRequested", *range}, {"ActualObjectSize", std::to_string(info.size)}};
      return errors::InvalidRange();
    }
    if (request.kind == RangeKind::kPartial) {
      partial = true;
      file.offset = request.range.first;
      file.length = request.range.length;
      response.status = 206;
      response.SetHeader("Content-Range", "bytes " + std::to_string(file.offset) + "-" +
                                              std::to_string(file.offset + file.length - 1) + "/" +
                                              std::to_string(info.size));
    }
  }
  const std::string* mode = head.Find("x-amz-checksum-mode");
  ObjectInfo shown = info;
  for (const auto& [param, header] : kOverrides) {
    auto value = call.target.Query(param);
    if (!value) continue;
    std::string lower(header);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == "content-type") {
      shown.how.content_type = *value;
    } else {
      shown.how.headers[lower] = *value;
    }
  }
  WriteObjectHeaders(shown, mode != nullptr && *mode == "ENABLED" && !partial, response);
  response.file = std::move(file);
  return response;
}

Result<Response> PutObject(S3Call& call) {
  BERTH_RETURN_IF_ERROR(call.sink->Finish());
  BERTH_ASSIGN_OR_RETURN(ObjectWrite how, ReadObjectWrite(call.head()));
  if (const std::string* none = call.Header("if-none-match")) {
    // A conditional write: only when the key is free.
    if (*none != "*") return errors::NotImplemented();
    BERTH_ASSIGN_OR_RETURN(auto existing,
                           call.store.GetObject(call.target.bucket, call.target.key));
    if (existing) {
      call.details = {{"Condition", "If-None-Match"}};
      return errors::PreconditionFailed("If-None-Match");
    }
  }
  const std::string algorithm = call.sink->checksum_algorithm();
  BERTH_ASSIGN_OR_RETURN(ObjectInfo info,
                         call.store.CommitObject(call.sink->TakePending(), call.target.key, how,
                                                 algorithm, call.sink->checksum_value()));
  Response response;
  response.SetHeader("ETag", Quoted(info.etag));
  if (!algorithm.empty()) {
    response.SetHeader(ChecksumHeader(*ParseChecksumAlgorithm(algorithm)), info.checksum);
    response.SetHeader("x-amz-checksum-type", "FULL_OBJECT");
  }
  return response;
}

Result<Response> DeleteObject(S3Call& call) {
  BERTH_RETURN_IF_ERROR(call.store.DeleteObject(call.target.bucket, call.target.key));
  Response response;
  response.status = 204;
  return response;
}

Result<Response> DeleteObjects(S3Call& call) {
  const std::string& body = call.request.body;
  if (call.Header("content-md5") == nullptr) {
    bool has_checksum = false;
    for (const auto& h : call.head().headers) {
      has_checksum = has_checksum ||
                     (h.name.rfind("x-amz-checksum-", 0) == 0 && h.name != "x-amz-checksum-mode");
    }
    if (!has_checksum) {
      return errors::InvalidRequest("Missing required header for this request: Content-MD5");
    }
  }
  BERTH_RETURN_IF_ERROR(CheckBodyDigests(call.head(), body));
  BERTH_ASSIGN_OR_RETURN(XmlElement root, ParseXml(body));
  if (root.name != "Delete") return errors::MalformedXML();
  const XmlElement* quiet_element = root.Child("Quiet");
  const bool quiet = quiet_element != nullptr && quiet_element->text == "true";

  struct Outcome {
    std::string key;
    std::optional<Error> error;
  };
  std::vector<Outcome> outcomes;
  std::vector<std::string> keys;
  for (const auto& object : root.children) {
    if (object.name != "Object") continue;
    const XmlElement* key = object.Child("Key");
    if (key == nullptr) return errors::MalformedXML();
    Outcome outcome{key->text, std::nullopt};
    const XmlElement* version = object.Child("VersionId");
    if (Status valid = ValidateKey(key->text); !valid.ok()) {
      outcome.error = valid.error();
    } else if (version != nullptr && version->text != "null") {
      outcome.error = Error{"NoSuchVersion", "The specified version does not exist.", 404};
    } else if (!call.Authorize("s3:DeleteObject", S3Arn(call.target.bucket, key->text)).ok()) {
      // S3 reports a refused key in the result, worded briefly, and deletes the others.
      outcome.error = errors::AccessDenied();
    } else {
      keys.push_back(key->text);
    }
    outcomes.push_back(std::move(outcome));
  }
  if (outcomes.empty() || outcomes.size() > kMaxDeleteKeys) return errors::MalformedXML();
  BERTH_RETURN_IF_ERROR(call.store.DeleteObjects(call.target.bucket, keys));

  XmlWriter xml("DeleteResult");
  for (const auto& outcome : outcomes) {
    if (outcome.error) {
      xml.Open("Error")
          .Element("Key", outcome.key)
          .Element("Code", outcome.error->code)
          .Element("Message", outcome.error->message)
          .Close("Error");
    } else if (!quiet) {
      xml.Open("Deleted").Element("Key", outcome.key).Close("Deleted");
    }
  }
  return XmlResponse(xml.Finish());
}

Result<Response> GetObjectTagging(S3Call& call) {
  BERTH_ASSIGN_OR_RETURN(auto found, call.store.GetObject(call.target.bucket, call.target.key));
  if (!found) return errors::NoSuchKey();
  XmlWriter xml("Tagging");
  xml.Open("TagSet").Close("TagSet");
  return XmlResponse(xml.Finish());
}

Result<Response> CopyObject(S3Call& call) {
  BERTH_ASSIGN_OR_RETURN(auto source, CopySource(*call.Header("x-amz-copy-source")));
  const auto& [from_bucket, from_key] = source;
  BERTH_RETURN_IF_ERROR(ValidateKey(call.target.key));
  BERTH_RETURN_IF_ERROR(call.RequireBucket(from_bucket));
  // The call was authorized as s3:PutObject on the destination; reading the source is
  // s3:GetObject on it, as S3 checks.
  BERTH_RETURN_IF_ERROR(call.Authorize("s3:GetObject", S3Arn(from_bucket, from_key)));
  const std::string* directive_header = call.Header("x-amz-metadata-directive");
  const std::string directive = directive_header ? *directive_header : "COPY";
  if (directive != "COPY" && directive != "REPLACE") {
    call.details = {{"ArgumentName", "x-amz-metadata-directive"}, {"ArgumentValue", directive}};
    return errors::InvalidArgument("Unknown metadata directive.");
  }
  BERTH_ASSIGN_OR_RETURN(const std::string storage_class, ReadStorageClass(call.head()));
  if (from_bucket == call.target.bucket && from_key == call.target.key && directive == "COPY" &&
      call.Header(kStorageClassHeader) == nullptr) {
    return errors::InvalidRequest(
        "This copy request is illegal because it is trying to copy an object to itself without "
        "changing the object's metadata, storage class, website redirect location or "
        "encryption attributes.");
  }
  BERTH_ASSIGN_OR_RETURN(auto found, call.store.GetObject(from_bucket, from_key));
  if (!found) {
    call.details = {{"Key", from_key}};
    return errors::NoSuchKey();
  }
  if (found->info.size > kMaxObjectBytes) {
    return errors::InvalidRequest(
        "The specified copy source is larger than the maximum "
        "allowable size for a copy source: " +
        std::to_string(kMaxObjectBytes));
  }
  std::string failed;
  if (Evaluate(call.head(), "x-amz-copy-source-if-", found->info, &failed) !=
      Precondition::kProceed) {
    if (failed.empty()) failed = "x-amz-copy-source-If-None-Match";
    call.details = {{"Condition", failed}};
    return errors::PreconditionFailed(failed);
  }
  // The copy's storage class is the request's (STANDARD when it names none), never the
  // source's, whichever metadata directive.
  ObjectWrite how = found->info.how;
  if (directive == "REPLACE") {
    BERTH_ASSIGN_OR_RETURN(how, ReadObjectWrite(call.head()));
  }
  SetStorageClass(how, storage_class);
  BERTH_ASSIGN_OR_RETURN(auto checksum, CopyChecksum(call, *found));
  BERTH_ASSIGN_OR_RETURN(ObjectInfo info,
                         call.store.CopyObject(from_bucket, from_key, call.target.bucket,
                                               call.target.key, how, checksum));
  XmlWriter xml("CopyObjectResult");
  xml.Element("ETag", Quoted(info.etag)).Time("LastModified", info.last_modified);
  if (!info.checksum.empty()) {
    xml.Element("ChecksumType", "FULL_OBJECT")
        .Element("Checksum" + info.checksum_algorithm, info.checksum);
  }
  return XmlResponse(xml.Finish());
}

}  // namespace berth::services::s3
