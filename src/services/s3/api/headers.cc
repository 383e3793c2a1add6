#include "services/s3/api/headers.h"

#include <charconv>

#include "core/crypto.h"
#include "services/s3/model/errors.h"
#include "services/s3/model/http_date.h"

namespace berth::services::s3 {
namespace {

constexpr std::string_view kMetaPrefix = "x-amz-meta-";
constexpr std::string_view kChecksumPrefix = "x-amz-checksum-";
constexpr const char* kStoredHeaders[] = {"content-encoding", "content-disposition",
                                          "content-language", "cache-control", "expires"};
// What aws-chunked adds to Content-Encoding, and S3 strips before storing it.
constexpr std::string_view kAwsChunked = "aws-chunked";

std::optional<uint64_t> Decimal(const std::string* text) {
  if (text == nullptr || text->empty()) return std::nullopt;
  uint64_t v = 0;
  auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec != std::errc() || ptr != text->data() + text->size()) return std::nullopt;
  return v;
}

std::string WithoutAwsChunked(std::string_view encoding) {
  std::string out;
  for (std::string_view item : HeaderList(encoding)) {
    if (item == kAwsChunked) continue;
    if (!out.empty()) out.append(",");
    out.append(item);
  }
  return out;
}

// The one x-amz-checksum-<algorithm> header of the request, if any.
Result<std::optional<std::pair<ChecksumAlgorithm, std::string>>> ChecksumHeaderOf(
    const RequestHead& head) {
  std::optional<std::pair<ChecksumAlgorithm, std::string>> found;
  for (const auto& h : head.headers) {
    if (h.name.rfind(kChecksumPrefix, 0) != 0 || h.name == "x-amz-checksum-mode" ||
        h.name == "x-amz-checksum-algorithm" || h.name == "x-amz-checksum-type") {
      continue;
    }
    auto algorithm = ParseChecksumAlgorithm(h.name.substr(kChecksumPrefix.size()));
    if (!algorithm) return errors::InvalidRequest("Unsupported checksum header " + h.name);
    if (found) return errors::InvalidRequest("Expecting a single x-amz-checksum- header");
    found.emplace(*algorithm, h.value);
  }
  return found;
}

}  // namespace

std::string Quoted(std::string_view etag) { return "\"" + std::string(etag) + "\""; }

std::vector<std::string_view> HeaderList(std::string_view list) {
  std::vector<std::string_view> items;
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string_view::npos) comma = list.size();
    std::string_view item = list.substr(start, comma - start);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) items.push_back(item);
    start = comma + 1;
  }
  return items;
}

Result<std::string> ReadStorageClass(const RequestHead& head) {
  const std::string* asked = head.Find(kStorageClassHeader);
  if (asked == nullptr || *asked == "STANDARD") return std::string();
  // botocore's StorageClass enum; berth keeps every object on its one disk, whatever it is
  // called, and says back what was asked.
  for (std::string_view known : {"REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA",
                                 "INTELLIGENT_TIERING", "GLACIER", "DEEP_ARCHIVE", "OUTPOSTS",
                                 "GLACIER_IR", "SNOW", "EXPRESS_ONEZONE", "FSX_OPENZFS"}) {
    if (*asked == known) return *asked;
  }
  return Error{"InvalidStorageClass", "The storage class you specified is not valid", 400};
}

void SetStorageClass(ObjectWrite& how, const std::string& storage_class) {
  if (storage_class.empty()) {
    how.headers.erase(std::string(kStorageClassHeader));
  } else {
    how.headers[std::string(kStorageClassHeader)] = storage_class;
  }
}

std::string StorageClassOf(const std::map<std::string, std::string>& headers) {
  auto it = headers.find(std::string(kStorageClassHeader));
  return it == headers.end() ? "STANDARD" : it->second;
}

Result<ObjectWrite> ReadObjectWrite(const RequestHead& head) {
  // Tags are not kept; a write asking for some is refused rather than silently untagged.
  if (head.Find("x-amz-tagging") != nullptr) return errors::NotImplemented();
  const std::string* tagging = head.Find("x-amz-tagging-directive");
  if (tagging != nullptr && *tagging == "REPLACE") return errors::NotImplemented();
  ObjectWrite how;
  const std::string* type = head.Find("content-type");
  how.content_type = type != nullptr && !type->empty() ? *type : "binary/octet-stream";
  size_t metadata_bytes = 0;
  for (const auto& h : head.headers) {
    if (h.name.rfind(kMetaPrefix, 0) != 0) continue;
    std::string name = h.name.substr(kMetaPrefix.size());
    metadata_bytes += name.size() + h.value.size();
    auto [it, fresh] = how.metadata.emplace(std::move(name), h.value);
    if (!fresh) it->second += "," + h.value;  // a repeated header is one list-valued header
  }
  if (metadata_bytes > kMaxMetadataBytes) return errors::MetadataTooLarge();
  BERTH_ASSIGN_OR_RETURN(std::string storage_class, ReadStorageClass(head));
  SetStorageClass(how, storage_class);
  for (const char* name : kStoredHeaders) {
    const std::string* value = head.Find(name);
    if (value == nullptr) continue;
    std::string stored =
        std::string(name) == "content-encoding" ? WithoutAwsChunked(*value) : *value;
    if (!stored.empty()) how.headers.emplace(name, std::move(stored));
  }
  return how;
}

Result<BodyExpectations> ReadBodyExpectations(const RequestHead& head, bool aws_chunked) {
  BodyExpectations expect;
  auto length = Decimal(head.Find(aws_chunked ? "x-amz-decoded-content-length" : "content-length"));
  if (!length) return errors::MissingContentLength();
  if (*length > kMaxObjectBytes) return errors::EntityTooLarge(kMaxObjectBytes);
  expect.length = *length;

  if (const std::string* md5 = head.Find("content-md5")) {
    auto raw = crypto::Base64Decode(*md5);
    if (!raw || raw->size() != 16) return errors::InvalidDigest();
    expect.content_md5 = *md5;
  }
  BERTH_ASSIGN_OR_RETURN(auto header, ChecksumHeaderOf(head));
  if (header) {
    expect.checksum = header->first;
    expect.checksum_value = header->second;
  } else if (const std::string* trailer = head.Find("x-amz-trailer")) {
    if (!aws_chunked || trailer->rfind(kChecksumPrefix, 0) != 0) {
      return errors::InvalidRequest("Unsupported x-amz-trailer: " + *trailer);
    }
    auto algorithm = ParseChecksumAlgorithm(trailer->substr(kChecksumPrefix.size()));
    if (!algorithm) return errors::InvalidRequest("Unsupported x-amz-trailer: " + *trailer);
    expect.checksum = algorithm;
  }
  return expect;
}

Status CheckBodyDigests(const RequestHead& head, std::string_view body) {
  if (const std::string* md5 = head.Find("content-md5")) {
    auto raw = crypto::Base64Decode(*md5);
    if (!raw || raw->size() != 16) return errors::InvalidDigest();
    auto actual = crypto::HexDecode(Md5Hex(body));
    if (!actual || *actual != *raw) {
      return errors::BadDigest("The Content-MD5 you specified did not match what we received.");
    }
  }
  BERTH_ASSIGN_OR_RETURN(auto header, ChecksumHeaderOf(head));
  if (header) {
    Checksum sum(header->first);
    sum.Update(body);
    if (sum.Base64() != header->second) {
      return errors::BadDigest("The " + std::string(ChecksumName(header->first)) +
                               " you specified did not match the calculated checksum.");
    }
  }
  return Ok();
}

void WriteObjectHeaders(const ObjectInfo& info, bool with_checksum, Response& response) {
  response.SetHeader("ETag", Quoted(info.etag));
  response.SetHeader("Last-Modified", HttpDate(info.last_modified));
  response.SetHeader("Content-Type", info.how.content_type);
  response.SetHeader("Accept-Ranges", "bytes");
  for (const auto& [name, value] : info.how.headers) response.SetHeader(name, value);
  for (const auto& [name, value] : info.how.metadata) {
    response.SetHeader(std::string(kMetaPrefix) + name, value);
  }
  if (info.parts > 0) response.SetHeader("x-amz-mp-parts-count", std::to_string(info.parts));
  if (with_checksum && !info.checksum.empty()) {
    auto algorithm = ParseChecksumAlgorithm(info.checksum_algorithm);
    if (algorithm) {
      response.SetHeader(ChecksumHeader(*algorithm), info.checksum);
      response.SetHeader("x-amz-checksum-type", info.parts > 0 ? "COMPOSITE" : "FULL_OBJECT");
    }
  }
}

}  // namespace berth::services::s3
